import { describe, expect, test } from 'vitest'
import type { Actor, Role } from '../../platform/auth/actor.js'
import {
  actingUnitIds,
  can,
  consentCovers,
  type PoolMember,
  roleFor,
  type SearcherPlace,
  speaksForAnyUnit,
} from './policy.js'
import type { VolunteerScope } from './tables.js'

// Unit ids are their paths here, so a grant's unitId and unitPath are the same string.
const unit = (path: string) => ({ id: path, path })
const federation = unit('/f/')
const berlin = unit('/f/be/')
const pankow = unit('/f/be/pk/')
const mitte = unit('/f/be/mi/')
const pankowLocal = unit('/f/be/pk/nord/')
const hamburg = unit('/f/hh/')
const altona = unit('/f/hh/al/')
/** A team Pankow hosts; memberPankow leads it (boardPankow's membership counts for nothing here). */
const pankowTeam = { id: 't', hostId: pankow.id, ended: false, leadMemberIds: ['m-memberPankow'] }

const actor = (
  id: string,
  grants: [Role, { path: string }][],
  opts: { member?: boolean; secondFactor?: Actor['secondFactor'] } = {},
): Actor => ({
  userId: id,
  sessionId: 's',
  email: `${id}@example.org`,
  displayName: id,
  memberId: opts.member === false ? null : `m-${id}`,
  homeUnitId: null,
  grants: grants.map(([role, u]) => ({ role, unitId: u.path, unitPath: u.path })),
  // What a session resolves to: lead powers on unless a second factor is pending.
  leadPowers: !opts.secondFactor,
  ...(opts.secondFactor ? { secondFactor: opts.secondFactor } : {}),
})

const visitors = {
  anonymous: undefined,
  memberPankow: actor('memberPankow', [['member', pankow]]),
  accountWithoutMember: actor('accountWithoutMember', [], { member: false }),
  coordinatorPankow: actor('coordinatorPankow', [['coordinator', pankow]]),
  boardPankow: actor('boardPankow', [
    ['member', pankow],
    ['board', pankow],
  ]),
  // Until the second factor is confirmed the session carries the member grant only.
  boardPankowUnconfirmed: actor('boardPankowUnconfirmed', [['member', pankow]], {
    secondFactor: { step: 'confirm', heldBack: ['board'] },
  }),
  coordinatorLocal: actor('coordinatorLocal', [['coordinator', pankowLocal]]),
  officeBerlin: actor('officeBerlin', [['state_office', berlin]], { member: false }),
  federalOffice: actor('federalOffice', [['federal_office', federation]], { member: false }),
  admin: actor('admin', [['admin', federation]], { member: false }),
} as const
type Visitor = keyof typeof visitors
const everyone = Object.keys(visitors) as Visitor[]
const members = everyone.filter((v) => !!visitors[v]?.memberId)

const truth: [string, (v: Visitor) => boolean, Visitor[]][] = [
  // A role counts only on the unit itself: an office speaks for its state, not for each KV in it.
  [
    'speak for Pankow (search, ask, post its own call)',
    (v) => can(visitors[v], 'unit.speakFor', { unit: pankow }),
    ['coordinatorPankow', 'boardPankow'],
  ],
  ['speak for Berlin', (v) => can(visitors[v], 'unit.speakFor', { unit: berlin }), ['officeBerlin']],
  [
    'search the pool for Pankow',
    (v) => can(visitors[v], 'pool.search', { unit: pankow }),
    ['coordinatorPankow', 'boardPankow'],
  ],
  ['search the pool for Berlin', (v) => can(visitors[v], 'pool.search', { unit: berlin }), ['officeBerlin']],
  [
    'search the pool for the federation',
    (v) => can(visitors[v], 'pool.search', { unit: federation }),
    ['federalOffice', 'admin'],
  ],
  [
    "search the pool for Pankow's local group",
    (v) => can(visitors[v], 'pool.search', { unit: pankowLocal }),
    ['coordinatorLocal'],
  ],
  [
    'post a project call for Pankow',
    (v) => can(visitors[v], 'project.post', { unit: pankow }),
    ['coordinatorPankow', 'boardPankow'],
  ],
  [
    "run Pankow's project call",
    (v) => can(visitors[v], 'project.manage', { unit: pankow }),
    ['coordinatorPankow', 'boardPankow'],
  ],
  [
    "see the matches of Pankow's project call",
    (v) => can(visitors[v], 'project.matches', { unit: pankow }),
    ['coordinatorPankow', 'boardPankow'],
  ],
  // A team Pankow hosts, led by memberPankow: the lead posts and runs the team's calls, and sees no matches.
  [
    "post a call of Pankow's team",
    (v) => can(visitors[v], 'project.post', { unit: pankow, team: pankowTeam }),
    ['memberPankow', 'coordinatorPankow', 'boardPankow'],
  ],
  [
    "run a call of Pankow's team",
    (v) => can(visitors[v], 'project.manage', { unit: pankow, team: pankowTeam }),
    ['memberPankow', 'coordinatorPankow', 'boardPankow'],
  ],
  [
    "run a call of Pankow's team once it has ended",
    (v) => can(visitors[v], 'project.manage', { unit: pankow, team: { ...pankowTeam, ended: true } }),
    ['coordinatorPankow', 'boardPankow'],
  ],
  [
    "post a call of Pankow's team for another unit",
    (v) => can(visitors[v], 'project.post', { unit: mitte, team: pankowTeam }),
    [],
  ],
  ['join the pool', (v) => can(visitors[v], 'pool.join', {}), members],
  [
    'answer a pending request sent to memberPankow',
    (v) => can(visitors[v], 'request.answer', { memberId: 'm-memberPankow', status: 'pending' }),
    ['memberPankow'],
  ],
  [
    'answer it a second time',
    (v) => can(visitors[v], 'request.answer', { memberId: 'm-memberPankow', status: 'accepted' }),
    [],
  ],
  [
    'see the request coordinatorPankow sent',
    (v) => can(visitors[v], 'request.viewSent', { askedById: 'coordinatorPankow' }),
    ['coordinatorPankow'],
  ],
  [
    'apply to an open call whose unit the consent covers',
    (v) => can(visitors[v], 'project.apply', { open: true, covered: true }),
    members,
  ],
  ['apply to a closed call', (v) => can(visitors[v], 'project.apply', { open: false, covered: true }), []],
  [
    'apply to a call of a unit the consent does not cover',
    (v) => can(visitors[v], 'project.apply', { open: true, covered: false }),
    [],
  ],
  [
    'keep the list of skills (add, rename, retire)',
    (v) => can(visitors[v], 'skill.manage', {}),
    ['federalOffice', 'admin'],
  ],
  [
    'see the links to the search and the sent requests',
    (v) => speaksForAnyUnit(visitors[v]),
    ['coordinatorPankow', 'boardPankow', 'coordinatorLocal', 'officeBerlin', 'federalOffice', 'admin'],
  ],
]

describe('who may do what in the volunteer pool', () => {
  for (const [name, allowed, expected] of truth)
    test(name, () => {
      expect(everyone.filter(allowed)).toEqual(expected)
    })

  test('the units each visitor acts for, and in which role', () => {
    expect(Object.fromEntries(everyone.map((v) => [v, actingUnitIds(visitors[v])]))).toEqual({
      anonymous: [],
      memberPankow: [],
      accountWithoutMember: [],
      coordinatorPankow: [pankow.id],
      boardPankow: [pankow.id],
      boardPankowUnconfirmed: [],
      coordinatorLocal: [pankowLocal.id],
      officeBerlin: [berlin.id],
      federalOffice: [federation.id],
      admin: [federation.id],
    })
    // The strongest role held on the unit itself; a role from above does not count.
    expect(roleFor(visitors.boardPankow, pankow.id)).toBe('board')
    expect(roleFor(visitors.officeBerlin, pankow.id)).toBeNull()
    expect(roleFor(visitors.admin, berlin.id)).toBeNull()
    expect(roleFor(visitors.memberPankow, pankow.id)).toBeNull()
  })
})

describe("whom a consent lets a unit find (a member of Pankow, in Berlin; the README's table)", () => {
  const place =
    (districtId: string | null, statePath: string | null, partnerIds: string[] = []) =>
    (unitId: string): SearcherPlace => ({ unitId, districtId, statePath, partnerIds })
  const searchers: Record<string, SearcherPlace> = {
    'Pankow itself': place(pankow.id, berlin.path)(pankow.id),
    "Pankow's local group": place(pankow.id, berlin.path)(pankowLocal.id),
    'Mitte, a partner of Pankow': place(mitte.id, berlin.path, [pankow.id])(mitte.id),
    'Mitte, no partner': place(mitte.id, berlin.path)(mitte.id),
    'the state of Berlin': place(null, berlin.path)(berlin.id),
    'Altona, a partner in another state': place(altona.id, hamburg.path, [pankow.id])(altona.id),
    'Altona, no partner': place(altona.id, hamburg.path)(altona.id),
    'the state of Hamburg': place(null, hamburg.path)(hamburg.id),
    'the federation': place(null, null)(federation.id),
  }
  const expected: Record<VolunteerScope, string[]> = {
    own_kv: ['Pankow itself', "Pankow's local group"],
    partners: [
      'Pankow itself',
      "Pankow's local group",
      'Mitte, a partner of Pankow',
      'Altona, a partner in another state',
    ],
    state: [
      'Pankow itself',
      "Pankow's local group",
      'Mitte, a partner of Pankow',
      'Mitte, no partner',
      'the state of Berlin',
      'Altona, a partner in another state',
    ],
    party: Object.keys(searchers),
  }
  for (const [scope, finders] of Object.entries(expected) as [VolunteerScope, string[]][])
    test(`scope ${scope}`, () => {
      const member: PoolMember = { homeUnitId: pankow.id, homePath: pankow.path, scope }
      expect(Object.keys(searchers).filter((s) => consentCovers(member, searchers[s]!))).toEqual(finders)
    })
})

test("a team's lead whose second factor is pending posts and runs none of its calls", () => {
  const pending = actor('memberPankow', [['member', pankow]], {
    secondFactor: { step: 'enrol', heldBack: ['team_lead'] },
  })
  expect(can(pending, 'project.post', { unit: pankow, team: pankowTeam })).toBe(false)
  expect(can(pending, 'project.manage', { unit: pankow, team: pankowTeam })).toBe(false)
  // An actor that does not say its lead powers are on gets none either.
  const { leadPowers: _, ...unsaid } = visitors.memberPankow
  expect(can(unsaid, 'project.manage', { unit: pankow, team: pankowTeam })).toBe(false)
  expect(can(visitors.memberPankow, 'project.manage', { unit: pankow, team: pankowTeam })).toBe(true)
})
