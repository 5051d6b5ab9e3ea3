import { describe, expect, test } from 'vitest'
import { ClauseInput } from '../domains/agreements/input.js'
import { WelcomeTextInput } from '../domains/onboarding/input.js'
import { demoPlaybookEntries } from './playbook.js'

const templates = (target: string) => demoPlaybookEntries.filter((e) => e.templateFor === target)

describe('the demo templates fill their forms with what the forms accept', () => {
  test('the welcome-mail template uses only the placeholders the welcome e-mail knows', () => {
    expect(templates('welcome_mail')).not.toHaveLength(0)
    for (const e of templates('welcome_mail')) {
      const parsed = WelcomeTextInput.safeParse(e.templateFields)
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
    }
    // What the form refuses: a name in braces it does not fill.
    expect(WelcomeTextInput.safeParse({ subject: 'Hallo', body: 'Hallo {Vorname}' }).success).toBe(false)
  })

  test('the agreement template is a clause the agreement form accepts', () => {
    expect(templates('agreement')).not.toHaveLength(0)
    for (const e of templates('agreement')) {
      const clause = { type: 'text', title: 'Präambel', body: e.templateFields?.preamble }
      expect(ClauseInput.safeParse(clause).success).toBe(true)
    }
  })
})
