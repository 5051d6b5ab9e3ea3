import { type Actor, holds, holdsAnywhere } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { Visibility } from './tables.js'

type UnitRef = { path: string; kind: string }

/** Who reads an entry of each visibility: everyone, the party's members (and staff), or boards and offices. */
export function mayRead(actor: Actor | undefined, visibility: Visibility) {
  if (visibility === 'public') return true
  if (visibility === 'members') return !!actor && (actor.memberId !== null || actor.grants.length > 0)
  return holdsAnywhere(actor, 'board')
}

/** The visibilities an actor may read, for the list's query. */
export const readableVisibilities = (actor: Actor | undefined): Visibility[] =>
  (['public', 'members', 'boards'] as const).filter((v) => mayRead(actor, v))

const rules = {
  /**
   * The editorial team of a level: the state office writes for its state, the federal office for the
   * federation (and every state). Entries belong to the federation or a state.
   */
  'entry.write': (a: Actor | undefined, unit: UnitRef) =>
    (unit.kind === 'federal' || unit.kind === 'state') && holds(a, 'state_office', unit.path),
  'playbook.edit': (a: Actor | undefined, _s: Record<string, never>) => holdsAnywhere(a, 'state_office'),
} as const

export const { can, authorize } = definePolicy(rules)
