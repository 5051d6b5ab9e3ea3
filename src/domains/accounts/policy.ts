import { type Actor, type Grant, type Role, roleRank } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'

/**
 * Accounts belong to the whole instance, not to a unit: only an admin granted on a top-level
 * unit (the federation) manages them. An admin of one state does not deactivate the accounts of another.
 */
const isInstanceAdmin = (actor: Actor) =>
  actor.grants.some((g) => g.role === 'admin' && g.unitPath.split('/').filter(Boolean).length === 1)

/**
 * Anyone who can see other members' data needs a second factor: coordinators (the RSVPs with access
 * needs of their events, the volunteer pool, help rosters), boards and every office above them, and the
 * active leads of a team that runs (its events' RSVPs, its help requests' rosters, its project calls'
 * applicants), who hold no role grant. The same line as the shorter session limits.
 */
const SECOND_FACTOR_FROM: Role = 'coordinator'

export function rolesNeedingSecondFactor(grants: readonly Grant[]): Role[] {
  return [
    ...new Set(grants.filter((g) => roleRank(g.role) >= roleRank(SECOND_FACTOR_FROM)).map((g) => g.role)),
  ]
}

/** Whether an account with these grants, whose member leads (or does not lead) a team that runs, needs a second factor. */
export function needsSecondFactor(grants: readonly Grant[], leadsActiveTeam: boolean) {
  return leadsActiveTeam || rolesNeedingSecondFactor(grants).length > 0
}

const rules = {
  /** Search and list every account. */
  'account.list': (actor: Actor, _s: Record<string, never>) => isInstanceAdmin(actor),
  /** Deactivate or reactivate an account; never one's own, so an instance cannot lose its last admin by a slip. */
  'account.deactivate': (actor: Actor, subject: { userId: string }) =>
    isInstanceAdmin(actor) && subject.userId !== actor.userId,
  'account.reactivate': (actor: Actor, _s: Record<string, never>) => isInstanceAdmin(actor),
  /** See the mail queue (addresses and subjects, no texts) and send a mail again. */
  'mail.queue': (actor: Actor, _s: Record<string, never>) => isInstanceAdmin(actor),
  /** Remove another account's second factor; one's own needs the password or a code instead. */
  'account.resetSecondFactor': (actor: Actor, subject: { userId: string }) =>
    isInstanceAdmin(actor) && subject.userId !== actor.userId,
  /**
   * Set up a second factor: whoever holds a role that needs one or leads a team that runs (held back until
   * then, or not).
   */
  'secondFactor.enrol': (actor: Actor, _s: Record<string, never>) =>
    !!actor.secondFactor || needsSecondFactor(actor.grants, actor.leadsActiveTeam === true),
} as const

export type AccountAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)
