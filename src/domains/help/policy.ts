import { type Actor, holds, leadPowersOn } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { HelpVisibility } from './tables.js'

type UnitRef = { id: string; path: string }

/** Who is looking: the actor and the path of the unit their membership belongs to (null for non-members). */
export type Viewer = { actor: Actor | undefined; memberUnitPath: string | null }

/** The team a request is a team's of: the unit hosting it and the member ids of its active leads (none once ended). */
export type HelpTeam = { id: string; hostId: string; ended: boolean; leadMemberIds: readonly string[] }

/** What the rules need to know about a help request: the posting unit, its open partners and the chosen circle. */
export type RequestSubject = {
  unit: UnitRef
  visibility: HelpVisibility
  status: 'open' | 'closed'
  /** Units with an agreed, active or dormant partnership with the posting unit. */
  partnerUnitIds: readonly string[]
  /** The team asking, read where a rule needs it (managing, the travel board); absent is no team. */
  team?: HelpTeam | null
  /**
   * The viewer has a sign-up on one of its shifts, read where the view depends on it. Narrowing the visibility
   * keeps such sign-ups: their people still see the request and their own sign-ups, and may cancel, but sign
   * up for nothing new.
   */
  signedUp?: boolean
}

/** The path of the state a unit belongs to: '/<federal>/<state>/'. */
export function statePathOf(path: string) {
  const ids = path.split('/').filter(Boolean)
  return ids.length >= 2 ? `/${ids[0]}/${ids[1]}/` : path
}

const memberOf = (v: Viewer, unit: UnitRef) => !!v.memberUnitPath?.startsWith(unit.path)
const memberOfAny = (v: Viewer, unitIds: readonly string[]) =>
  unitIds.some((id) => !!v.memberUnitPath?.includes(`/${id}/`))
const staffOf = (v: Viewer, unit: UnitRef) => holds(v.actor, 'coordinator', unit.path)
const boardOf = (v: Viewer, unit: UnitRef) => holds(v.actor, 'board', unit.path)
/** An active lead of the team, for the unit hosting it, while the team runs, with the lead powers in force. */
const leadFor = (v: Viewer, unit: UnitRef, team: HelpTeam | null | undefined) =>
  leadPowersOn(v.actor) &&
  !!team &&
  !team.ended &&
  team.hostId === unit.id &&
  !!v.actor?.memberId &&
  team.leadMemberIds.includes(v.actor.memberId)
/** Who manages a request: the posting unit's coordinators, board and offices above, and a team's active leads. */
const managerOf = (v: Viewer, s: RequestSubject) => staffOf(v, s.unit) || leadFor(v, s.unit, s.team)

/**
 * The circles are nested: the state includes the partners (who may live elsewhere), the party
 * includes everyone. The posting unit's own members and its coordinators, board and offices above
 * always see their requests.
 */
function inCircle(v: Viewer, s: RequestSubject) {
  if (memberOf(v, s.unit) || staffOf(v, s.unit)) return true
  const partner = memberOfAny(v, s.partnerUnitIds)
  switch (s.visibility) {
    case 'partners':
      return partner
    case 'state':
      return partner || !!v.memberUnitPath?.startsWith(statePathOf(s.unit.path))
    case 'party':
      return v.memberUnitPath !== null
  }
}

type R = { request: RequestSubject }

const rules = {
  'request.view': (v: Viewer, s: R) => inCircle(v, s.request) || !!s.request.signedUp,
  /**
   * Coordinators and the board of a KV (or a local group) post on its behalf; offices above may help out. The
   * active leads of a team the unit hosts post the team's requests; the team's other members do not.
   */
  'request.post': (v: Viewer, s: { unit: UnitRef & { kind: string }; team?: HelpTeam | null }) =>
    ['district', 'local'].includes(s.unit.kind) && (staffOf(v, s.unit) || leadFor(v, s.unit, s.team)),
  'request.manage': (v: Viewer, s: R) => managerOf(v, s.request),
  'shift.signUp': (v: Viewer, s: R) =>
    s.request.status === 'open' && !!v.actor?.memberId && inCircle(v, s.request),
  /** The travel board names people and places: only those taking part and the coordinators see it. */
  'travel.view': (v: Viewer, s: R & { participant: boolean }) =>
    managerOf(v, s.request) || (s.participant && inCircle(v, s.request)),
  'travel.add': (v: Viewer, s: R) => !!v.actor?.memberId && inCircle(v, s.request),
  'record.enter': (v: Viewer, s: { helper: UnitRef; helped: UnitRef }) =>
    staffOf(v, s.helper) || staffOf(v, s.helped),
  'balance.view': (v: Viewer, s: { unitA: UnitRef; unitB: UnitRef }) =>
    memberOf(v, s.unitA) || memberOf(v, s.unitB) || staffOf(v, s.unitA) || staffOf(v, s.unitB),
  'drive.create': (v: Viewer, s: { collecting: UnitRef }) => staffOf(v, s.collecting),
  'drive.view': (v: Viewer, s: { collecting: UnitRef; beneficiary: UnitRef }) =>
    memberOf(v, s.collecting) ||
    memberOf(v, s.beneficiary) ||
    staffOf(v, s.collecting) ||
    staffOf(v, s.beneficiary),
  'drive.pledge': (v: Viewer, s: { collecting: UnitRef; beneficiary: UnitRef }) =>
    !!v.actor?.memberId && (memberOf(v, s.collecting) || memberOf(v, s.beneficiary)),
  'drive.markReceived': (v: Viewer, s: { collecting: UnitRef }) => staffOf(v, s.collecting),
  /** Where members live is personal data: the board and the offices above see counts only. */
  'whiteSpots.view': (v: Viewer, s: { unit: UnitRef }) => boardOf(v, s.unit),
  'whiteSpots.totals': (v: Viewer, s: { unit: UnitRef }) => holds(v.actor, 'state_office', s.unit.path),
} as const

export type HelpAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)

/** What a request page may offer this viewer; views never re-derive the rules. */
export function abilities(viewer: Viewer, request: RequestSubject, participant: boolean) {
  const s = { request }
  return {
    manage: can(viewer, 'request.manage', s),
    signUp: can(viewer, 'shift.signUp', s),
    travelView: can(viewer, 'travel.view', { request, participant }),
    travelAdd: can(viewer, 'travel.add', s),
  }
}

export type HelpAbilities = ReturnType<typeof abilities>
