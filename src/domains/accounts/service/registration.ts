import { recordAudit } from '../../../platform/audit/record.js'
import type { Locale } from '../../../platform/i18n/index.js'
import { takeMailBudget } from '../../../platform/mail/budget.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import type { RegisterInput } from '../input.js'
import { hashPassword } from '../passwords.js'
import * as repo from '../repo.js'
import type { User } from '../tables.js'
import { hashToken, newToken } from '../tokens.js'
import { type AccountsEnv, InvalidLinkError, isUniqueViolation, type Meta, tokenLifetimes } from './env.js'
import { absoluteUrl, accountMail, localeOf } from './mails.js'
import { confirmEmailOwnership } from './ownership.js'

/**
 * Registers an account with e-mail and password, unverified, and queues the verification mail.
 * For an address that already has an account nothing changes; that account's owner gets a mail
 * saying so instead. The caller answers both alike, so the form does not reveal who has an account.
 */
export async function registerAccount(
  env: AccountsEnv,
  input: RegisterInput,
  meta: Meta & { locale: Locale },
): Promise<void> {
  const { deps, config } = env
  const db = deps.database.db
  const now = deps.now()
  // Hashed in every case, so a known address is answered no faster than a new one.
  const passwordHash = await hashPassword(input.password)
  const existing = await repo.findUserByEmail(db, input.email)
  if (existing) return answerKnownAddress(env, existing, meta)
  try {
    return await db.transaction(async (tx) => {
      const user = await repo.insertUser(tx, {
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        locale: meta.locale,
        createdAt: now,
      })
      const { token, hash } = newToken()
      await repo.insertLoginToken(tx, {
        id: hash,
        userId: user.id,
        purpose: 'verify_email',
        createdAt: now,
        expiresAt: new Date(now.getTime() + tokenLifetimes.verify_email),
      })
      await recordAudit(
        tx,
        undefined,
        { action: 'account.registered', object: { type: 'user', id: user.id } },
        meta.requestId,
      )
      if (await takeMailBudget(tx, user.email, now))
        await queueMail(tx, now, [
          accountMail(config, meta.locale, user.email, 'verify', {
            name: user.displayName,
            url: absoluteUrl(config, `/register/verify/${token}`),
          }),
        ])
    })
  } catch (err) {
    // Two registrations for one address at the same moment: the second is answered as a known address.
    if (!isUniqueViolation(err, 'users_email_uq')) throw err
    const winner = await repo.findUserByEmail(db, input.email)
    if (!winner) throw err
    return answerKnownAddress(env, winner, meta)
  }
}

async function answerKnownAddress(env: AccountsEnv, user: User, meta: Meta & { locale: Locale }) {
  const { deps, config } = env
  const now = deps.now()
  await deps.database.db.transaction(async (tx) => {
    await recordAudit(
      tx,
      undefined,
      { action: 'account.registration_repeated', object: { type: 'user', id: user.id } },
      meta.requestId,
    )
    if (user.deactivatedAt || !(await takeMailBudget(tx, user.email, now))) return
    await queueMail(tx, now, [
      accountMail(config, localeOf(user, meta.locale), user.email, 'exists', {
        name: user.displayName,
        loginUrl: absoluteUrl(config, '/login/link'),
        resetUrl: absoluteUrl(config, '/password/forgot'),
      }),
    ])
  })
}

/** Whether a verification link would still work; used up by confirmEmail only. */
export async function isVerificationLinkUsable(env: AccountsEnv, token: string) {
  const row = await repo.findUsableLoginToken(
    env.deps.database.db,
    hashToken(token),
    'verify_email',
    env.deps.now(),
  )
  return !!row
}

/**
 * Uses up a verification link: the address is verified and the account linked to its member when
 * that is unambiguous (see confirmEmailOwnership). Throws InvalidLinkError for a used, expired or unknown link.
 */
export async function confirmEmail(env: AccountsEnv, token: string, meta: Meta) {
  const { deps } = env
  const now = deps.now()
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.consumeLoginToken(tx, hashToken(token), 'verify_email', now)
    if (!row) throw new InvalidLinkError()
    const user = await repo.findUserById(tx, row.userId)
    if (!user || user.deactivatedAt) throw new InvalidLinkError()
    const linkedMemberId = await confirmEmailOwnership(tx, user, now)
    await recordAudit(
      tx,
      undefined,
      {
        action: 'account.email_verified',
        object: { type: 'user', id: user.id },
        data: linkedMemberId ? { linkedMemberId } : {},
      },
      meta.requestId,
    )
    return { linked: linkedMemberId !== null }
  })
}
