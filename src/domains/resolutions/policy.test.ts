import { describe, expect, test } from 'vitest'
import type { Actor, Role } from '../../platform/auth/actor.js'
import { can, type ResolutionSubject } from './policy.js'

const state = { path: '/f/be/' }
const pankow = { path: '/f/be/pankow/' }
const pankowLocal = { path: '/f/be/pankow/nord/' }
const mitte = { path: '/f/be/mitte/' }
const altona = { path: '/f/hh/altona/' }

const actor = (...grants: [Role, { path: string }][]): Actor => ({
  userId: 'u',
  sessionId: 's',
  email: 'e@example.org',
  displayName: 'E',
  memberId: null,
  homeUnitId: null,
  grants: grants.map(([role, unit]) => ({ role, unitId: unit.path, unitPath: unit.path })),
})

const visitors = {
  anonymous: undefined,
  memberPankow: actor(['member', pankow]),
  memberPankowLocal: actor(['member', pankowLocal]),
  memberMitte: actor(['member', mitte]),
  memberAltona: actor(['member', altona]),
  coordinatorPankow: actor(['coordinator', pankow]),
  boardPankow: actor(['board', pankow]),
  boardMitte: actor(['board', mitte]),
  stateOffice: actor(['state_office', state]),
  federal: actor(['federal_office', { path: '/f/' }]),
} as const
type Visitor = keyof typeof visitors

/** A resolution of the state, addressed to Pankow, members only. */
const stateResolution: ResolutionSubject = { unit: state, addressees: [pankow], visibility: 'members' }
/** A resolution of Pankow, members only, addressed to nobody. */
const pankowResolution: ResolutionSubject = { unit: pankow, addressees: [], visibility: 'members' }

const truth: [string, (v: Visitor) => boolean, Visitor[]][] = [
  [
    'view a members-only resolution of the state addressed to Pankow',
    (v) => can(visitors[v], 'resolution.view', { resolution: stateResolution }),
    [
      'memberPankow',
      'memberPankowLocal',
      'memberMitte',
      'coordinatorPankow',
      'boardPankow',
      'boardMitte',
      'stateOffice',
      'federal',
    ],
  ],
  [
    'view a members-only resolution of Pankow',
    (v) => can(visitors[v], 'resolution.view', { resolution: pankowResolution }),
    ['memberPankow', 'memberPankowLocal', 'coordinatorPankow', 'boardPankow', 'stateOffice', 'federal'],
  ],
  [
    'view a public resolution of Pankow',
    (v) => can(visitors[v], 'resolution.view', { resolution: { ...pankowResolution, visibility: 'public' } }),
    Object.keys(visitors) as Visitor[],
  ],
  [
    'import for the state',
    (v) => can(visitors[v], 'resolution.import', { unit: state }),
    ['stateOffice', 'federal'],
  ],
  [
    'import for Pankow',
    (v) => can(visitors[v], 'resolution.import', { unit: pankow }),
    ['boardPankow', 'stateOffice', 'federal'],
  ],
  [
    "make measures of the state's resolution",
    (v) => can(visitors[v], 'resolution.manage', { resolution: stateResolution }),
    ['stateOffice', 'federal'],
  ],
  [
    "report on the state's measure for Mitte",
    (v) => can(visitors[v], 'measure.report', { measure: { resolution: stateResolution, unit: mitte } }),
    ['boardMitte', 'stateOffice', 'federal'],
  ],
  [
    "report on Pankow's own measure",
    (v) => can(visitors[v], 'measure.report', { measure: { resolution: pankowResolution, unit: pankow } }),
    ['boardPankow', 'stateOffice', 'federal'],
  ],
]

describe('who may do what with resolutions', () => {
  test.each(truth)('%s', (_label, rule, allowed) => {
    const actual = (Object.keys(visitors) as Visitor[]).filter(rule)
    expect(actual.sort()).toEqual([...allowed].sort())
  })
})
