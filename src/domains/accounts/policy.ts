import type { Actor } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'

/**
 * Accounts belong to the whole instance, not to a unit: only an admin granted on a top-level
 * unit (the federation) manages them. An admin of one state does not deactivate the accounts of another.
 */
const isInstanceAdmin = (actor: Actor) =>
  actor.grants.some((g) => g.role === 'admin' && g.unitPath.split('/').filter(Boolean).length === 1)

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
} as const

export type AccountAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)
