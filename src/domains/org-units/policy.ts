import { type Actor, holds, type Role } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { UnitKind } from '../../platform/units.js'
import type { OrgUnit } from './tables.js'

type Subject = { unit: Pick<OrgUnit, 'path'> }
type Placed = { unit: Pick<OrgUnit, 'path' | 'kind'> }

/** The level below each level that units are kept on; teams are the teams domain's. */
export const childKinds: Partial<Record<UnitKind, UnitKind>> = {
  federal: 'state',
  state: 'district',
  district: 'local',
}

/**
 * The office that keeps the units of a level, on the unit above them: the federal office its states, a
 * state office its districts, a district's board its local groups (admins above may do all of it).
 */
const keeperOf: Partial<Record<UnitKind, Role>> = {
  state: 'federal_office',
  district: 'state_office',
  local: 'board',
}

/** '/a/b/c/' → '/a/b/': the path of the unit above. */
export const parentPath = (path: string) => path.replace(/[^/]+\/$/, '')

function maintains(a: Actor | undefined, s: Placed) {
  const keeper = keeperOf[s.unit.kind]
  return !!keeper && holds(a, keeper, parentPath(s.unit.path))
}

function createsBelow(a: Actor | undefined, s: Placed) {
  const kind = childKinds[s.unit.kind]
  const keeper = kind && keeperOf[kind]
  return !!keeper && holds(a, keeper, s.unit.path)
}

const rules = {
  /** A unit's page with its name, territory and local groups is public information. */
  'unit.view': (_a: Actor | undefined, _s: Subject) => true,
  /** Member lists hold personal data: the board of the unit or anyone above it, never a neighbour. */
  'unit.listMembers': (a: Actor | undefined, s: Subject) => holds(a, 'board', s.unit.path),
  /** Granting and revoking roles on a unit: an admin on the unit or on one of its ancestors. */
  'unit.grantRoles': (a: Actor | undefined, s: Subject) => holds(a, 'admin', s.unit.path),
  /** Loading a structure file changes the whole tree: an admin of the federation (the unit is the root). */
  'structure.load': (a: Actor | undefined, s: { unit: Subject['unit'] | undefined }) =>
    !!s.unit && holds(a, 'admin', s.unit.path),
  /**
   * Renaming, moving, merging, dissolving a unit and editing its territory: the office above it
   * (`keeperOf`), never the unit's own board, so a KV cannot redraw its own borders.
   */
  'unit.maintain': (a: Actor | undefined, s: Placed) => maintains(a, s),
  /** Creating a unit below this one: the office that will keep it. */
  'unit.createChild': (a: Actor | undefined, s: Placed) => createsBelow(a, s),
  /** The maintenance page of a unit: for the office that keeps it and the one that creates units below it. */
  'unit.openMaintenance': (a: Actor | undefined, s: Placed) => maintains(a, s) || createsBelow(a, s),
} as const

export type UnitAction = keyof typeof rules

export const { can, authorize, authorizeActor } = definePolicy(rules)

export function abilities(actor: Actor | undefined, unit: Pick<OrgUnit, 'path' | 'kind' | 'dissolvedAt'>) {
  const open = unit.dissolvedAt === null
  return {
    listMembers: can(actor, 'unit.listMembers', { unit }),
    grantRoles: can(actor, 'unit.grantRoles', { unit }),
    maintain: open && can(actor, 'unit.openMaintenance', { unit }),
  }
}

/** The subtrees in which the actor may grant roles, as unit paths (a prefix covers everything below). */
export function grantScope(actor: Actor | undefined): string[] {
  return (actor?.grants ?? []).filter((g) => g.role === 'admin').map((g) => g.unitPath)
}
