import { type Actor, holds } from '../../platform/auth/actor.js'
import type { OrgUnit } from './tables.js'

type Subject = { unit: Pick<OrgUnit, 'path'> }

const rules = {
  /** A unit's page with its name, territory and local groups is public information. */
  'unit.view': (_a: Actor | undefined, _s: Subject) => true,
  /** Member lists hold personal data: the board of the unit or anyone above it, never a neighbour. */
  'unit.listMembers': (a: Actor | undefined, s: Subject) => holds(a, 'board', s.unit.path),
  /** Granting and revoking roles on a unit: an admin on the unit or on one of its ancestors. */
  'unit.grantRoles': (a: Actor | undefined, s: Subject) => holds(a, 'admin', s.unit.path),
  /** Loading a structure file changes the whole tree: an admin of the federation (the unit is the root). */
  'structure.load': (a: Actor | undefined, s: Subject) => holds(a, 'admin', s.unit.path),
} as const

export type UnitAction = keyof typeof rules

export function can(actor: Actor | undefined, action: UnitAction, subject: Subject): boolean {
  return rules[action](actor, subject)
}

export function abilities(actor: Actor | undefined, unit: Pick<OrgUnit, 'path'>) {
  return {
    listMembers: can(actor, 'unit.listMembers', { unit }),
    grantRoles: can(actor, 'unit.grantRoles', { unit }),
  }
}

/** The subtrees in which the actor may grant roles, as unit paths (a prefix covers everything below). */
export function grantScope(actor: Actor | undefined): string[] {
  return (actor?.grants ?? []).filter((g) => g.role === 'admin').map((g) => g.unitPath)
}
