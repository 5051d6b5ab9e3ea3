import { type Actor, holdsAnywhere, leadPowersOn, type Role, roleRank } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { VolunteerScope } from './tables.js'

type UnitRef = { id: string; path: string }

/**
 * Where a unit that searches the pool sits: its own KV (for the KV itself and its local groups),
 * its state (for everything inside a state, the state unit included) and the KVs joined to it or to
 * its KV by a partnership both sides agreed to (`partnerStatuses` of the partnerships domain). A federal unit has none of these and sees only 'party' consents.
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

/**
 * The role in which the actor speaks for a unit: the strongest role of at least 'coordinator' granted on
 * that unit itself, or null. A role inherited from a unit above does NOT count: a state office speaks for
 * the state, not for each KV in it, so a search, a request or a project call of the state office is the
 * state's, and the members' consent is read against the state (README, "Who finds whom").
 */
export function roleFor(actor: Actor | undefined, unitId: string): Role | null {
  let best: Role | null = null
  for (const g of actor?.grants ?? []) {
    if (g.unitId !== unitId || roleRank(g.role) < roleRank('coordinator')) continue
    if (best === null || roleRank(g.role) > roleRank(best)) best = g.role
  }
  return best
}

const speaksFor = (a: Actor | undefined, unit: UnitRef) => roleFor(a, unit.id) !== null

/**
 * The team or working group a project call is of: the unit hosting it (the call's unit) and the member ids of
 * its active leads (none once the team has ended).
 */
export type ProjectTeam = { id: string; hostId: string; ended: boolean; leadMemberIds: readonly string[] }

/** An active lead of the team, for the unit hosting it, while the team runs, with the lead powers in force. */
const leadFor = (a: Actor | undefined, unit: UnitRef, team: ProjectTeam | null | undefined) =>
  leadPowersOn(a) &&
  !!team &&
  !team.ended &&
  team.hostId === unit.id &&
  !!a?.memberId &&
  team.leadMemberIds.includes(a.memberId)

/** A call's unit, and the team whose call it is (absent or null for a unit's own call). */
type CallSubject = { unit: UnitRef; team?: ProjectTeam | null }

/**
 * Whether the actor speaks for any unit, so the search and the sent requests (routes with access 'coordinator')
 * are there for them: the navigation shows those links only then.
 */
export const speaksForAnyUnit = (a: Actor | undefined) => holdsAnywhere(a, 'coordinator')

/** Whether the actor keeps the list of skills, so the navigation shows the link to it. */
export const managesSkills = (a: Actor | undefined) => can(a, 'skill.manage', {})

const rules = {
  /**
   * Acting in a unit's name (searching the pool, asking a member, posting the unit's own call): a role of
   * coordinator or more on that unit itself, not one inherited from above.
   */
  'unit.speakFor': (a: Actor | undefined, s: { unit: UnitRef }) => speaksFor(a, s.unit),
  /** Coordinators of any structure search on behalf of a unit they hold the role on, that unit itself. */
  'pool.search': (a: Actor | undefined, s: { unit: UnitRef }) => speaksFor(a, s.unit),
  /** Only a member may put themselves in the pool; an account without a member record cannot. */
  'pool.join': (a: Actor | undefined, _s: Record<string, never>) => !!a?.memberId,
  /** A request is answered by the member it was sent to, and only once. */
  'request.answer': (a: Actor | undefined, s: { memberId: string; status: string }) =>
    !!a?.memberId && a.memberId === s.memberId && s.status === 'pending',
  /** The asker sees the request they sent. */
  'request.viewSent': (a: Actor | undefined, s: { askedById: string }) => a?.userId === s.askedById,
  /**
   * Those who speak for a unit post its calls; the active leads of a team the unit hosts post the team's calls
   * for it. A member of the team who does not lead it does not.
   */
  'project.post': (a: Actor | undefined, s: CallSubject) =>
    speaksFor(a, s.unit) || leadFor(a, s.unit, s.team),
  /**
   * Those who speak for the posting unit run the call (decide on applications, finish it), and for a team's
   * call its active leads while the team runs; an office above the unit does not.
   */
  'project.manage': (a: Actor | undefined, s: CallSubject) =>
    speaksFor(a, s.unit) || leadFor(a, s.unit, s.team),
  /**
   * The matches of a call are pool members within the consent given to its unit, which names the unit's
   * coordinators: only those who speak for the unit see them, not an office above it, not a team's leads.
   */
  'project.matches': (a: Actor | undefined, s: { unit: UnitRef }) => speaksFor(a, s.unit),
  'project.apply': (a: Actor | undefined, s: { open: boolean; covered: boolean }) =>
    !!a?.memberId && s.open && s.covered,
  /** The federal office and the admins keep the list of skills: add, rename, retire. */
  'skill.manage': (a: Actor | undefined, _s: Record<string, never>) => holdsAnywhere(a, 'federal_office'),
} as const

export type VolunteerAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules, {
  // The person chose a unit to act for: the refusal says which units they may choose.
  'unit.speakFor': 'volunteers.errors.actingUnit',
})

/** The units an actor may search for or post on behalf of: the units of their coordinator-or-higher grants. */
export function actingUnitIds(actor: Actor | undefined): string[] {
  if (!actor) return []
  return [...new Set(actor.grants.filter((g) => roleFor(actor, g.unitId) !== null).map((g) => g.unitId))]
}
