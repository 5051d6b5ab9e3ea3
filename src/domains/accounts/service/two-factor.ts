import { createHash, randomBytes } from 'node:crypto'
import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError, RateLimitedError } from '../../../platform/errors.js'
import type { Locale } from '../../../platform/i18n/index.js'
import { clearCount, countAttempt } from '../../../platform/limits/limits.js'
import type { Mail } from '../../../platform/mail/mailer.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import type { ConfirmSecondFactorInput, DisableSecondFactorInput, EnrolSecondFactorInput } from '../input.js'
import { verifyPassword } from '../passwords.js'
import { authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import { open, seal } from '../sealed.js'
import { pendingSecondFactor, rotateSessionWithSecondFactor } from '../sessions.js'
import { base32Encode, groupedSecret, matchTotp, newTotpSecret, otpauthUri } from '../totp.js'
import { isUniqueViolation, type Meta } from './env.js'
import { absoluteUrl, accountMail, localeOf } from './mails.js'

const ISSUER = 'Brückenschlag'
const RECOVERY_CODES = 10
/** How long the secret shown on the set-up page may be confirmed: long enough to find the phone. */
const ENROLMENT_LIFETIME_MS = 60 * 60_000
const FAILURE_WINDOW_MS = 15 * 60_000
const MAX_FAILURES = 10

/**
 * Ten codes for one account within 15 minutes, and further codes are refused without being checked:
 * three codes in a million are valid at any moment, so guessing must stay slow. Every attempt is
 * counted in the database before its code is checked, so concurrent guesses and other processes
 * count too; a right code ends the count. The person is not locked out of the platform: they go on
 * as a member.
 */
async function takeAttempt(deps: AppDeps, userId: string, now: Date) {
  if ((await countAttempt(deps.database.db, attemptsKey(userId), FAILURE_WINDOW_MS, now)) > MAX_FAILURES) {
    throw new RateLimitedError()
  }
}

const attemptsKey = (userId: string) => `two-factor:${userId}`

async function recordFailure(deps: AppDeps, actor: Actor, meta: Meta, purpose: string) {
  await recordAudit(
    deps.database.db,
    actor,
    { action: 'account.second_factor_failed', object: { type: 'user', id: actor.userId }, data: { purpose } },
    meta.requestId,
  )
}

/** The settings and language a notice mail is written with. */
export type NoticeMail = { config: Settings; locale: Locale }

const hashRecoveryCode = (code: string) => createHash('sha256').update(code).digest('base64url')

/** Recovery codes are typed by hand: case, spaces and dashes do not matter. */
const normaliseRecoveryCode = (input: string) => input.replace(/[\s-]/g, '').toLowerCase()

/** Ten characters of base32 (50 bits), shown as two groups of five. */
function newRecoveryCode() {
  const raw = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase()
  return `${raw.slice(0, 5)}-${raw.slice(5)}`
}

export type TwoFactorStatus = {
  needed: boolean
  enrolled: boolean
  confirmedAt: Date | undefined
  recoveryCodesLeft: number
  /** Whether this session has confirmed the second factor. */
  confirmedHere: boolean
}

export async function viewTwoFactor(deps: AppDeps, actor: Actor): Promise<TwoFactorStatus> {
  const db = deps.database.db
  const credential = await repo.findTwoFactorCredential(db, actor.userId)
  const session = await repo.findSession(db, actor.sessionId)
  return {
    needed: can(actor, 'secondFactor.enrol', {}),
    enrolled: !!credential,
    confirmedAt: credential?.confirmedAt,
    recoveryCodesLeft: credential ? await repo.countUnusedRecoveryCodes(db, actor.userId) : 0,
    confirmedHere: !!session?.secondFactorAt,
  }
}

export type Enrolment = {
  /** The secret and its issue time, sealed for the form: the page is the only place it lives until confirmed. */
  sealed: string
  grouped: string
  uri: string
}

function describeEnrolment(actor: Actor, secret: Buffer, sealed: string): Enrolment {
  return {
    sealed,
    grouped: groupedSecret(secret),
    uri: otpauthUri({ issuer: ISSUER, account: actor.email, secret }),
  }
}

/**
 * A new secret for the set-up page. Nothing is stored: the secret travels sealed (AES-256-GCM,
 * bound to this account) in the form, and only a confirmed one is kept.
 */
export function startEnrolment(deps: AppDeps, actor: Actor): Enrolment {
  const secret = newTotpSecret()
  const issued = Buffer.alloc(8)
  issued.writeBigUInt64BE(BigInt(deps.now().getTime()))
  const sealed = seal(deps.secret, 'totp-enrolment', Buffer.concat([issued, secret]), actor.userId)
  return describeEnrolment(actor, secret, sealed)
}

/** The secret of a set-up form, when it is this account's, unaltered and not too old. */
function openEnrolment(deps: AppDeps, actor: Actor, sealed: string) {
  const plain = open(deps.secret, 'totp-enrolment', sealed, actor.userId)
  if (plain?.length !== 28) return undefined
  const issuedAt = Number(plain.readBigUInt64BE(0))
  const age = deps.now().getTime() - issuedAt
  if (age < 0 || age > ENROLMENT_LIFETIME_MS) return undefined
  return plain.subarray(8)
}

/** The set-up page again after a wrong code, with the same secret, so the app need not be set up twice. */
export function resumeEnrolment(deps: AppDeps, actor: Actor, sealed: string): Enrolment {
  const secret = openEnrolment(deps, actor, sealed)
  return secret ? describeEnrolment(actor, secret, sealed) : startEnrolment(deps, actor)
}

/**
 * Confirms a new authenticator with a current code: stores its secret sealed, issues ten recovery
 * codes (only their hashes are kept) and confirms the second factor for this session under a new
 * session id. Returns the new session token and the recovery codes, which are shown once.
 * Throws FieldError at `code` for a wrong code or an expired form, ConflictError when the account has one already.
 */
export async function enrolSecondFactor(
  deps: AppDeps,
  actor: Actor,
  input: EnrolSecondFactorInput,
  meta: Meta,
  notice: NoticeMail,
) {
  const now = deps.now()
  authorize(actor, 'secondFactor.enrol', {})
  await takeAttempt(deps, actor.userId, now)
  const secret = openEnrolment(deps, actor, input.enrolment)
  if (!secret) throw new FieldError('code', 'accounts.twoFactor.errors.enrolmentExpired')
  const step = matchTotp(secret, input.code, now.getTime())
  if (step === undefined) {
    await recordFailure(deps, actor, meta, 'enrol')
    throw new FieldError('code', 'accounts.twoFactor.errors.wrongCode')
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode)
  try {
    return await deps.database.db.transaction(async (tx) => {
      if (await repo.hasTwoFactor(tx, actor.userId))
        throw new ConflictError('accounts.twoFactor.errors.enrolled')
      await repo.insertTwoFactorCredential(tx, {
        userId: actor.userId,
        secretSealed: seal(deps.secret, 'totp-secret', secret, actor.userId),
        lastUsedStep: step,
        confirmedAt: now,
      })
      await repo.insertRecoveryCodes(
        tx,
        actor.userId,
        recoveryCodes.map((c) => hashRecoveryCode(normaliseRecoveryCode(c))),
      )
      const session = await rotateSessionWithSecondFactor(tx, actor.sessionId, now)
      await recordAudit(
        tx,
        actor,
        { action: 'account.two_factor_enrolled', object: { type: 'user', id: actor.userId } },
        meta.requestId,
      )
      const account = await repo.findUserById(tx, actor.userId)
      await queueMail(tx, now, [twoFactorNotice(notice.config, account!, 'on', notice.locale)])
      await clearCount(tx, attemptsKey(actor.userId))
      return { token: session.token, recoveryCodes }
    })
  } catch (err) {
    // The same form sent twice at once: the second finds the first's row.
    if (isUniqueViolation(err, 'two_factor_credentials_pkey')) {
      throw new ConflictError('accounts.twoFactor.errors.enrolled')
    }
    throw err
  }
}

/**
 * Checks a code of the account's authenticator or one of its recovery codes and uses it up: a TOTP
 * step is accepted once (and no earlier step after it), a recovery code once. Returns the method.
 */
async function useSecondFactor(
  deps: AppDeps,
  tx: DbOrTx,
  userId: string,
  code: string,
): Promise<'totp' | 'recovery_code' | 'replayed' | undefined> {
  const credential = await repo.findTwoFactorCredential(tx, userId)
  if (!credential) return undefined
  const trimmed = code.replace(/\s/g, '')
  if (/^\d{6}$/.test(trimmed)) {
    const secret = open(deps.secret, 'totp-secret', credential.secretSealed, userId)
    if (!secret) return undefined
    const step = matchTotp(secret, trimmed, deps.now().getTime())
    if (step === undefined) return undefined
    return (await repo.useTotpStep(tx, userId, step)) ? 'totp' : 'replayed'
  }
  const recovery = normaliseRecoveryCode(code)
  if (recovery.length !== 10) return undefined
  return (await repo.useRecoveryCode(tx, userId, hashRecoveryCode(recovery), deps.now()))
    ? 'recovery_code'
    : undefined
}

/**
 * Confirms the second factor for this session with a code from the authenticator or a recovery
 * code; the session gets a new id. Returns the new session token.
 * Throws FieldError at `code` for a wrong or replayed code, RateLimitedError (429) after ten wrong ones.
 */
export async function confirmSecondFactor(
  deps: AppDeps,
  actor: Actor,
  input: ConfirmSecondFactorInput,
  meta: Meta,
) {
  const now = deps.now()
  await takeAttempt(deps, actor.userId, now)
  const result = await deps.database.db.transaction(async (tx) => {
    const method = await useSecondFactor(deps, tx, actor.userId, input.code)
    if (method !== 'totp' && method !== 'recovery_code') return { method }
    await clearCount(tx, attemptsKey(actor.userId))
    const session = await rotateSessionWithSecondFactor(tx, actor.sessionId, now)
    await recordAudit(
      tx,
      actor,
      {
        action: 'account.second_factor_confirmed',
        object: { type: 'user', id: actor.userId },
        data: { method },
      },
      meta.requestId,
    )
    return { method, token: session.token }
  })
  if (result.token) return { token: result.token, method: result.method }
  await recordFailure(deps, actor, meta, 'confirm')
  throw new FieldError(
    'code',
    result.method === 'replayed'
      ? 'accounts.twoFactor.errors.codeUsed'
      : 'accounts.twoFactor.errors.wrongCode',
  )
}

/**
 * Removes the account's authenticator and recovery codes after the person proved it is them again.
 * The password counts only in a session that has confirmed the second factor: otherwise a stolen
 * password would remove the factor and set up the thief's own. Elsewhere it takes a code from the
 * authenticator or a recovery code. Every session of the account goes back to acting as a member.
 */
export async function disableSecondFactor(
  deps: AppDeps,
  actor: Actor,
  input: DisableSecondFactorInput,
  meta: Meta,
  notice: NoticeMail,
) {
  const now = deps.now()
  await takeAttempt(deps, actor.userId, now)
  const db = deps.database.db
  const user = await repo.findUserById(db, actor.userId)
  if (!user) throw new NotFoundError()
  const session = await repo.findSession(db, actor.sessionId)
  const byPassword =
    !!session?.secondFactorAt && !!input.password && (await verifyPassword(user.passwordHash, input.password))
  const done = await db.transaction(async (tx) => {
    if (!byPassword) {
      const method = input.code ? await useSecondFactor(deps, tx, actor.userId, input.code) : undefined
      if (method !== 'totp' && method !== 'recovery_code') return false
    }
    if (!(await repo.deleteTwoFactor(tx, actor.userId))) throw new NotFoundError()
    await repo.clearSecondFactorOfSessions(tx, actor.userId)
    await recordAudit(
      tx,
      actor,
      {
        action: 'account.two_factor_disabled',
        object: { type: 'user', id: actor.userId },
        data: { reauthenticatedBy: byPassword ? 'password' : 'code' },
      },
      meta.requestId,
    )
    await queueMail(tx, now, [twoFactorNotice(notice.config, user, 'off', notice.locale)])
    await clearCount(tx, attemptsKey(actor.userId))
    return true
  })
  if (done) return user
  await recordFailure(deps, actor, meta, 'disable')
  throw new FieldError('_form', 'accounts.twoFactor.errors.reauthFailed')
}

/**
 * An instance admin removes another account's authenticator (a lost phone without recovery codes);
 * the person sets up a new one at their next login. Audited; never one's own (that needs re-authentication).
 */
export async function resetSecondFactorOf(
  deps: AppDeps,
  actor: Actor,
  userId: string,
  meta: Meta,
  notice: NoticeMail,
) {
  authorize(actor, 'account.resetSecondFactor', { userId })
  return deps.database.db.transaction(async (tx) => {
    const user = await repo.findUserById(tx, userId)
    if (!user) throw new NotFoundError()
    const had = await repo.deleteTwoFactor(tx, user.id)
    await repo.clearSecondFactorOfSessions(tx, user.id)
    await recordAudit(
      tx,
      actor,
      { action: 'account.two_factor_reset', object: { type: 'user', id: user.id }, data: { had } },
      meta.requestId,
    )
    await queueMail(tx, deps.now(), [twoFactorNotice(notice.config, user, 'off', notice.locale)])
    return user
  })
}

/**
 * The mail that tells the owner of an account that its second factor was set up or removed: the
 * first set-up trusts the password, so a thief's set-up must not go unnoticed.
 */
export function twoFactorNotice(
  config: Settings,
  account: { email: string; displayName: string; locale: string },
  change: 'on' | 'off',
  fallback: Locale,
): Mail {
  return accountMail(
    config,
    localeOf(account, fallback),
    account.email,
    change === 'on' ? 'twoFactorOn' : 'twoFactorOff',
    {
      name: account.displayName,
      url: absoluteUrl(config, '/account/two-factor'),
      resetUrl: absoluteUrl(config, '/password/forgot'),
    },
  )
}

/** Where a person goes right after logging in: the code prompt, the set-up page, or nowhere special. */
export async function secondFactorAfterLogin(deps: AppDeps, config: Settings, userId: string) {
  const db = deps.database.db
  const user = await repo.findUserById(db, userId)
  if (!user) return undefined
  const { grants } = await repo.listGrantsOfUser(db, user.id, user.memberId)
  const leads = await repo.leadsActiveTeam(db, user.memberId)
  return pendingSecondFactor(db, config, user.id, grants, leads, false)
}
