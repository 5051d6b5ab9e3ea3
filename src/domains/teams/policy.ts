import { type Actor, holds } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { MembershipStatus, TeamRole } from './tables.js'

/** A team as the rules see it: the unit hosting it, whether it ended, and the actor's own membership. */
export type TeamSubject = {
  host: { path: string }
  endedAt: Date | null
  mine: { role: TeamRole; status: MembershipStatus } | null
}

/** A member belongs to the host's territory: their KV or local group lies in the unit hosting the team. */
const memberUnder = (a: Actor | undefined, host: { path: string }) =>
  !!a?.memberId && !!a.memberUnitPath && a.memberUnitPath.startsWith(host.path)
const activeLead = (s: TeamSubject) => s.mine?.role === 'lead' && s.mine.status === 'active'

const rules = {
  /** The board of a unit (or an office above it) creates its teams and working groups. */
  'team.create': (a: Actor | undefined, host: { path: string }) => holds(a, 'board', host.path),
  /**
   * A team is seen by the members of the unit hosting it (a state's team by the members of all its KVs)
   * and by the boards and offices above; a member of another KV or state does not see it.
   */
  'team.view': (a: Actor | undefined, s: TeamSubject) =>
    memberUnder(a, s.host) || holds(a, 'board', s.host.path) || s.mine !== null,
  /** Joining, or asking to join: a member of the host's territory who is not in the team, while it runs. */
  'team.join': (a: Actor | undefined, s: TeamSubject) =>
    s.endedAt === null &&
    memberUnder(a, s.host) &&
    (s.mine === null || !['applied', 'active'].includes(s.mine.status)),
  'team.leave': (_a: Actor | undefined, s: TeamSubject) =>
    s.mine?.status === 'active' || s.mine?.status === 'applied',
  /** Leads decide on applications and may end the team; so may the board hosting it. */
  'team.lead': (a: Actor | undefined, s: TeamSubject) => activeLead(s) || holds(a, 'board', s.host.path),
} as const

type Rules = typeof rules
export type TeamAction = keyof Rules

export const { can, authorize } = definePolicy(rules)

export function abilities(actor: Actor | undefined, s: TeamSubject) {
  return {
    join: can(actor, 'team.join', s),
    leave: can(actor, 'team.leave', s),
    lead: s.endedAt === null && can(actor, 'team.lead', s),
    seeApplications: can(actor, 'team.lead', s),
  }
}
