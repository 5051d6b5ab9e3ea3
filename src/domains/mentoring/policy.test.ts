import { describe, expect, test } from 'vitest'
import type { Actor, Role } from '../../platform/auth/actor.js'
import { can, type ProgrammeSubject, type TandemSubject } from './policy.js'

const federal = { id: '/f/', path: '/f/', kind: 'federal' as const }
const berlin = { id: '/f/be/', path: '/f/be/', kind: 'state' as const }
const pankow = { id: '/f/be/pankow/', path: '/f/be/pankow/', kind: 'district' as const }
const altona = { id: '/f/hh/altona/', path: '/f/hh/altona/', kind: 'district' as const }
const hamburg = { id: '/f/hh/', path: '/f/hh/', kind: 'state' as const }

const actor = (
  id: string,
  member: { path: string } | null,
  grants: [Role, { path: string }][],
  extra: Partial<Actor> = {},
): Actor => ({
  userId: id,
  sessionId: 's',
  email: `${id}@example.org`,
  displayName: id,
  memberId: member ? `m-${id}` : null,
  homeUnitId: null,
  memberUnitPath: member?.path ?? null,
  grants: grants.map(([role, unit]) => ({ role, unitId: unit.path, unitPath: unit.path })),
  ...extra,
})

/** The visitors of the truth table; who is named coordinator, applicant or partner is in the subject. */
const visitors = {
  anonymous: undefined,
  coordinator: actor('coordinator', pankow, [['member', pankow]]),
  coordinatorWithoutSecondFactor: actor('coordinator', pankow, [['member', pankow]], {
    secondFactor: { step: 'confirm', heldBack: ['coordinator'] },
  }),
  stateOffice: actor('office', null, [['state_office', berlin]]),
  applicant: actor('applicant', pankow, [['member', pankow]]),
  partner: actor('partner', pankow, [['member', pankow]]),
  otherMember: actor('other', pankow, [['member', pankow]]),
  memberOtherState: actor('altona', altona, [['member', altona]]),
  boardPankow: actor('boardPankow', pankow, [['board', pankow]]),
  otherStateOffice: actor('hhOffice', null, [['state_office', hamburg]]),
  federalOffice: actor('federal', null, [['federal_office', federal]]),
  admin: actor('admin', null, [['admin', federal]]),
} as const
type Visitor = keyof typeof visitors
const everyone = Object.keys(visitors) as Visitor[]

/** Berlin's programme, as each visitor meets it: the named coordinator and the applicant see themselves in it. */
function subjectFor(v: Visitor, open = true): ProgrammeSubject {
  return {
    unit: berlin,
    open,
    namedCoordinator: v === 'coordinator' || v === 'coordinatorWithoutSecondFactor',
    mine: v === 'applicant' || v === 'partner' ? { status: 'submitted' } : null,
  }
}

const truth: [string, (v: Visitor) => boolean, Visitor[]][] = [
  ['set up a programme of Berlin', (v) => can(visitors[v], 'programme.create', berlin), ['stateOffice']],
  ['set up a programme of Pankow', (v) => can(visitors[v], 'programme.create', pankow), ['boardPankow']],
  [
    'set up a programme of the federation',
    (v) => can(visitors[v], 'programme.create', federal),
    ['federalOffice', 'admin'],
  ],
  [
    'see the programme',
    (v) => can(visitors[v], 'programme.view', subjectFor(v)),
    [
      'coordinator',
      'coordinatorWithoutSecondFactor',
      'stateOffice',
      'applicant',
      'partner',
      'otherMember',
      'boardPankow',
      'federalOffice',
      'admin',
    ],
  ],
  [
    'coordinate it: read applications with self-descriptions, decide, pair',
    (v) => can(visitors[v], 'programme.coordinate', subjectFor(v)),
    ['coordinator', 'stateOffice'],
  ],
  [
    'see its figures (counts only, small ones withheld)',
    (v) => can(visitors[v], 'programme.figures', subjectFor(v)),
    ['coordinator', 'stateOffice', 'federalOffice', 'admin'],
  ],
  ['name its coordinators', (v) => can(visitors[v], 'programme.manage', subjectFor(v)), ['stateOffice']],
  [
    'apply while applications are open',
    (v) => can(visitors[v], 'programme.apply', subjectFor(v)),
    ['coordinator', 'coordinatorWithoutSecondFactor', 'otherMember', 'boardPankow'],
  ],
  [
    'apply when applications are closed',
    (v) => can(visitors[v], 'programme.apply', subjectFor(v, false)),
    [],
  ],
  [
    'withdraw an application',
    (v) => can(visitors[v], 'application.withdraw', subjectFor(v)),
    ['applicant', 'partner'],
  ],
]

describe('who may do what with a mentoring programme', () => {
  for (const [name, allowed, expected] of truth) {
    test(name, () => {
      expect(everyone.filter(allowed)).toEqual(expected)
    })
  }

  test('a decided application can no longer be withdrawn, a declined applicant may apply again', () => {
    const declined: ProgrammeSubject = { ...subjectFor('applicant'), mine: { status: 'declined' } }
    expect(can(visitors.applicant, 'application.withdraw', declined)).toBe(false)
    expect(can(visitors.applicant, 'programme.apply', declined)).toBe(true)
    expect(can(visitors.applicant, 'programme.apply', { ...declined, mine: { status: 'waitlisted' } })).toBe(
      false,
    )
  })
})

describe('who may act in a tandem', () => {
  const application = { id: 'app' }
  const cases: [string, TandemSubject, boolean, boolean][] = [
    ['one of the two', { mine: application, partner: { id: 'other' } }, true, true],
    ['one who only runs the programme', { mine: null, partner: null }, false, false],
    ['one of the two, the partner gone', { mine: application, partner: null }, false, true],
  ]
  for (const [who, subject, takePart, review] of cases) {
    test(who, () => {
      expect(can(visitors.applicant, 'tandem.takePart', subject)).toBe(takePart)
      expect(can(visitors.applicant, 'tandem.review', subject)).toBe(review)
    })
  }
})
