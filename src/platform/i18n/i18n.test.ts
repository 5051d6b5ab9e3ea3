import { describe, expect, test } from 'vitest'
import { de, en } from '../../messages.js'
import { formatDate, formatDateTime, negotiateLocale, translator } from './index.js'

function leaves(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix]
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    leaves(v, prefix ? `${prefix}.${k}` : k),
  )
}

describe('i18n', () => {
  test('German and English have exactly the same keys, none empty', () => {
    expect(leaves(en).sort()).toEqual(leaves(de).sort())
    for (const key of leaves(en)) expect(translator('en')(key as never).length).toBeGreaterThan(0)
  })

  test('dates and times are written as people write them, in Berlin time whatever the server runs in', () => {
    // 23:30 UTC on 14 August is 01:30 on 15 August in Berlin (summer time).
    const lateNight = new Date('2026-08-14T23:30:00Z')
    expect(formatDateTime('de', lateNight)).toBe('15.08.2026 01:30')
    expect(formatDateTime('en', lateNight)).toBe('15 Aug 2026 01:30')
    expect(formatDate('de', lateNight)).toBe('15.08.2026')
    expect(formatDate('de', '2026-12-05')).toBe('05.12.2026')
    expect(formatDateTime('de', null)).toBe('')
  })

  test('placeholders are filled in', () => {
    expect(translator('de')('common.form.tooShort', { min: 12 })).toBe('Zu kurz: mindestens 12 Zeichen.')
  })

  test('the gender mark is configuration', () => {
    expect(translator('de', '*')('orgUnits.page.population')).toBe('Einwohner*innen')
    expect(translator('de', ':')('orgUnits.page.population')).toBe('Einwohner:innen')
  })

  test('the browser language is honoured, German otherwise', () => {
    expect(negotiateLocale('en-GB,en;q=0.9', 'de')).toBe('en')
    expect(negotiateLocale('fr-FR', 'de')).toBe('de')
    expect(negotiateLocale(undefined, 'de')).toBe('de')
  })
})
