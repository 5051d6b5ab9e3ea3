import { describe, expect, test } from 'vitest'
import type { Actor, Grant, Role } from '../../platform/auth/actor.js'
import { can, grantScope } from './policy.js'

const federal = '/f/'
const state = '/f/s/'
const district = '/f/s/d/'
const neighbour = '/f/s/n/'
const local = '/f/s/d/l/'

function actor(...grants: [Role, string][]): Actor {
  return {
    userId: 'u',
    sessionId: 's',
    email: 'a@example.org',
    displayName: 'A',
    memberId: null,
    homeUnitId: null,
    grants: grants.map(([role, unitPath]): Grant => ({ role, unitPath, unitId: unitPath })),
  }
}

describe('unit.listMembers on a district', () => {
  test.each([
    ['nobody logged in', undefined, false],
    ['a member of the district', actor(['member', district]), false],
    ['a coordinator of the district', actor(['coordinator', district]), false],
    ['the board of the district', actor(['board', district]), true],
    ['the board of a neighbouring district', actor(['board', neighbour]), false],
    ['the board of a local group inside it', actor(['board', local]), false],
    ['the state office above it', actor(['state_office', state]), true],
    ['the federal office', actor(['federal_office', federal]), true],
    ['an admin of the federation', actor(['admin', federal]), true],
  ] as const)('%s → %s', (_who, a, allowed) => {
    expect(can(a, 'unit.listMembers', { unit: { path: district } })).toBe(allowed)
  })
})

describe('unit.grantRoles on a district', () => {
  test.each([
    ['nobody logged in', undefined, false],
    ['the board of the district', actor(['board', district]), false],
    ['the federal office', actor(['federal_office', federal]), false],
    ['an admin of the district itself', actor(['admin', district]), true],
    ['an admin of the state above it', actor(['admin', state]), true],
    ['an admin of the federation', actor(['admin', federal]), true],
    ['an admin of a neighbouring district', actor(['admin', neighbour]), false],
    ['an admin of a local group below it', actor(['admin', local]), false],
  ] as const)('%s → %s', (_who, a, allowed) => {
    expect(can(a, 'unit.grantRoles', { unit: { path: district } })).toBe(allowed)
  })
})

describe('unit.view', () => {
  test('a unit page is public', () => {
    expect(can(undefined, 'unit.view', { unit: { path: district } })).toBe(true)
  })
})

describe('grantScope', () => {
  test('is the subtrees of the admin grants only', () => {
    expect(grantScope(actor(['admin', state], ['board', neighbour], ['admin', local]))).toEqual([
      state,
      local,
    ])
    expect(grantScope(actor(['federal_office', federal]))).toEqual([])
    expect(grantScope(undefined)).toEqual([])
  })
})

describe('keeping units: maintain, create below, open the maintenance page', () => {
  const units = {
    state: { path: state, kind: 'state' },
    district: { path: district, kind: 'district' },
    local: { path: local, kind: 'local' },
  } as const
  const people: [string, Actor | undefined][] = [
    ['nobody logged in', undefined],
    ['the board of the district', actor(['board', district])],
    ['the state office', actor(['state_office', state])],
    ['the federal office', actor(['federal_office', federal])],
    ['an admin of the federation', actor(['admin', federal])],
  ]
  const Y = true
  const N = false
  // per unit (state, district, local group): maintain | create below | open maintenance
  const table: Record<string, boolean[]> = {
    'nobody logged in': [N, N, N, N, N, N, N, N, N],
    'the board of the district': [N, N, N, N, Y, Y, Y, N, Y],
    'the state office': [N, Y, Y, Y, Y, Y, Y, N, Y],
    'the federal office': [Y, Y, Y, Y, Y, Y, Y, N, Y],
    'an admin of the federation': [Y, Y, Y, Y, Y, Y, Y, N, Y],
  }
  for (const [who, a] of people) {
    test(who, () => {
      const got = Object.values(units).flatMap((unit) => [
        can(a, 'unit.maintain', { unit }),
        can(a, 'unit.createChild', { unit }),
        can(a, 'unit.openMaintenance', { unit }),
      ])
      expect(got).toEqual(table[who])
    })
  }
})

describe('structure.load', () => {
  test('an admin of the federation, and nobody while there is no federation', () => {
    const admin = actor(['admin', federal])
    expect(can(admin, 'structure.load', { unit: { path: federal } })).toBe(true)
    expect(can(admin, 'structure.load', { unit: undefined })).toBe(false)
    expect(can(actor(['admin', state]), 'structure.load', { unit: { path: federal } })).toBe(false)
    expect(can(actor(['federal_office', federal]), 'structure.load', { unit: { path: federal } })).toBe(false)
  })
})
