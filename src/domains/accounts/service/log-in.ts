import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, RateLimitedError } from '../../../platform/errors.js'
import { clearCount, countAttempt } from '../../../platform/limits/limits.js'
import type { LogInInput } from '../input.js'
import { verifyPassword } from '../passwords.js'
import { openProviderSession, type ProviderSession } from '../provider-session.js'
import * as repo from '../repo.js'
import { createSession } from '../sessions.js'

type Meta = { userAgent?: string | undefined; requestId?: string }

const FAILURE_WINDOW_MS = 15 * 60_000
const MAX_ATTEMPTS_PER_ACCOUNT = 10

/**
 * Logs in with e-mail and password and starts a session.
 * After ten attempts for one account within 15 minutes without a success, further attempts are
 * refused without checking the password (the account is not locked: a login link still works).
 * Each attempt is counted in the database before its password is checked, in one statement, so
 * concurrent attempts and other processes count too: of 25 at once, at most ten are checked.
 * Throws FieldError('_form', invalidCredentials) for any mismatch, without saying which part was wrong.
 */
export async function logInWithPassword(deps: AppDeps, input: LogInInput, meta: Meta) {
  const now = deps.now()
  const key = input.email.toLowerCase()
  const db = deps.database.db
  const counter = `login:${key}`
  if ((await countAttempt(db, counter, FAILURE_WINDOW_MS, now)) > MAX_ATTEMPTS_PER_ACCOUNT) {
    throw new RateLimitedError()
  }
  const user = await repo.findUserByEmail(db, key)
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password)
  if (!user || !ok || user.deactivatedAt) {
    await recordAudit(
      db,
      undefined,
      { action: 'account.login_failed', object: { type: 'user', id: user?.id ?? null } },
      meta.requestId,
    )
    throw new FieldError('_form', 'accounts.errors.invalidCredentials')
  }
  return db.transaction(async (tx) => {
    await clearCount(tx, counter)
    const session = await createSession(tx, user.id, now, meta.userAgent)
    await recordAudit(
      tx,
      undefined,
      { action: 'account.logged_in', object: { type: 'user', id: user.id }, actorUserId: user.id },
      meta.requestId,
    )
    return { ...session, userId: user.id }
  })
}

/**
 * Ends the current session on the server; the cookie alone is worthless afterwards. A session begun at the
 * party's OpenID provider hands back the provider's issuer and ID token it kept, so that the route can send the
 * browser on to end the provider's session too (RP-initiated logout); undefined for any other session.
 */
export async function logOut(
  deps: AppDeps,
  actor: Actor,
  meta: Meta,
): Promise<{ provider?: ProviderSession }> {
  return deps.database.db.transaction(async (tx) => {
    const ended = await repo.endSession(tx, actor.sessionId, deps.now())
    await recordAudit(
      tx,
      actor,
      { action: 'account.logged_out', object: { type: 'user', id: actor.userId } },
      meta.requestId,
    )
    const sealed = ended?.oidcLogoutSealed
    const provider = sealed ? openProviderSession(deps.secret, actor.userId, sealed) : undefined
    return provider ? { provider } : {}
  })
}
