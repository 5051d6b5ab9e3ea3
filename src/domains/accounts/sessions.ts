import type { AppDeps } from '../../app.js'
import type { Config } from '../../config.js'
import { type Actor, holdsAnywhere } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import * as repo from './repo.js'
import { hashToken, newToken } from './tokens.js'

const HOUR = 3600_000
/** Members: 8 h idle, 30 days absolute. Anyone who can see other members' data: 30 min idle, 12 h absolute. */
export const sessionLimits = {
  member: { idleMs: 8 * HOUR, absoluteMs: 30 * 24 * HOUR },
  privileged: { idleMs: 30 * 60_000, absoluteMs: 12 * HOUR },
} as const
const TOUCH_EVERY_MS = 60_000

export function sessionCookieName(config: Config) {
  // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
  return config.http.secureCookies ? '__Host-bs_session' : 'bs_session'
}

/** Starts a server-side session; the cookie carries the token, the table only its hash. */
export async function createSession(db: DbOrTx, userId: string, now: Date, userAgent?: string) {
  const { token, hash } = newToken()
  await repo.insertSession(db, {
    id: hash,
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + sessionLimits.member.absoluteMs),
    userAgent: userAgent?.slice(0, 300) ?? null,
  })
  return { token, sessionId: hash }
}

/**
 * Reads the session and the roles on every request, so a revoked role or session is refused
 * on the very next request.
 */
export function resolveActorFor(deps: AppDeps) {
  return async (token: string): Promise<Actor | undefined> => {
    if (token.length > 100) return undefined
    const now = deps.now()
    const id = hashToken(token)
    const db = deps.database.db
    const found = await repo.findLiveSession(db, id, now)
    if (!found) return undefined
    const { session, user } = found
    const { grants, homeUnitId } = await repo.listGrantsOfUser(db, user.id, user.memberId)
    const actor: Actor = {
      userId: user.id,
      sessionId: session.id,
      email: user.email,
      displayName: user.displayName,
      memberId: user.memberId,
      homeUnitId,
      grants,
    }
    const limits = holdsAnywhere(actor, 'coordinator') ? sessionLimits.privileged : sessionLimits.member
    const idleFor = now.getTime() - session.lastSeenAt.getTime()
    const age = now.getTime() - session.createdAt.getTime()
    if (idleFor > limits.idleMs || age > limits.absoluteMs) {
      await repo.revokeSession(db, id, now)
      return undefined
    }
    if (idleFor > TOUCH_EVERY_MS) await repo.touchSession(db, id, now)
    return actor
  }
}
