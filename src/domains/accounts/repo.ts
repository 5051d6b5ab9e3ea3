import { and, asc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm'
import type { Grant, Role } from '../../platform/auth/actor.js'
import { preparedStatement } from '../../platform/db/prepared.js'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { members } from '../members/tables.js'
import { roleGrants } from '../org-units/grants.tables.js'
import { orgUnits } from '../org-units/tables.js'
import {
  loginTokens,
  oidcIdentities,
  sessions,
  twoFactorCredentials,
  twoFactorRecoveryCodes,
  users,
} from './tables.js'

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
  return row
}

export async function findUserById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id))
  return row
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning()
  return row!
}

export async function insertSession(db: DbOrTx, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values)
}

export type SessionActorRow = {
  session_id: string
  created_at: Date
  last_seen_at: Date
  second_factor_at: Date | null
  user_id: string
  email: string
  display_name: string
  member_id: string | null
  home_unit_id: string | null
  home_unit_path: string | null
  left: boolean | null
  local_unit_path: string | null
  /** Explicit grants that are not revoked: [role, unit id, unit path]. */
  grants: [Role, string, string][]
  has_two_factor: boolean
  /** The linked member is an active lead of a team that has not ended. */
  leads_active_team: boolean
}

/**
 * SQL that is true when the member `memberId` (an SQL expression) is an active lead of a team that has not
 * ended: such an account needs a second factor like a coordinator (`policy.ts`).
 */
export const leadsActiveTeamSql = (memberId: string) =>
  `exists (select 1 from team_members tm join teams tt on tt.unit_id = tm.team_id
                  where tm.member_id = ${memberId} and tm.role = 'lead' and tm.status = 'active'
                    and tt.ended_at is null)`

const sessionActor = preparedStatement<SessionActorRow>(
  'accounts_session_actor',
  `select s.id as session_id, s.created_at, s.last_seen_at, s.second_factor_at,
          u.id as user_id, u.email, u.display_name, u.member_id,
          m.home_unit_id, h.path as home_unit_path, m.left_on is not null as left, l.path as local_unit_path,
          coalesce((select json_agg(json_build_array(g.role, g.unit_id, gu.path))
                    from role_grants g join org_units gu on gu.id = g.unit_id
                    where g.user_id = u.id and g.revoked_at is null), '[]'::json) as grants,
          exists (select 1 from two_factor_credentials t where t.user_id = u.id) as has_two_factor,
          ${leadsActiveTeamSql('u.member_id')} as leads_active_team
   from sessions s
   join users u on u.id = s.user_id and u.deactivated_at is null
   left join members m on m.id = u.member_id
   left join org_units h on h.id = m.home_unit_id
   left join org_units l on l.id = m.local_unit_id
   where s.id = $1 and s.revoked_at is null and s.expires_at > $2`,
)

/**
 * Everything a request needs to know about who sends it, in one round trip: the live session (not
 * revoked, not expired, account not deactivated), its user, the explicit grants that are not revoked,
 * the linked member's home district and local group, whether the account has a second factor and whether
 * the member leads a team that runs.
 */
export async function findSessionActor(db: DbOrTx, id: string, now: Date) {
  const [row] = await sessionActor(db, [id, now])
  return row
}

export async function touchSession(db: DbOrTx, id: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id))
}

export async function revokeSession(db: DbOrTx, id: string, now: Date) {
  await db
    .update(sessions)
    .set({ revokedAt: now, oidcLogoutSealed: null })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
}

export async function revokeSessionsOfUser(db: DbOrTx, userId: string, now: Date) {
  await db
    .update(sessions)
    .set({ revokedAt: now, oidcLogoutSealed: null })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
}

export async function listActiveSessions(db: DbOrTx, userId: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(sql`${sessions.lastSeenAt} desc`)
}

/**
 * Explicit grants that are not revoked, plus the member role on the home district of a linked,
 * current member, and that home district. One round of queries per request, so it stays cheap.
 */
export async function listGrantsOfUser(
  db: DbOrTx,
  userId: string,
  memberId: string | null,
): Promise<{ grants: Grant[]; homeUnitId: string | null }> {
  const explicit = await db
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: orgUnits.path })
    .from(roleGrants)
    .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
    .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt)))
  const grants: Grant[] = explicit.map((g) => ({
    role: g.role as Role,
    unitId: g.unitId,
    unitPath: g.unitPath,
  }))
  if (!memberId) return { grants, homeUnitId: null }
  const [home] = await db
    .select({ unitId: orgUnits.id, unitPath: orgUnits.path, leftOn: members.leftOn })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .where(eq(members.id, memberId))
  if (!home) return { grants, homeUnitId: null }
  if (home.leftOn === null) grants.push({ role: 'member', unitId: home.unitId, unitPath: home.unitPath })
  return { grants, homeUnitId: home.unitId }
}

export async function insertLoginToken(db: DbOrTx, values: typeof loginTokens.$inferInsert) {
  await db.insert(loginTokens).values(values)
}

/** Marks a token used and returns it, in one statement: two concurrent clicks cannot both succeed. */
export async function consumeLoginToken(
  db: DbOrTx,
  id: string,
  purpose: 'magic_link' | 'password_reset' | 'verify_email',
  now: Date,
) {
  const [row] = await db
    .update(loginTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(loginTokens.id, id),
        eq(loginTokens.purpose, purpose),
        isNull(loginTokens.usedAt),
        gt(loginTokens.expiresAt, now),
      ),
    )
    .returning()
  return row
}

/** A token that would still work, without using it up (to decide whether to show the form it leads to). */
export async function findUsableLoginToken(
  db: DbOrTx,
  id: string,
  purpose: 'magic_link' | 'password_reset' | 'verify_email',
  now: Date,
) {
  const [row] = await db
    .select()
    .from(loginTokens)
    .where(
      and(
        eq(loginTokens.id, id),
        eq(loginTokens.purpose, purpose),
        isNull(loginTokens.usedAt),
        gt(loginTokens.expiresAt, now),
      ),
    )
  return row
}

/** Uses up every outstanding token of one purpose, so an older mail stops working once a newer one did. */
export async function useUpLoginTokens(
  db: DbOrTx,
  userId: string,
  purpose: 'magic_link' | 'password_reset' | 'verify_email',
  now: Date,
) {
  await db
    .update(loginTokens)
    .set({ usedAt: now })
    .where(and(eq(loginTokens.userId, userId), eq(loginTokens.purpose, purpose), isNull(loginTokens.usedAt)))
}

export async function countLoginTokens(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginTokens)
    .where(eq(loginTokens.userId, userId))
  return row?.n ?? 0
}

export async function updateUser(db: DbOrTx, id: string, values: Partial<typeof users.$inferInsert>) {
  const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning()
  return row
}

/** Members with this e-mail address and the account each is linked to, if any. */
export async function listMembersByEmail(db: DbOrTx, email: string) {
  return db
    .select({ memberId: members.id, linkedUserId: users.id })
    .from(members)
    .leftJoin(users, eq(users.memberId, members.id))
    .where(sql`lower(${members.email}) = ${email.toLowerCase()}`)
    .limit(5)
}

/**
 * Ends a live session (its row locked, so a concurrent ending waits) and hands back what it kept for ending the
 * provider's session too (sealed); undefined when the session was not live.
 */
export async function endSession(db: DbOrTx, id: string, now: Date) {
  const [before] = await db
    .select({ sealed: sessions.oidcLogoutSealed })
    .from(sessions)
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .for('update')
  if (!before) return undefined
  await revokeSession(db, id, now)
  return { oidcLogoutSealed: before.sealed }
}

export async function findSession(db: DbOrTx, id: string) {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id))
  return row
}

export async function revokeOtherSessionsOfUser(db: DbOrTx, userId: string, keepId: string, now: Date) {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, oidcLogoutSealed: null })
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keepId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
  return rows.length
}

/** The roles granted explicitly, with the name of the unit, for the account page. */
export async function listRoleGrantsWithUnits(db: DbOrTx, userId: string) {
  return db
    .select({ role: roleGrants.role, unitId: orgUnits.id, unitName: orgUnits.name })
    .from(roleGrants)
    .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
    .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt)))
    .orderBy(asc(orgUnits.name))
}

export async function findHomeUnitOfMember(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({ id: orgUnits.id, name: orgUnits.name, leftOn: members.leftOn })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .where(eq(members.id, memberId))
  return row
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Accounts whose e-mail or name contains the search text (all of them, newest first, when it is empty). */
export async function searchUsers(db: DbOrTx, query: string, limit: number) {
  const pattern = `%${escapeLike(query.toLowerCase())}%`
  return db
    .select()
    .from(users)
    .where(
      query
        ? or(sql`lower(${users.email}) like ${pattern}`, sql`lower(${users.displayName}) like ${pattern}`)
        : undefined,
    )
    .orderBy(sql`${users.createdAt} desc`, asc(users.email))
    .limit(limit)
}

export async function findTwoFactorCredential(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, userId))
  return row
}

const leadsTeam = preparedStatement<{ leads: boolean }>(
  'accounts_leads_active_team',
  `select ${leadsActiveTeamSql('$1')} as leads`,
)

/** Whether the member is an active lead of a team that has not ended (the same rule as in findSessionActor). */
export async function leadsActiveTeam(db: DbOrTx, memberId: string | null) {
  if (!memberId) return false
  const [row] = await leadsTeam(db, [memberId])
  return !!row?.leads
}

export async function hasTwoFactor(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ userId: twoFactorCredentials.userId })
    .from(twoFactorCredentials)
    .where(eq(twoFactorCredentials.userId, userId))
  return !!row
}

export async function insertTwoFactorCredential(
  db: DbOrTx,
  values: typeof twoFactorCredentials.$inferInsert,
) {
  await db.insert(twoFactorCredentials).values(values)
}

/**
 * Records that a code of `step` was used, in one statement: only a step later than every step used
 * before succeeds, so a code (or an older one) cannot be replayed, not even by two requests at once.
 */
export async function useTotpStep(db: DbOrTx, userId: string, step: number) {
  const rows = await db
    .update(twoFactorCredentials)
    .set({ lastUsedStep: step })
    .where(
      and(
        eq(twoFactorCredentials.userId, userId),
        or(isNull(twoFactorCredentials.lastUsedStep), lt(twoFactorCredentials.lastUsedStep, step)),
      ),
    )
    .returning({ userId: twoFactorCredentials.userId })
  return rows.length === 1
}

/** Removes the authenticator and every recovery code of an account. Returns whether there was one. */
export async function deleteTwoFactor(db: DbOrTx, userId: string) {
  await db.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId))
  const rows = await db
    .delete(twoFactorCredentials)
    .where(eq(twoFactorCredentials.userId, userId))
    .returning({ userId: twoFactorCredentials.userId })
  return rows.length === 1
}

export async function insertRecoveryCodes(db: DbOrTx, userId: string, codeHashes: string[]) {
  await db.insert(twoFactorRecoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })))
}

/** Uses up one recovery code, in one statement: two requests with the same code cannot both succeed. */
export async function useRecoveryCode(db: DbOrTx, userId: string, codeHash: string, now: Date) {
  const rows = await db
    .update(twoFactorRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(twoFactorRecoveryCodes.userId, userId),
        eq(twoFactorRecoveryCodes.codeHash, codeHash),
        isNull(twoFactorRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: twoFactorRecoveryCodes.id })
  return rows.length === 1
}

export async function countUnusedRecoveryCodes(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(twoFactorRecoveryCodes)
    .where(and(eq(twoFactorRecoveryCodes.userId, userId), isNull(twoFactorRecoveryCodes.usedAt)))
  return row?.n ?? 0
}

/** Every session of the account goes back to acting as a member until it confirms a second factor again. */
export async function clearSecondFactorOfSessions(db: DbOrTx, userId: string) {
  await db.update(sessions).set({ secondFactorAt: null }).where(eq(sessions.userId, userId))
}

/** The accounts among these that have an authenticator, for the admin's list. */
export async function listUsersWithTwoFactor(db: DbOrTx, userIds: string[]) {
  if (userIds.length === 0) return new Set<string>()
  const rows = await db
    .select({ userId: twoFactorCredentials.userId })
    .from(twoFactorCredentials)
    .where(inArray(twoFactorCredentials.userId, userIds))
  return new Set(rows.map((r) => r.userId))
}

/**
 * Issues a login token for the active account with this address, in one statement that reads the
 * account and inserts the token, and returns the account (nothing, and no token, for an unknown or
 * deactivated address). Known and unknown addresses cost the same single round trip.
 */
export async function issueTokenForAddress(
  db: DbOrTx,
  email: string,
  token: { id: string; purpose: 'magic_link' | 'password_reset'; createdAt: Date; expiresAt: Date },
) {
  const rows = await queryRows<{ id: string; email: string; display_name: string; locale: string }>(
    db,
    sql`with account as (
          select id, email, display_name, locale from users
          where lower(email) = ${email.toLowerCase()} and deactivated_at is null),
        issued as (
          insert into login_tokens (id, user_id, purpose, created_at, expires_at)
          select ${token.id}, id, ${token.purpose}, ${token.createdAt.toISOString()}::timestamptz,
                 ${token.expiresAt.toISOString()}::timestamptz
          from account
          returning user_id)
        select account.* from account join issued on issued.user_id = account.id`,
  )
  const row = rows[0]
  return row ? { id: row.id, email: row.email, displayName: row.display_name, locale: row.locale } : undefined
}

/** Current members (not left, not erased) with this e-mail address, with the account each is linked to. */
export async function listCurrentMembersByEmail(db: DbOrTx, email: string) {
  return db
    .select({
      memberId: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      linkedUserId: users.id,
    })
    .from(members)
    .leftJoin(users, eq(users.memberId, members.id))
    .where(
      and(
        sql`lower(${members.email}) = ${email.toLowerCase()}`,
        isNull(members.leftOn),
        isNull(members.erasedAt),
      ),
    )
    .limit(5)
}

export async function findOidcIdentity(db: DbOrTx, issuer: string, subject: string) {
  const [row] = await db
    .select()
    .from(oidcIdentities)
    .where(and(eq(oidcIdentities.issuer, issuer), eq(oidcIdentities.subject, subject)))
  return row
}

export async function findOidcIdentityOfUser(db: DbOrTx, userId: string, issuer: string) {
  const [row] = await db
    .select()
    .from(oidcIdentities)
    .where(and(eq(oidcIdentities.userId, userId), eq(oidcIdentities.issuer, issuer)))
  return row
}

export async function listOidcIdentitiesOfUser(db: DbOrTx, userId: string) {
  return db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, userId))
}

export async function insertOidcIdentity(db: DbOrTx, values: typeof oidcIdentities.$inferInsert) {
  const [row] = await db.insert(oidcIdentities).values(values).returning()
  return row!
}

export async function touchOidcIdentity(db: DbOrTx, id: string, now: Date) {
  await db.update(oidcIdentities).set({ lastLoginAt: now }).where(eq(oidcIdentities.id, id))
}

export async function deleteOidcIdentity(db: DbOrTx, userId: string, id: string) {
  const rows = await db
    .delete(oidcIdentities)
    .where(and(eq(oidcIdentities.id, id), eq(oidcIdentities.userId, userId)))
    .returning({ id: oidcIdentities.id })
  return rows.length > 0
}
