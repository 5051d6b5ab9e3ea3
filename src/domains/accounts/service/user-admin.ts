import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, NotFoundError } from '../../../platform/errors.js'
import { authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import type { Meta } from './env.js'

export const USER_LIST_LIMIT = 50

/** Accounts matching a search by e-mail or name, for the instance admin, each with whether it has a second factor. */
export async function searchAccounts(deps: AppDeps, actor: Actor, query: string) {
  authorize(actor, 'account.list', {})
  const db = deps.database.db
  const users = await repo.searchUsers(db, query, USER_LIST_LIMIT)
  const enrolled = await repo.listUsersWithTwoFactor(
    db,
    users.map((u) => u.id),
  )
  return users.map((u) => ({ ...u, twoFactor: enrolled.has(u.id) }))
}

/**
 * Deactivates an account: it can no longer log in, and every session it has ends now, so the
 * very next request of that person is refused. Its data stays (audit trail, links to members).
 * Throws ForbiddenError for anyone but an instance admin, and for the admin's own account.
 */
export async function deactivateAccount(deps: AppDeps, actor: Actor, userId: string, meta: Meta) {
  if (userId === actor.userId && can(actor, 'account.list', {})) {
    throw new ConflictError('accounts.errors.cannotDeactivateSelf')
  }
  authorize(actor, 'account.deactivate', { userId })
  const now = deps.now()
  await deps.database.db.transaction(async (tx) => {
    const user = await repo.findUserById(tx, userId)
    if (!user) throw new NotFoundError()
    if (!user.deactivatedAt) await repo.updateUser(tx, user.id, { deactivatedAt: now })
    await repo.revokeSessionsOfUser(tx, user.id, now)
    await repo.useUpLoginTokens(tx, user.id, 'magic_link', now)
    await repo.useUpLoginTokens(tx, user.id, 'password_reset', now)
    await recordAudit(
      tx,
      actor,
      { action: 'account.deactivated', object: { type: 'user', id: user.id } },
      meta.requestId,
    )
  })
}

/** Lets a deactivated account log in again. Its old sessions stay ended. */
export async function reactivateAccount(deps: AppDeps, actor: Actor, userId: string, meta: Meta) {
  authorize(actor, 'account.reactivate', {})
  await deps.database.db.transaction(async (tx) => {
    const user = await repo.findUserById(tx, userId)
    if (!user) throw new NotFoundError()
    await repo.updateUser(tx, user.id, { deactivatedAt: null })
    await recordAudit(
      tx,
      actor,
      { action: 'account.reactivated', object: { type: 'user', id: user.id } },
      meta.requestId,
    )
  })
}
