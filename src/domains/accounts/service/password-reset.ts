import { recordAudit } from '../../../platform/audit/record.js'
import type { Locale } from '../../../platform/i18n/index.js'
import type { EmailInput, NewPasswordInput } from '../input.js'
import { hashPassword } from '../passwords.js'
import * as repo from '../repo.js'
import { hashToken } from '../tokens.js'
import { type AccountsEnv, InvalidLinkError, type Meta } from './env.js'
import { issueMailedToken } from './login-link.js'
import { confirmEmailOwnership } from './ownership.js'

/** Sends a password-reset link (30 minutes, single use) to the account with this address, if there is one. */
export function requestPasswordReset(env: AccountsEnv, input: EmailInput, meta: Meta & { locale: Locale }) {
  return issueMailedToken(env, input.email, 'password_reset', meta)
}

/** Whether a reset link would still work, to decide between the form and the "link expired" page. */
export async function isResetLinkUsable(env: AccountsEnv, token: string) {
  return !!(await repo.findUsableLoginToken(
    env.deps.database.db,
    hashToken(token),
    'password_reset',
    env.deps.now(),
  ))
}

/**
 * Uses up a reset link and sets the new password. Every session of the account ends, and every
 * other outstanding login or reset link stops working: whoever knew the old password is out.
 * Because the new password replaces any that someone else set, the address counts as verified.
 * Throws InvalidLinkError for a used, expired or unknown link, or a deactivated account.
 */
export async function resetPassword(env: AccountsEnv, token: string, input: NewPasswordInput, meta: Meta) {
  const { deps } = env
  const id = hashToken(token)
  // Checked before the slow hash, so made-up links cost no argon2 work; used up atomically below.
  if (!(await repo.findUsableLoginToken(deps.database.db, id, 'password_reset', deps.now()))) {
    throw new InvalidLinkError()
  }
  const passwordHash = await hashPassword(input.password)
  const now = deps.now()
  await deps.database.db.transaction(async (tx) => {
    const row = await repo.consumeLoginToken(tx, id, 'password_reset', now)
    if (!row) throw new InvalidLinkError()
    const user = await repo.findUserById(tx, row.userId)
    if (!user || user.deactivatedAt) throw new InvalidLinkError()
    await repo.updateUser(tx, user.id, { passwordHash })
    await repo.useUpLoginTokens(tx, user.id, 'password_reset', now)
    await repo.useUpLoginTokens(tx, user.id, 'magic_link', now)
    await repo.revokeSessionsOfUser(tx, user.id, now)
    const linkedMemberId = await confirmEmailOwnership(tx, user, now)
    await recordAudit(
      tx,
      undefined,
      {
        action: 'account.password_reset',
        object: { type: 'user', id: user.id },
        actorUserId: user.id,
        data: linkedMemberId ? { linkedMemberId } : {},
      },
      meta.requestId,
    )
  })
}
