import { type Actor, holds } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { ResolutionVisibility } from './tables.js'

type UnitRef = { path: string }

/** What the rules need to know about a resolution: who passed it, whom it addresses, who may read it. */
export type ResolutionSubject = {
  unit: UnitRef
  addressees: readonly UnitRef[]
  visibility: ResolutionVisibility
}

/** A measure: its resolution and the unit responsible for it. */
export type MeasureSubject = { resolution: ResolutionSubject; unit: UnitRef }

/** Someone with a grant on this unit, above it or inside it: a member of its part of the party. */
const memberAround = (a: Actor | undefined, path: string) =>
  !!a && (holds(a, 'member', path) || a.grants.some((g) => g.unitPath.startsWith(path)))

const policy = definePolicy({
  /** Public resolutions for everyone; the others for the members of the unit that passed it and of those addressed. */
  'resolution.view': (a: Actor | undefined, s: { resolution: ResolutionSubject }) =>
    s.resolution.visibility === 'public' ||
    memberAround(a, s.resolution.unit.path) ||
    s.resolution.addressees.some((u) => memberAround(a, u.path)),
  /** The board of a unit (and the offices above it) imports what the unit passed. */
  'resolution.import': (a: Actor | undefined, s: { unit: UnitRef }) => holds(a, 'board', s.unit.path),
  /** The owning unit's board splits the text into measures and names who is responsible. */
  'resolution.manage': (a: Actor | undefined, s: { resolution: ResolutionSubject }) =>
    holds(a, 'board', s.resolution.unit.path),
  /** The responsible unit's board and the owning unit's board report progress. */
  'measure.report': (a: Actor | undefined, s: { measure: MeasureSubject }) =>
    holds(a, 'board', s.measure.unit.path) || holds(a, 'board', s.measure.resolution.unit.path),
})
export const { can, authorize } = policy

/** What a resolution's page may offer this actor; views never re-derive the rules. */
export function abilities(actor: Actor | undefined, resolution: ResolutionSubject) {
  return policy.abilities(actor, { manage: ['resolution.manage', { resolution }] })
}

export type ResolutionAbilities = ReturnType<typeof abilities>
