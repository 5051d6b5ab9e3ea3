import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import type { Role } from '../../platform/auth/actor.js'
import { preparedStatement } from '../../platform/db/prepared.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { leadsActiveTeamSql } from '../accounts/index.js'
import { roleGrants } from '../org-units/grants.tables.js'
import { orgUnits } from '../org-units/tables.js'
import { apiTokens } from './tables.js'

export type TokenActorRow = {
  token_id: string
  scope: 'read' | 'write'
  second_factor: boolean
  last_used_at: Date | null
  scope_unit_id: string
  scope_unit_path: string
  user_id: string
  email: string
  display_name: string
  member_id: string | null
  home_unit_id: string | null
  home_unit_path: string | null
  left: boolean | null
  local_unit_path: string | null
  grants: [Role, string, string][]
  has_two_factor: boolean
  leads_active_team: boolean
}

const tokenActor = preparedStatement<TokenActorRow>(
  'api_token_actor',
  `select t.id as token_id, t.scope, t.second_factor, t.last_used_at,
          su.id as scope_unit_id, su.path as scope_unit_path,
          u.id as user_id, u.email, u.display_name, u.member_id,
          m.home_unit_id, h.path as home_unit_path, m.left_on is not null as left, l.path as local_unit_path,
          coalesce((select json_agg(json_build_array(g.role, g.unit_id, gu.path))
                    from role_grants g join org_units gu on gu.id = g.unit_id
                    where g.user_id = u.id and g.revoked_at is null), '[]'::json) as grants,
          exists (select 1 from two_factor_credentials c where c.user_id = u.id) as has_two_factor,
          ${leadsActiveTeamSql('u.member_id')} as leads_active_team
   from api_tokens t
   join org_units su on su.id = t.unit_id
   join users u on u.id = t.user_id and u.deactivated_at is null
   left join members m on m.id = u.member_id
   left join org_units h on h.id = m.home_unit_id
   left join org_units l on l.id = m.local_unit_id
   where t.token_hash = $1 and t.revoked_at is null and t.expires_at > $2`,
)

/** The live token with this hash (not revoked, not expired, its account active), with everything the actor needs. */
export async function findTokenActor(db: DbOrTx, tokenHash: string, now: Date) {
  const [row] = await tokenActor(db, [tokenHash, now])
  return row
}

export async function touchToken(db: DbOrTx, id: string, now: Date) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id))
}

export async function insertToken(db: DbOrTx, values: typeof apiTokens.$inferInsert) {
  const [row] = await db.insert(apiTokens).values(values).returning()
  return row!
}

export async function listTokensOfUser(db: DbOrTx, userId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      unitId: orgUnits.id,
      unitName: orgUnits.name,
    })
    .from(apiTokens)
    .innerJoin(orgUnits, eq(orgUnits.id, apiTokens.unitId))
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt))
}

export async function findTokenOfUser(db: DbOrTx, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
  return row
}

export async function revokeToken(db: DbOrTx, id: string, now: Date) {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
}

export async function countLiveTokens(db: DbOrTx, userId: string, now: Date) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(
      and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), sql`${apiTokens.expiresAt} > ${now}`),
    )
  return row?.n ?? 0
}

/** The units a person may scope a token to: those of their grants (explicit and as a member) and the federation. */
export async function listScopableUnits(db: DbOrTx, userId: string, memberUnitIds: readonly string[]) {
  const granted = await db
    .selectDistinct({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
    .from(roleGrants)
    .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
    .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt), isNull(orgUnits.dissolvedAt)))
  const own = memberUnitIds.length
    ? await db
        .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
        .from(orgUnits)
        .where(and(sql`${orgUnits.id} in ${memberUnitIds}`, isNull(orgUnits.dissolvedAt)))
    : []
  const root = await db
    .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
    .from(orgUnits)
    .where(isNull(orgUnits.parentId))
    .orderBy(asc(orgUnits.path))
  // Below a role's unit, its units one level down (the KVs of a state board, the local groups of a KV board).
  const below = granted.length
    ? await db
        .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
        .from(orgUnits)
        .where(
          and(
            inArray(
              orgUnits.parentId,
              granted.map((g) => g.id),
            ),
            ne(orgUnits.kind, 'team'),
            isNull(orgUnits.dissolvedAt),
          ),
        )
    : []
  const seen = new Map<string, { id: string; name: string; path: string }>()
  for (const u of [...root, ...own, ...granted, ...below]) seen.set(u.id, u)
  return [...seen.values()].sort((a, b) => a.path.length - b.path.length || a.name.localeCompare(b.name))
}

/** A unit a token may be scoped to: one that exists and is not dissolved. */
export async function openUnitExists(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), isNull(orgUnits.dissolvedAt)))
  return !!row
}
