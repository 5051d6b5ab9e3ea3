import { recordAudit } from '../../../platform/audit/record.js'
import type { Locale } from '../../../platform/i18n/index.js'
import type { Mail } from '../../../platform/mail/mailer.js'
import type { EmailInput } from '../input.js'
import * as repo from '../repo.js'
import { createSession } from '../sessions.js'
import { hashToken, newToken } from '../tokens.js'
import { type AccountsEnv, InvalidLinkError, type Meta, tokenLifetimes } from './env.js'
import { takeMailBudget } from './mail-budget.js'
import { absoluteUrl, accountMail, localeOf } from './mails.js'

/**
 * Issues a single-use token of `purpose` for the account with this address and returns the mail
 * carrying it. Unknown and deactivated addresses, and addresses whose hourly mail budget is spent,
 * get no mail; the caller answers all alike.
 */
export async function issueMailedToken(
  env: AccountsEnv,
  email: string,
  purpose: 'magic_link' | 'password_reset',
  meta: Meta & { locale: Locale },
): Promise<{ mail: Mail | undefined }> {
  const { deps, config } = env
  const db = deps.database.db
  const now = deps.now()
  const user = await repo.findUserByEmail(db, email)
  if (!user || user.deactivatedAt) return { mail: undefined }
  const object = { type: 'user', id: user.id }
  if (!takeMailBudget(deps, user.email, now)) {
    await recordAudit(
      db,
      undefined,
      { action: 'account.mail_limited', object, data: { purpose } },
      meta.requestId,
    )
    return { mail: undefined }
  }
  return db.transaction(async (tx) => {
    const { token, hash } = newToken()
    const lifetime = tokenLifetimes[purpose]
    await repo.insertLoginToken(tx, {
      id: hash,
      userId: user.id,
      purpose,
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetime),
    })
    const action =
      purpose === 'magic_link' ? 'account.login_link_requested' : 'account.password_reset_requested'
    await recordAudit(tx, undefined, { action, object }, meta.requestId)
    const path = purpose === 'magic_link' ? `/login/link/${token}` : `/password/reset/${token}`
    const mail = accountMail(
      config,
      localeOf(user, meta.locale),
      user.email,
      purpose === 'magic_link' ? 'link' : 'reset',
      {
        name: user.displayName,
        url: absoluteUrl(config, path),
        minutes: lifetime / 60_000,
      },
    )
    return { mail }
  })
}

/** Sends a login link (10 minutes, single use) to the account with this address, if there is one. */
export function requestLoginLink(env: AccountsEnv, input: EmailInput, meta: Meta & { locale: Locale }) {
  return issueMailedToken(env, input.email, 'magic_link', meta)
}

/** Whether a login link would still work. Looking does not use it up: mail scanners fetch links too. */
export async function isLoginLinkUsable(env: AccountsEnv, token: string) {
  return !!(await repo.findUsableLoginToken(
    env.deps.database.db,
    hashToken(token),
    'magic_link',
    env.deps.now(),
  ))
}

/**
 * Uses up a login link and starts a session. Exactly one of two concurrent uses succeeds.
 * Does not verify the address: whoever registered it may still know the password, so only the
 * verification link (or a password reset) ties the account to member data.
 * Throws InvalidLinkError for a used, expired or unknown link, or a deactivated account.
 */
export async function logInWithLink(env: AccountsEnv, token: string, meta: Meta) {
  const { deps } = env
  const now = deps.now()
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.consumeLoginToken(tx, hashToken(token), 'magic_link', now)
    if (!row) throw new InvalidLinkError()
    const user = await repo.findUserById(tx, row.userId)
    if (!user || user.deactivatedAt) throw new InvalidLinkError()
    const session = await createSession(tx, user.id, now, meta.userAgent)
    await recordAudit(
      tx,
      undefined,
      {
        action: 'account.logged_in',
        object: { type: 'user', id: user.id },
        data: { method: 'link' },
        actorUserId: user.id,
      },
      meta.requestId,
    )
    return { ...session, userId: user.id }
  })
}
