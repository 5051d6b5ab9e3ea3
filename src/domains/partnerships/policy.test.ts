import { describe, expect, test } from 'vitest'
import type { Actor, Grant, Role } from '../../platform/auth/actor.js'
import { abilities, can, isPubliclyVisible, type PartnershipSubject } from './policy.js'
import { partnershipStatuses } from './tables.js'

const federal = '/fed/'
const unitA = { path: '/fed/st1/a/' }
const unitB = { path: '/fed/st2/b/' }
const unitC = { path: '/fed/st2/c/' }

const actor = (grants: [Role, string][], memberId: string | null = null): Actor => ({
  userId: 'u1',
  sessionId: 's1',
  email: 'x@example.org',
  displayName: 'X',
  memberId,
  homeUnitId: null,
  grants: grants.map(([role, unitPath]): Grant => ({ role, unitPath, unitId: unitPath })),
})

const partnership = (over: Partial<PartnershipSubject> = {}): PartnershipSubject => ({
  status: 'active',
  isPublic: true,
  unitA,
  unitB,
  coordinatorAMemberId: null,
  coordinatorBMemberId: null,
  ...over,
})

const who = {
  anonymous: undefined,
  'a member of A': actor([['member', unitA.path]]),
  'the board of A': actor([['board', unitA.path]]),
  'the board of B': actor([['board', unitB.path]]),
  'the board of an unrelated C': actor([['board', unitC.path]]),
  'the state office above A': actor([['state_office', '/fed/st1/']]),
  'the federal office': actor([['federal_office', federal]]),
} as const

type Who = keyof typeof who

describe('partnership.view', () => {
  const table: [string, Partial<PartnershipSubject>, Who[]][] = [
    ['a public active partnership', {}, Object.keys(who) as Who[]],
    ['a public ended partnership', { status: 'ended' }, Object.keys(who) as Who[]],
    [
      'a proposal',
      { status: 'proposed' },
      ['the board of A', 'the board of B', 'the state office above A', 'the federal office'],
    ],
    [
      'a declined proposal',
      { status: 'declined' },
      ['the board of A', 'the board of B', 'the state office above A', 'the federal office'],
    ],
    [
      'a non-public active partnership',
      { isPublic: false },
      ['the board of A', 'the board of B', 'the state office above A', 'the federal office'],
    ],
  ]
  for (const [what, over, allowed] of table) {
    for (const name of Object.keys(who) as Who[]) {
      const expected = allowed.includes(name)
      test(`${what} is ${expected ? 'visible' : 'invisible'} to ${name}`, () => {
        expect(can(who[name], 'partnership.view', { partnership: partnership(over) })).toBe(expected)
      })
    }
  }
})

describe('isPubliclyVisible', () => {
  test.each(partnershipStatuses.map((s) => [s] as const))('status %s', (status) => {
    const expected = ['agreed', 'active', 'dormant', 'ended'].includes(status)
    expect(isPubliclyVisible({ status, isPublic: true })).toBe(expected)
    expect(isPubliclyVisible({ status, isPublic: false })).toBe(false)
  })
})

describe('answering a proposal', () => {
  const proposal = partnership({ status: 'proposed' })
  test.each([
    ['the board of B', true],
    ['the board of A', false],
    ['a member of A', false],
    ['the board of an unrelated C', false],
    ['anonymous', false],
  ] as [Who, boolean][])('%s may accept: %s', (name, expected) => {
    expect(can(who[name], 'partnership.accept', { partnership: proposal })).toBe(expected)
    expect(can(who[name], 'partnership.decline', { partnership: proposal })).toBe(expected)
  })
  test('an agreed partnership cannot be accepted again', () => {
    expect(
      can(who['the board of B'], 'partnership.accept', { partnership: partnership({ status: 'agreed' }) }),
    ).toBe(false)
  })
})

describe('status changes', () => {
  test('the lifecycle allows agreed → active → dormant → active and ending, nothing else', () => {
    const board = who['the board of A']
    const ok = (status: PartnershipSubject['status'], to: PartnershipSubject['status']) =>
      can(board, 'partnership.changeStatus', { partnership: partnership({ status }), to })
    expect(ok('agreed', 'active')).toBe(true)
    expect(ok('active', 'dormant')).toBe(true)
    expect(ok('dormant', 'active')).toBe(true)
    expect(ok('dormant', 'ended')).toBe(true)
    expect(ok('proposed', 'active')).toBe(false)
    expect(ok('ended', 'active')).toBe(false)
    expect(ok('active', 'proposed')).toBe(false)
  })
  test.each([
    ['the board of A', true],
    ['the board of B', true],
    ['the federal office', true],
    ['a member of A', false],
    ['the board of an unrelated C', false],
  ] as [Who, boolean][])('%s may change the status: %s', (name, expected) => {
    expect(abilities(who[name], partnership()).statusTargets.length > 0).toBe(expected)
  })
})

describe('proposing and coordinators', () => {
  test('the board of A proposes for A, a member of A does not', () => {
    expect(can(who['the board of A'], 'partnership.propose', { unit: unitA })).toBe(true)
    expect(can(who['a member of A'], 'partnership.propose', { unit: unitA })).toBe(false)
    expect(can(who['the board of B'], 'partnership.propose', { unit: unitA })).toBe(false)
  })
  test('each side names only its own coordinator', () => {
    const a = abilities(who['the board of A'], partnership())
    expect([a.nameCoordinatorA, a.nameCoordinatorB]).toEqual([true, false])
  })
  test('only the coordinator themselves may publish their e-mail address', () => {
    const p = partnership({ coordinatorAMemberId: 'm1' })
    expect(can(actor([], 'm1'), 'partnership.setCoordinatorConsent', { partnership: p, side: 'a' })).toBe(
      true,
    )
    expect(
      can(who['the board of A'], 'partnership.setCoordinatorConsent', { partnership: p, side: 'a' }),
    ).toBe(false)
    expect(
      can(who['the federal office'], 'partnership.setCoordinatorConsent', { partnership: p, side: 'a' }),
    ).toBe(false)
    expect(can(actor([], 'm1'), 'partnership.setCoordinatorConsent', { partnership: p, side: 'b' })).toBe(
      false,
    )
  })
})
