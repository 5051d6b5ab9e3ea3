import { type Actor, holds, holdsAnywhere } from '../../platform/auth/actor.js'
import type { VolunteerScope } from './tables.js'

type UnitRef = { id: string; path: string }

/**
 * Where a unit that searches the pool sits: its own KV (for the KV itself and its local groups),
 * its state (for everything inside a state, the state unit included) and the KVs joined to it or to
 * its KV by an open partnership. A federal unit has none of these and sees only 'party' consents.
 */
export type SearcherPlace = {
  unitId: string
  districtId: string | null
  statePath: string | null
  partnerIds: readonly string[]
}

/** What the rules need to know about a pool member: the home KV and the scope of the current consent. */
export type PoolMember = { homeUnitId: string; homePath: string; scope: VolunteerScope }

/**
 * Whether a member's consent lets a unit find them. The scopes widen step by step: 'partners'
 * includes the own KV, 'state' includes the partners. State offices and boards of the state are
 * NOT inside 'own_kv' or 'partners'; the search SQL in repo.ts mirrors this rule exactly.
 */
export function consentCovers(member: PoolMember, place: SearcherPlace): boolean {
  const ownKv = place.districtId !== null && place.districtId === member.homeUnitId
  const partner = place.partnerIds.includes(member.homeUnitId)
  const sameState = place.statePath !== null && member.homePath.startsWith(place.statePath)
  switch (member.scope) {
    case 'own_kv':
      return ownKv
    case 'partners':
      return ownKv || partner
    case 'state':
      return ownKv || partner || sameState
    case 'party':
      return true
  }
}

const rules = {
  /** Coordinators of any structure search on behalf of a unit they hold the role on. */
  'pool.search': (a: Actor | undefined, s: { unit: UnitRef }) => holds(a, 'coordinator', s.unit.path),
  /** Only a member may put themselves in the pool; an account without a member record cannot. */
  'pool.join': (a: Actor | undefined, _s: Record<string, never>) => !!a?.memberId,
  /** A request is answered by the member it was sent to, and only once. */
  'request.answer': (a: Actor | undefined, s: { memberId: string; status: string }) =>
    !!a?.memberId && a.memberId === s.memberId && s.status === 'pending',
  /** The asker sees the request they sent. */
  'request.viewSent': (a: Actor | undefined, s: { askedById: string }) => a?.userId === s.askedById,
  'project.post': (a: Actor | undefined, s: { unit: UnitRef }) => holds(a, 'coordinator', s.unit.path),
  /** The posting unit's coordinators (and anyone above) run the call. */
  'project.manage': (a: Actor | undefined, s: { unit: UnitRef }) => holds(a, 'coordinator', s.unit.path),
  'project.apply': (a: Actor | undefined, s: { open: boolean; covered: boolean }) =>
    !!a?.memberId && s.open && s.covered,
  'skill.add': (a: Actor | undefined, _s: Record<string, never>) => holdsAnywhere(a, 'federal_office'),
} as const

export type VolunteerAction = keyof typeof rules

export function can<A extends VolunteerAction>(
  actor: Actor | undefined,
  action: A,
  subject: Parameters<(typeof rules)[A]>[1],
): boolean {
  return (rules[action] as (a: Actor | undefined, s: unknown) => boolean)(actor, subject)
}

/** The units an actor may search for or post on behalf of: every unit of a coordinator-or-higher grant. */
export function actingUnitIds(actor: Actor | undefined): string[] {
  if (!actor) return []
  return [
    ...new Set(
      actor.grants
        .filter((g) => g.role !== 'member' && holds(actor, 'coordinator', g.unitPath))
        .map((g) => g.unitId),
    ),
  ]
}
