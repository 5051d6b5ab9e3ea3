import { describe, expect, test } from 'vitest'
import type { Actor, Role } from '../../platform/auth/actor.js'
import { abilities, auditScope, can } from './policy.js'

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

describe('audit.view and audit.verify', () => {
  test.each([
    ['nobody logged in', undefined, false, false],
    ['the federal office', actor(['federal_office', '/f/']), false, false],
    ['the board of a district', actor(['board', '/f/s/d/']), false, false],
    ['an admin of a district', actor(['admin', '/f/s/d/']), true, false],
    ['an admin of a state', actor(['admin', '/f/s/']), true, false],
    ['an admin of the federation', actor(['admin', '/f/']), true, true],
  ] as const)('%s: view %s, verify %s', (_who, a, view, verify) => {
    expect(can(a, 'audit.view', {})).toBe(view)
    expect(can(a, 'audit.verify', {})).toBe(verify)
    expect(abilities(a)).toEqual({ verify })
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
