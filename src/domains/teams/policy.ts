import { type Actor, holds, leadPowersOn } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { MembershipStatus, TeamRole, TeamVisibility } from './tables.js'

/**
 * A team as the rules see it: the unit hosting it, who it is for, whether it ended, and the actor's own
 * membership.
 */
export type TeamSubject = {
  host: { path: string }
  visibility: TeamVisibility
  endedAt: Date | null
  mine: { role: TeamRole; status: MembershipStatus } | null
}

/** A member belongs to the host's territory: their KV or local group lies in the unit hosting the team. */
const memberUnder = (a: Actor | undefined, host: { path: string }) =>
  !!a?.memberId && !!a.memberUnitPath && a.memberUnitPath.startsWith(host.path)
/** A member the team is for: of the host's territory, or any member when the team is open to the whole party. */
const memberFor = (a: Actor | undefined, s: TeamSubject) =>
  memberUnder(a, s.host) || (s.visibility === 'party' && !!a?.memberId)
/** The actor leads the team, with the lead powers in force (not while a second factor is pending). */
const activeLead = (a: Actor | undefined, s: TeamSubject) =>
  leadPowersOn(a) && s.mine?.role === 'lead' && s.mine.status === 'active'

const rules = {
  /** The board of a unit (or an office above it) creates its teams and working groups. */
  'team.create': (a: Actor | undefined, host: { path: string }) => holds(a, 'board', host.path),
  /**
   * A team is seen by the members of the unit hosting it (a state's team by the members of all its KVs), by
   * its people, and by those who organise for the unit hosting it (its coordinators, boards and the offices
   * above), who may post the team's events and help requests; a member of another KV or state sees it only
   * when the team is open to the whole party.
   */
  'team.view': (a: Actor | undefined, s: TeamSubject) =>
    memberFor(a, s) || holds(a, 'coordinator', s.host.path) || s.mine !== null,
  /** Joining, or asking to join: a member the team is for who is not in it, while it runs. */
  'team.join': (a: Actor | undefined, s: TeamSubject) =>
    s.endedAt === null &&
    memberFor(a, s) &&
    (s.mine === null || !['applied', 'active'].includes(s.mine.status)),
  'team.leave': (_a: Actor | undefined, s: TeamSubject) =>
    s.mine?.status === 'active' || s.mine?.status === 'applied',
  /** Leads decide on applications and may end the team; so may the board hosting it. */
  'team.lead': (a: Actor | undefined, s: TeamSubject) => activeLead(a, s) || holds(a, 'board', s.host.path),
  /** Appointing leads and stepping them down is for the leads of a team that runs (or the board hosting it). */
  'team.appoint': (a: Actor | undefined, s: TeamSubject) =>
    s.endedAt === null && (activeLead(a, s) || holds(a, 'board', s.host.path)),
} as const

type Rules = typeof rules
export type TeamAction = keyof Rules

export const { can, authorize, authorizeActor } = definePolicy(rules)

export function abilities(actor: Actor | undefined, s: TeamSubject) {
  return {
    join: can(actor, 'team.join', s),
    leave: can(actor, 'team.leave', s),
    lead: can(actor, 'team.appoint', s),
    seeApplications: can(actor, 'team.lead', s),
  }
}
