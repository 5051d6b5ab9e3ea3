import { describe, expect, test } from 'vitest'
import type { Actor, Role } from '../../platform/auth/actor.js'
import { auditScope, can } from './policy.js'

function actor(...grants: [Role, string][]): Actor {
  return {
    userId: 'u',
    sessionId: 's',
    email: 'a@example.org',
    displayName: 'A',
    memberId: null,
    homeUnitId: null,
    grants: grants.map(([role, unitPath]) => ({ role, unitPath, unitId: unitPath })),
  }
}

describe('audit.view', () => {
  test.each([
    ['nobody logged in', undefined, false],
    ['the federal office', actor(['federal_office', '/f/']), false],
    ['the board of a district', actor(['board', '/f/s/d/']), false],
    ['an admin of a district', actor(['admin', '/f/s/d/']), true],
    ['an admin of the federation', actor(['admin', '/f/']), true],
  ] as const)('%s → %s', (_who, a, allowed) => {
    expect(can(a, 'audit.view')).toBe(allowed)
  })
})

describe('auditScope', () => {
  test('an admin of the federation reads everything', () => {
    expect(auditScope(actor(['admin', '/f/']))).toEqual({ all: true, paths: ['/f/'] })
  })

  test('an admin of a state reads that state only; other roles widen nothing', () => {
    expect(auditScope(actor(['admin', '/f/s/'], ['federal_office', '/f/']))).toEqual({
      all: false,
      paths: ['/f/s/'],
    })
  })
})
