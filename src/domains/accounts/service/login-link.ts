import { recordAudit } from '../../../platform/audit/record.js'
import type { Locale } from '../../../platform/i18n/index.js'
import { takeMailBudget } from '../../../platform/mail/budget.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import type { EmailInput } from '../input.js'
import * as repo from '../repo.js'
import { createSession } from '../sessions.js'
import { hashToken, newToken } from '../tokens.js'
import { type AccountsEnv, InvalidLinkError, type Meta, tokenLifetimes } from './env.js'
import { absoluteUrl, accountMail, localeOf } from './mails.js'

/**
 * Issues a single-use token of `purpose` for the account with this address and queues the mail
 * carrying it, in one transaction. Known and unknown addresses take the same path with the same
 * statements (the answer's timing must not tell them apart): the address's hourly mail budget, one
 * statement that reads the account and issues the token, the audit row, the mail. An unknown or
 * deactivated address is told that it has no account; a spent budget sends nothing.
 */
export async function issueMailedToken(
  env: AccountsEnv,
  email: string,
  purpose: 'magic_link' | 'password_reset',
  meta: Meta & { locale: Locale },
): Promise<void> {
  const { deps, config } = env
  const now = deps.now()
  const action =
    purpose === 'magic_link' ? 'account.login_link_requested' : 'account.password_reset_requested'
  await deps.database.db.transaction(async (tx) => {
    if (!(await takeMailBudget(tx, email, now))) {
      await recordAudit(
        tx,
        undefined,
        { action: 'account.mail_limited', object: { type: 'user', id: null }, data: { purpose } },
        meta.requestId,
      )
      return
    }
    const { token, hash } = newToken()
    const lifetime = tokenLifetimes[purpose]
    const user = await repo.issueTokenForAddress(tx, email, {
      id: hash,
      purpose,
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetime),
    })
    await recordAudit(
      tx,
      undefined,
      { action, object: { type: 'user', id: user?.id ?? null } },
      meta.requestId,
    )
    const path = purpose === 'magic_link' ? `/login/link/${token}` : `/password/reset/${token}`
    const mail = user
      ? accountMail(
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
      : accountMail(config, meta.locale, email, 'noAccount', {
          registerUrl: absoluteUrl(config, '/register'),
        })
    await queueMail(tx, now, [mail])
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
