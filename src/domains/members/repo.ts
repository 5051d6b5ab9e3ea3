import { and, asc, eq, isNotNull, isNull, like, max, sql } from 'drizzle-orm'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { orgUnits } from '../org-units/tables.js'
import { memberImports } from './imports.tables.js'
import { members } from './tables.js'

export async function listMembersOfUnit(db: DbOrTx, unitId: string, limit = 200, offset = 0) {
  return db
    .select()
    .from(members)
    .where(and(eq(members.homeUnitId, unitId), isNull(members.erasedAt)))
    .orderBy(asc(members.lastName), asc(members.firstName))
    .limit(limit)
    .offset(offset)
}

/** Every unit of one kind below a path, with just what an import needs to recognise it. */
export async function listUnitsUnder(db: DbOrTx, path: string, kind: 'district' | 'local') {
  return db
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      key: orgUnits.key,
      ags: orgUnits.ags,
      kreisType: orgUnits.kreisType,
      parentId: orgUnits.parentId,
    })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, kind), isNull(orgUnits.dissolvedAt), like(orgUnits.path, `${path}%`)))
}

export type MemberUpsert = {
  memberNumber: string
  firstName: string
  lastName: string
  email: string | null
  phone: string | null
  postalCode: string | null
  homeUnitId: string
  localUnitId: string | null
  enteredOn: string
  leftOn: string | null
}

export type InsertedMember = {
  id: string
  homeUnitId: string
  enteredOn: string | null
  leftOn: string | null
}

/** Rows per statement: large enough that round trips do not count, small enough to keep each statement short. */
const BATCH = 1000

const column = <K extends keyof MemberUpsert>(rows: readonly MemberUpsert[], key: K) =>
  sql.param(rows.map((r) => r[key]))

/**
 * Inserts new members and updates changed ones, keyed by member number. A row whose fields are all
 * equal to the stored ones is not touched at all (its updated_at stays), which makes a re-run a no-op.
 * `xmax = 0` holds only for a row this statement inserted, so RETURNING tells inserts from updates
 * (and what the onboarding of the inserted members starts from, without reading them again).
 * Each column travels as one array parameter: PostgreSQL parses 10 parameters instead of 10,000.
 */
export async function upsertMembers(db: DbOrTx, rows: readonly MemberUpsert[], now: Date) {
  const at = now.toISOString()
  const insertedMembers: InsertedMember[] = []
  let updated = 0
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH)
    const result = await queryRows<InsertedMember & { inserted: boolean }>(
      db,
      sql`insert into members as m (member_number, first_name, last_name, email, phone, postal_code,
          home_unit_id, local_unit_id, entered_on, left_on, created_at, updated_at)
        select r.*, ${at}::timestamptz, ${at}::timestamptz
        from unnest(${column(batch, 'memberNumber')}::text[], ${column(batch, 'firstName')}::text[],
          ${column(batch, 'lastName')}::text[], ${column(batch, 'email')}::text[], ${column(batch, 'phone')}::text[],
          ${column(batch, 'postalCode')}::text[], ${column(batch, 'homeUnitId')}::uuid[],
          ${column(batch, 'localUnitId')}::uuid[], ${column(batch, 'enteredOn')}::date[],
          ${column(batch, 'leftOn')}::date[]) as r
        on conflict (member_number) do update set
          first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
          phone = excluded.phone, postal_code = excluded.postal_code, home_unit_id = excluded.home_unit_id,
          local_unit_id = excluded.local_unit_id, entered_on = excluded.entered_on, left_on = excluded.left_on,
          updated_at = excluded.updated_at
        where (m.first_name, m.last_name, m.email, m.phone, m.postal_code, m.home_unit_id,
               m.local_unit_id, m.entered_on, m.left_on)
          is distinct from (excluded.first_name, excluded.last_name, excluded.email, excluded.phone,
               excluded.postal_code, excluded.home_unit_id, excluded.local_unit_id, excluded.entered_on,
               excluded.left_on)
        returning id, home_unit_id as "homeUnitId", entered_on::text as "enteredOn", left_on::text as "leftOn",
          (xmax = 0) as inserted`,
    )
    for (const r of result) {
      if (r.inserted)
        insertedMembers.push({ id: r.id, homeUnitId: r.homeUnitId, enteredOn: r.enteredOn, leftOn: r.leftOn })
      else updated++
    }
  }
  return { inserted: insertedMembers.length, updated, insertedMembers }
}

/** For each key of an erased member's number among `keys`, the latest day such a member left. */
export async function lastLeavingOfErased(db: DbOrTx, keys: readonly string[]) {
  const rows = await db
    .select({ key: members.memberNumberHash, leftOn: max(members.leftOn) })
    .from(members)
    .where(
      and(
        isNotNull(members.erasedAt),
        sql`${members.memberNumberHash} = any(${sql.param([...keys])}::text[])`,
      ),
    )
    .groupBy(members.memberNumberHash)
  const found = new Map<string, string>()
  for (const r of rows) if (r.key && r.leftOn) found.set(r.key, r.leftOn)
  return found
}

export async function insertMemberImport(db: DbOrTx, values: typeof memberImports.$inferInsert) {
  const [row] = await db.insert(memberImports).values(values).returning()
  return row!
}
