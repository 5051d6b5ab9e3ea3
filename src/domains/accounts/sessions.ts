import { type Actor, type Grant, type HeldBack, holdsAnywhere } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps, Settings } from '../../platform/deps.js'
import { needsSecondFactor, rolesNeedingSecondFactor } from './policy.js'
import * as repo from './repo.js'
import { hashToken, newToken } from './tokens.js'

const HOUR = 3600_000
/**
 * Members: 8 h idle, 30 days absolute. Anyone who can see other members' data (coordinators and above, the
 * active leads of a team that runs): 30 min idle, 12 h absolute.
 */
export const sessionLimits = {
  member: { idleMs: 8 * HOUR, absoluteMs: 30 * 24 * HOUR },
  privileged: { idleMs: 30 * 60_000, absoluteMs: 12 * HOUR },
} as const
const TOUCH_EVERY_MS = 60_000

export function sessionCookieName(config: Settings) {
  // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
  return config.http.secureCookies ? '__Host-bs_session' : 'bs_session'
}

/** Starts a server-side session; the cookie carries the token, the table only its hash. */
export async function createSession(
  db: DbOrTx,
  userId: string,
  now: Date,
  userAgent?: string,
  secondFactorAt: Date | null = null,
  oidcLogoutSealed: string | null = null,
) {
  const { token, hash } = newToken()
  await repo.insertSession(db, {
    id: hash,
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + sessionLimits.member.absoluteMs),
    userAgent: userAgent?.slice(0, 300) ?? null,
    secondFactorAt,
    oidcLogoutSealed,
  })
  return { token, sessionId: hash }
}

/**
 * What a session still has to do before the roles above member and the powers of a team's lead count:
 * nothing (undefined), set up a second factor, or confirm the one the account has.
 */
export async function pendingSecondFactor(
  db: DbOrTx,
  config: Settings,
  userId: string,
  grants: readonly Grant[],
  leadsActiveTeam: boolean,
  confirmed: boolean,
): Promise<'enrol' | 'confirm' | undefined> {
  if (!secondFactorStep(config, grants, leadsActiveTeam, confirmed, true)) return undefined
  return (await repo.hasTwoFactor(db, userId)) ? 'confirm' : 'enrol'
}

/** The same decision when it is already known whether the account has a second factor. */
function secondFactorStep(
  config: Settings,
  grants: readonly Grant[],
  leadsActiveTeam: boolean,
  confirmed: boolean,
  hasSecondFactor: boolean,
): 'enrol' | 'confirm' | undefined {
  if (!config.auth.mfaRequired || confirmed || !needsSecondFactor(grants, leadsActiveTeam)) return undefined
  return hasSecondFactor ? 'confirm' : 'enrol'
}

/** What a pending second factor holds back: the roles above member, and a team's lead powers. */
function heldBackOf(grants: readonly Grant[], leadsActiveTeam: boolean): HeldBack[] {
  const roles: HeldBack[] = rolesNeedingSecondFactor(grants)
  return leadsActiveTeam ? [...roles, 'team_lead'] : roles
}

/**
 * Replaces the session with a new id that has confirmed the second factor (a privilege change, so
 * the old id stops working: session fixation gains nothing). Keeps the session's start, so its
 * absolute limit does not move. Returns the new cookie token.
 */
export async function rotateSessionWithSecondFactor(db: DbOrTx, sessionId: string, now: Date) {
  const old = await repo.findSession(db, sessionId)
  if (!old || old.revokedAt) throw new Error('rotating a session that is not live')
  const { token, hash } = newToken()
  await repo.insertSession(db, { ...old, id: hash, lastSeenAt: now, secondFactorAt: now })
  await repo.revokeSession(db, old.id, now)
  return { token, sessionId: hash }
}

/**
 * Reads the session and the roles on every request, so a revoked role or session is refused
 * on the very next request. One query (repo.findSessionActor) brings the session, the account, its
 * grants, the home district and local group, whether a second factor is set up and whether the member
 * leads a team that runs; a session is written to only when it ends or, at most once a minute, to note
 * that it is in use.
 */
export function resolveActorFor(deps: AppDeps, config: Settings) {
  return async (token: string): Promise<Actor | undefined> => {
    if (token.length > 100) return undefined
    const now = deps.now()
    const id = hashToken(token)
    const db = deps.database.db
    const row = await repo.findSessionActor(db, id, now)
    if (!row) return undefined
    const grants: Grant[] = row.grants.map(([role, unitId, unitPath]) => ({ role, unitId, unitPath }))
    // A current member holds the member role on the home district.
    const member = row.home_unit_id !== null && row.home_unit_path !== null && !row.left
    if (member) grants.push({ role: 'member', unitId: row.home_unit_id!, unitPath: row.home_unit_path! })
    const actor: Actor = {
      userId: row.user_id,
      sessionId: row.session_id,
      email: row.email,
      displayName: row.display_name,
      memberId: row.member_id,
      homeUnitId: row.home_unit_id,
      memberUnitPath: member ? (row.local_unit_path ?? row.home_unit_path) : null,
      grants,
      leadsActiveTeam: row.leads_active_team,
      leadPowers: true,
    }
    // The limits follow the roles held, confirmed or not: an unconfirmed session may be confirmed any minute.
    const limits =
      holdsAnywhere(actor, 'coordinator') || row.leads_active_team
        ? sessionLimits.privileged
        : sessionLimits.member
    const idleFor = now.getTime() - row.last_seen_at.getTime()
    const age = now.getTime() - row.created_at.getTime()
    if (idleFor > limits.idleMs || age > limits.absoluteMs) {
      await repo.revokeSession(db, id, now)
      return undefined
    }
    if (idleFor > TOUCH_EVERY_MS) await repo.touchSession(db, id, now)
    const step = secondFactorStep(
      config,
      grants,
      row.leads_active_team,
      row.second_factor_at !== null,
      row.has_two_factor,
    )
    if (!step) return actor
    // Deny by default: without the second factor the person is a member, for every policy there is, and leads no team.
    return {
      ...actor,
      grants: grants.filter((g) => g.role === 'member'),
      leadPowers: false,
      secondFactor: { step, heldBack: heldBackOf(grants, row.leads_active_team) },
    }
  }
}

/** Whether this live session has confirmed the second factor (a token created in it may then carry the roles above member). */
export async function sessionConfirmedSecondFactor(db: DbOrTx, sessionId: string) {
  const session = await repo.findSession(db, sessionId)
  return !!session && !session.revokedAt && session.secondFactorAt !== null
}

/**
 * The same rule for a personal access token: its roles above member and a team's lead powers count only when it
 * was created in a session that had confirmed the second factor and the account still has one (or none is required).
 */
export function tokenSecondFactorHeldBack(
  config: Settings,
  grants: readonly Grant[],
  leadsActiveTeam: boolean,
  createdWithSecondFactor: boolean,
  hasSecondFactor: boolean,
) {
  const step = secondFactorStep(
    config,
    grants,
    leadsActiveTeam,
    createdWithSecondFactor && hasSecondFactor,
    hasSecondFactor,
  )
  return step ? { step, heldBack: heldBackOf(grants, leadsActiveTeam) } : undefined
}
