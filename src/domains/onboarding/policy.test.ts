import { describe, expect, test } from 'vitest'
import type { Actor, Role } from '../../platform/auth/actor.js'
import { can, dashboardUnitIds, queueUnitIds } from './policy.js'

// Unit ids are their paths here, so a grant's unitId and unitPath are the same string.
const federation = { kind: 'federal', path: '/f/' }
const berlin = { kind: 'state', path: '/f/be/' }
const pankow = { kind: 'district', path: '/f/be/pk/' }
const mitte = { kind: 'district', path: '/f/be/mi/' }
const pankowLocal = { kind: 'local', path: '/f/be/pk/nord/' }
const hamburg = { kind: 'state', path: '/f/hh/' }
const altona = { kind: 'district', path: '/f/hh/al/' }
// Steps of Berlin's standard (as a KV's standard and a pipeline's plan carry them): one the state made mandatory.
const optionalStep = { mandatory: false }
const mandatoryStep = { mandatory: true }

const actor = (id: string, grants: [Role, { path: string }][], extra: Partial<Actor> = {}): Actor => ({
  userId: id,
  sessionId: 's',
  email: `${id}@example.org`,
  displayName: id,
  memberId: `m-${id}`,
  homeUnitId: null,
  grants: grants.map(([role, unit]) => ({ role, unitId: unit.path, unitPath: unit.path })),
  ...extra,
})

const visitors = {
  anonymous: undefined,
  memberPankow: actor('memberPankow', [['member', pankow]]),
  coordinatorPankow: actor('coordinatorPankow', [['coordinator', pankow]]),
  boardPankow: actor('boardPankow', [['board', pankow]]),
  // Until the second factor is confirmed the session carries the member grant only.
  boardPankowUnconfirmed: actor('boardPankowUnconfirmed', [['member', pankow]], {
    secondFactor: { step: 'confirm', heldBack: ['board'] },
  }),
  boardPankowLocal: actor('boardPankowLocal', [['board', pankowLocal]]),
  boardMitte: actor('boardMitte', [['board', mitte]]),
  boardBerlin: actor('boardBerlin', [['board', berlin]]),
  officeBerlin: actor('officeBerlin', [['state_office', berlin]]),
  officeHamburg: actor('officeHamburg', [['state_office', hamburg]]),
  federalOffice: actor('federalOffice', [['federal_office', federation]]),
  admin: actor('admin', [['admin', federation]]),
  accountWithoutMember: actor('accountWithoutMember', [], { memberId: null }),
} as const
type Visitor = keyof typeof visitors
const everyone = Object.keys(visitors) as Visitor[]

const truth: [string, (v: Visitor) => boolean, Visitor[]][] = [
  [
    "open Pankow's queue and its new members' pages",
    (v) => can(visitors[v], 'queue.view', { kv: pankow }),
    ['boardPankow', 'boardBerlin', 'officeBerlin'],
  ],
  [
    "record contacts, buddies and steps in Pankow's pipelines",
    (v) => can(visitors[v], 'pipeline.manage', { kv: pankow }),
    ['boardPankow', 'boardBerlin', 'officeBerlin'],
  ],
  ["open Altona's queue", (v) => can(visitors[v], 'queue.view', { kv: altona }), ['officeHamburg']],
  [
    'open a queue of a local group (queues are per KV)',
    (v) => can(visitors[v], 'queue.view', { kv: pankowLocal }),
    [],
  ],
  [
    "set Berlin's standard",
    (v) => can(visitors[v], 'standard.edit', { unit: berlin }),
    ['officeBerlin', 'federalOffice', 'admin'],
  ],
  [
    "set Pankow's own steps, opt-outs and welcome text",
    (v) => can(visitors[v], 'standard.edit', { unit: pankow }),
    ['boardPankow', 'boardBerlin', 'officeBerlin', 'federalOffice', 'admin'],
  ],
  ['set a standard for a local group', (v) => can(visitors[v], 'standard.edit', { unit: pankowLocal }), []],
  [
    "compare Berlin's KVs",
    (v) => can(visitors[v], 'dashboard.view', { state: berlin }),
    ['officeBerlin', 'federalOffice', 'admin'],
  ],
  ['compare "the KVs" of a KV', (v) => can(visitors[v], 'dashboard.view', { state: pankow }), []],
  [
    'compare all states',
    (v) => can(visitors[v], 'dashboard.federal', { federation }),
    ['federalOffice', 'admin'],
  ],
  // Leaving a step out and skipping it: the rules look at the step alone; who may is the rule of the page the
  // use case checks first (standard.edit for a KV's standard, pipeline.manage for a pipeline).
  [
    'leave out an optional step (the rule alone)',
    (v) => can(visitors[v], 'standard.drop', { step: optionalStep }),
    everyone,
  ],
  [
    'leave out a mandatory step (the rule alone)',
    (v) => can(visitors[v], 'standard.drop', { step: mandatoryStep }),
    [],
  ],
  [
    "leave an optional step of Berlin's standard out of Pankow's",
    (v) =>
      can(visitors[v], 'standard.edit', { unit: pankow }) &&
      can(visitors[v], 'standard.drop', { step: optionalStep }),
    ['boardPankow', 'boardBerlin', 'officeBerlin', 'federalOffice', 'admin'],
  ],
  [
    "leave a mandatory step of Berlin's standard out of Pankow's",
    (v) =>
      can(visitors[v], 'standard.edit', { unit: pankow }) &&
      can(visitors[v], 'standard.drop', { step: mandatoryStep }),
    [],
  ],
  [
    'skip an optional step (the rule alone)',
    (v) => can(visitors[v], 'step.skip', { step: optionalStep }),
    everyone,
  ],
  [
    'skip a mandatory step (the rule alone)',
    (v) => can(visitors[v], 'step.skip', { step: mandatoryStep }),
    [],
  ],
  [
    "skip an optional step in a Pankow new member's pipeline",
    (v) =>
      can(visitors[v], 'pipeline.manage', { kv: pankow }) &&
      can(visitors[v], 'step.skip', { step: optionalStep }),
    ['boardPankow', 'boardBerlin', 'officeBerlin'],
  ],
  [
    "skip a mandatory step in a Pankow new member's pipeline",
    (v) =>
      can(visitors[v], 'pipeline.manage', { kv: pankow }) &&
      can(visitors[v], 'step.skip', { step: mandatoryStep }),
    [],
  ],
  [
    "answer memberPankow's questionnaire",
    (v) => can(visitors[v], 'questionnaire.answer', { memberId: 'm-memberPankow' }),
    ['memberPankow'],
  ],
]

describe('who may do what in onboarding', () => {
  for (const [name, allowed, expected] of truth)
    test(name, () => {
      expect(everyone.filter(allowed)).toEqual(expected)
    })

  test('the units whose queues and dashboards each visitor is offered', () => {
    const offered = Object.fromEntries(
      everyone.map((v) => [
        v,
        { queues: queueUnitIds(visitors[v]), dashboards: dashboardUnitIds(visitors[v]) },
      ]),
    )
    expect(offered).toEqual({
      anonymous: { queues: [], dashboards: [] },
      memberPankow: { queues: [], dashboards: [] },
      coordinatorPankow: { queues: [], dashboards: [] },
      boardPankow: { queues: [pankow.path], dashboards: [] },
      boardPankowUnconfirmed: { queues: [], dashboards: [] },
      // Offered, then left out of the overview: the overview lists KVs only (queue.view above).
      boardPankowLocal: { queues: [pankowLocal.path], dashboards: [] },
      boardMitte: { queues: [mitte.path], dashboards: [] },
      boardBerlin: { queues: [berlin.path], dashboards: [] },
      officeBerlin: { queues: [berlin.path], dashboards: [berlin.path] },
      officeHamburg: { queues: [hamburg.path], dashboards: [hamburg.path] },
      // The federation's offices compare; they do not welcome anyone.
      federalOffice: { queues: [], dashboards: [federation.path] },
      admin: { queues: [], dashboards: [federation.path] },
      accountWithoutMember: { queues: [], dashboards: [] },
    })
  })
})
