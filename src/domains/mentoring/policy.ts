import { type Actor, type Role, roleRank } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { UnitKind } from '../../platform/units.js'
import type { MentoringApplicationStatus } from './tables.js'

/** The unit running a programme, as the rules see it. */
export type ProgrammeUnit = { id: string; path: string; kind: UnitKind }

/**
 * A programme as the rules see it: its unit, whether the actor is one of its named coordinators, whether
 * applications are open today, and the actor's own current application.
 */
export type ProgrammeSubject = {
  unit: ProgrammeUnit
  namedCoordinator: boolean
  open: boolean
  mine: { status: MentoringApplicationStatus } | null
}

/**
 * A tandem as the rules see it: the actor's own application in it and their partner's, both null for one
 * who only runs the programme.
 */
export type TandemSubject = { mine: object | null; partner: object | null }

/** The office of a unit: the federal office, a state office, or a KV's board. */
export function officeRoleOf(kind: UnitKind): Role | null {
  if (kind === 'federal') return 'federal_office'
  if (kind === 'state') return 'state_office'
  if (kind === 'district') return 'board'
  return null
}

/**
 * The office of the unit itself, not one inherited from above: a programme is run by the unit that offers
 * it, so the federal office does not read the applications to a state's programme.
 */
function officeOf(a: Actor | undefined, unit: ProgrammeUnit) {
  const role = officeRoleOf(unit.kind)
  if (!a || !role) return false
  return a.grants.some((g) => g.unitId === unit.id && roleRank(g.role) >= roleRank(role))
}

/** A member whose KV (or local group) lies in the programme's unit. */
const memberUnder = (a: Actor | undefined, unit: ProgrammeUnit) =>
  !!a?.memberId && !!a.memberUnitPath && a.memberUnitPath.startsWith(unit.path)

/**
 * A named coordinator counts only in a session that confirmed the second factor (or where none is
 * required), like every role above member: they read self-descriptions.
 */
const coordinates = (a: Actor | undefined, s: ProgrammeSubject) =>
  officeOf(a, s.unit) || (!!a && s.namedCoordinator && !a.secondFactor)

/** A board or office of the unit or of a unit above it. */
const boardAtOrAbove = (a: Actor | undefined, unit: ProgrammeUnit) =>
  !!a && a.grants.some((g) => unit.path.startsWith(g.unitPath) && roleRank(g.role) >= roleRank('board'))

const current: readonly MentoringApplicationStatus[] = ['submitted', 'accepted', 'waitlisted']

const rules = {
  /** The unit's office sets up a programme (a cohort) of its unit. */
  'programme.create': (a: Actor | undefined, unit: ProgrammeUnit) => officeOf(a, unit),
  /** The unit's office names and removes the programme's coordinators. */
  'programme.manage': (a: Actor | undefined, s: ProgrammeSubject) => officeOf(a, s.unit),
  /**
   * Coordinators and the unit's office run the programme: they read applications with their
   * self-descriptions, decide on them, pair, and see the programme's figures.
   */
  'programme.coordinate': (a: Actor | undefined, s: ProgrammeSubject) => coordinates(a, s),
  /**
   * The programme's figures (counts, each withheld below five people): those who run it, and the boards
   * and offices of the unit and above, who answer for it. Not the KV boards below the unit.
   */
  'programme.figures': (a: Actor | undefined, s: ProgrammeSubject) =>
    coordinates(a, s) || boardAtOrAbove(a, s.unit),
  /** The members of the unit's territory see the programme, as do boards and offices above and its applicants. */
  'programme.view': (a: Actor | undefined, s: ProgrammeSubject) =>
    memberUnder(a, s.unit) || coordinates(a, s) || boardAtOrAbove(a, s.unit) || s.mine !== null,
  /** A member of the territory applies once, while applications are open. */
  'programme.apply': (a: Actor | undefined, s: ProgrammeSubject) =>
    s.open && memberUnder(a, s.unit) && (s.mine === null || !current.includes(s.mine.status)),
  /** The applicant withdraws a current application (a tandem is ended instead, once it runs). */
  'application.withdraw': (_a: Actor | undefined, s: ProgrammeSubject) =>
    s.mine !== null && current.includes(s.mine.status),
  /** Check-ins, goals, notes and ending a tandem are for its two people, not for those who run the programme. */
  'tandem.takePart': (_a: Actor | undefined, s: TandemSubject) => s.mine !== null && s.partner !== null,
  /** Each of the two reviews the tandem at its end. */
  'tandem.review': (_a: Actor | undefined, s: TandemSubject) => s.mine !== null,
} as const

type Rules = typeof rules
export type MentoringAction = keyof Rules

export const { can, authorize, authorizeActor } = definePolicy(rules)

export function abilities(actor: Actor | undefined, s: ProgrammeSubject) {
  return {
    apply: can(actor, 'programme.apply', s),
    withdraw: can(actor, 'application.withdraw', s),
    coordinate: can(actor, 'programme.coordinate', s),
    manage: can(actor, 'programme.manage', s),
    figures: can(actor, 'programme.figures', s),
  }
}
