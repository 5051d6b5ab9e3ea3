import { describe, expect, test } from 'vitest'
import type { Actor, Grant } from '../../platform/auth/actor.js'
import { NewPasswordInput } from './input.js'
import { isGuessablePassword } from './password-strength.js'
import { authorize, can } from './policy.js'

const actor = (grants: Grant[]): Actor => ({
  userId: 'u1',
  sessionId: 's1',
  email: 'a@example.org',
  displayName: 'A',
  memberId: null,
  homeUnitId: null,
  grants,
})
const onFederation: Grant = { role: 'admin', unitId: 'f', unitPath: '/f/' }
const onState: Grant = { role: 'admin', unitId: 's', unitPath: '/f/s/' }
const federalOffice: Grant = { role: 'federal_office', unitId: 'f', unitPath: '/f/' }

describe('account policy', () => {
  test.each([
    ['an admin of the federation', [onFederation], true],
    ['an admin of one state', [onState], false],
    ['the federal office', [federalOffice], false],
    ['someone without roles', [], false],
  ] as const)('%s may manage accounts and the mail queue: %s', (_who, grants, allowed) => {
    const a = actor([...grants])
    expect(can(a, 'account.list', {})).toBe(allowed)
    expect(can(a, 'account.deactivate', { userId: 'u2' })).toBe(allowed)
    expect(can(a, 'account.reactivate', {})).toBe(allowed)
    expect(can(a, 'account.resetSecondFactor', { userId: 'u2' })).toBe(allowed)
    expect(can(a, 'mail.queue', {})).toBe(allowed)
  })

  test('nobody deactivates their own account or removes their own second factor this way', () => {
    expect(can(actor([onFederation]), 'account.deactivate', { userId: 'u1' })).toBe(false)
    expect(can(actor([onFederation]), 'account.resetSecondFactor', { userId: 'u1' })).toBe(false)
  })

  test('who sets up a second factor: whoever holds a role from coordinator up, also while it is held back', () => {
    const member: Grant = { role: 'member', unitId: 'k', unitPath: '/f/s/k/' }
    const coordinator: Grant = { role: 'coordinator', unitId: 'k', unitPath: '/f/s/k/' }
    expect(can(actor([coordinator]), 'secondFactor.enrol', {})).toBe(true)
    expect(can(actor([onState]), 'secondFactor.enrol', {})).toBe(true)
    expect(can(actor([member]), 'secondFactor.enrol', {})).toBe(false)
    expect(can(actor([]), 'secondFactor.enrol', {})).toBe(false)
    const heldBack = {
      ...actor([member]),
      secondFactor: { step: 'enrol' as const, heldBack: ['board' as const] },
    }
    expect(can(heldBack, 'secondFactor.enrol', {})).toBe(true)
    // The active lead of a team that runs holds no role grant but sees other members' data too.
    expect(can({ ...actor([member]), leadsActiveTeam: true }, 'secondFactor.enrol', {})).toBe(true)
    expect(can({ ...actor([member]), leadsActiveTeam: false }, 'secondFactor.enrol', {})).toBe(false)
    expect(() => authorize(actor([member]), 'secondFactor.enrol', {})).toThrow(
      expect.objectContaining({ status: 403, code: 'common.errors.forbidden' }),
    )
  })

  test('a refusal is a 403 naming the action', () => {
    expect(() => authorize(actor([onState]), 'mail.queue', {})).toThrow(
      expect.objectContaining({ status: 403, action: 'mail.queue' }),
    )
    expect(() => authorize(actor([onFederation]), 'mail.queue', {})).not.toThrow()
  })
})

describe('password policy', () => {
  const long = (n: number) => 'Brücken über die Elbe bauen, '.repeat(40).slice(0, n)
  test.each([
    ['short', false],
    ['passwort1234', false],
    ['  Password1234 ', false],
    ['correct horse battery staple', false],
    ['Brücken über die Elbe bauen', true],
    ['Sommer2024', false],
    ['Kreisverband2026', false],
    ['qwertzuiop123', false],
    ['aaaaaaaaaaaaaaaa', false],
    ['ein gemeinsames Postfach', true],
    [long(1024), true],
    [long(1025), false],
    ['x'.repeat(1024), false],
  ])('%s is accepted: %s', (password, ok) => {
    expect(NewPasswordInput.safeParse({ password }).success).toBe(ok)
  })

  test('guessable passwords are recognised whatever their case and surrounding spaces', () => {
    for (const p of [
      'PASSWORT123456',
      'passwort123456',
      '  Passwort123456  ',
      'Correct Horse Battery Staple',
    ])
      expect(isGuessablePassword(p), p).toBe(true)
    expect(isGuessablePassword('a rather unusual sentence')).toBe(false)
  })
})
