import { describe, expect, test } from 'vitest'
import type { Actor, Grant, Role } from '../../platform/auth/actor.js'
import { administeredFederationId, can } from './policy.js'

const actor = (...grants: [Role, string][]): Actor => ({
  userId: 'u',
  sessionId: 's',
  email: 'a@example.org',
  displayName: 'A',
  memberId: null,
  homeUnitId: null,
  grants: grants.map(([role, unitPath]): Grant => ({ role, unitPath, unitId: unitPath })),
})

const federation = { kind: 'federal', path: '/f/' } as const
const state = { kind: 'state', path: '/f/s/' } as const

describe('members.import: an admin of the federation itself', () => {
  test.each([
    ['nobody logged in', undefined, false],
    ['an admin of the federation', actor(['admin', '/f/']), true],
    ['an admin of a state', actor(['admin', '/f/s/']), false],
    ['the federal office', actor(['federal_office', '/f/']), false],
    ['an admin of another federation', actor(['admin', '/g/']), false],
  ] as const)('%s', (_who, a, allowed) => {
    expect(can(a, 'members.import', { federation })).toBe(allowed)
  })

  test('never into a unit below the root, never without a federation', () => {
    const admin = actor(['admin', '/f/'])
    expect(can(admin, 'members.import', { federation: state })).toBe(false)
    expect(can(admin, 'members.import', { federation: undefined })).toBe(false)
  })

  test('the federation an actor administers is the one of an admin grant at the root', () => {
    expect(administeredFederationId(actor(['admin', '/f/']))).toBe('/f/')
    expect(administeredFederationId(actor(['admin', '/f/s/']))).toBeUndefined()
    expect(administeredFederationId(actor(['federal_office', '/f/']))).toBeUndefined()
    expect(administeredFederationId(undefined)).toBeUndefined()
  })
})
