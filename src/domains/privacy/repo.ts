import { and, eq, getTableName, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { roleGrants } from '../org-units/grants.tables.js'
import { dbName, type Person, type Reference, type TableEntry } from './inventory.js'

/** The ids one person is known by: the account, the member record, or both. */
export type PersonIds = Record<Person, string | null>

type Json = Record<string, unknown>

/** The rows of `ref`'s table that name the person in `ref`, as SQL; null when the person has no such id. */
function names(ref: Reference, ids: PersonIds): SQL | null {
  const id = ids[ref.person]
  if (!id) return null
  if (!ref.through) return sql`${ref.column} = ${id}`
  const parent = ref.through.key.table
  return sql`${ref.column} in (select ${ref.through.key} from ${parent} where ${ref.through.by} = ${id})`
}

/** The whole rows naming the person, as JSON with the column names of the database, less the secrets. */
export async function selectSubjectRows(db: DbOrTx, entry: TableEntry, ref: Reference, ids: PersonIds) {
  const where = names(ref, ids)
  if (!where) return []
  const withheld = sql.param((entry.secret ?? []).map((c) => dbName(c)))
  const rows = await queryRows<{ row: Json }>(
    db,
    sql`select to_jsonb(${entry.table}) - ${withheld}::text[] as row from ${entry.table} where ${where}`,
  )
  return rows.map((r) => r.row)
}

/** What the person did on rows of the organisation: only the columns of `entry.actorView`. */
export async function selectActorRows(db: DbOrTx, entry: TableEntry, ref: Reference, ids: PersonIds) {
  const where = names(ref, ids)
  if (!where || !entry.actorView?.length) return []
  const fields = sql.join(
    entry.actorView.map((c) => sql`${dbName(c)}::text, ${c}`),
    sql`, `,
  )
  const rows = await queryRows<{ row: Json }>(
    db,
    sql`select jsonb_build_object(${fields}) as row from ${entry.table} where ${where}`,
  )
  return rows.map((r) => r.row)
}

const setTo = (column: AnyPgColumn, value: SQL | null) =>
  sql`${sql.identifier(dbName(column))} = ${value ?? sql`null`}`

/** Carries out `ref.erase` on the rows naming the person; returns how many rows it changed. */
export async function eraseReference(db: DbOrTx, entry: TableEntry, ref: Reference, ids: PersonIds) {
  const where = names(ref, ids)
  if (!where) return 0
  const table = entry.table
  let statement: SQL | undefined
  if (ref.erase === 'delete') {
    statement = sql`delete from ${table} where ${where}`
  } else if (ref.erase === 'unlink') {
    const cleared = [ref.column, ...(ref.alsoClear ?? [])].map((c) => setTo(c, null))
    statement = sql`update ${table} set ${sql.join(cleared, sql`, `)} where ${where}`
  } else if (ref.erase === 'keep' && entry.clear?.length) {
    const cleared = entry.clear.map(([c, value]) => setTo(c, value))
    statement = sql`update ${table} set ${sql.join(cleared, sql`, `)} where ${where}`
  }
  if (!statement) return 0
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with changed as (${statement} returning 1) select count(*)::int as n from changed`,
  )
  return rows[0]?.n ?? 0
}

export const tableName = (entry: TableEntry) => getTableName(entry.table)

/**
 * Up to `limit` members who left on or before `cutoff` (an ISO date) and are not erased yet, locked
 * for this transaction; a second server running the job at the same time skips them.
 */
export async function lockDueFormerMembers(db: DbOrTx, cutoff: string, limit: number) {
  return db
    .select({ id: members.id, memberNumber: members.memberNumber })
    .from(members)
    .where(and(isNotNull(members.leftOn), lte(members.leftOn, cutoff), isNull(members.erasedAt)))
    .orderBy(members.leftOn, members.id)
    .limit(limit)
    .for('update', { skipLocked: true })
}

/** The account linked to a member, and whether it still holds a role that is not revoked. */
export async function findAccountOfMember(db: DbOrTx, memberId: string) {
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.memberId, memberId))
  if (!account) return undefined
  const [grant] = await db
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, account.id), isNull(roleGrants.revokedAt)))
    .limit(1)
  return { id: account.id, holdsRole: grant !== undefined }
}

/** Makes the member row a tombstone: the dates of the membership, the home KV and the key of the number. */
export async function tombstoneMember(db: DbOrTx, id: string, numberKey: string, now: Date) {
  await db
    .update(members)
    .set({
      memberNumber: `erased:${id}`,
      memberNumberHash: numberKey,
      firstName: '',
      lastName: '',
      email: null,
      phone: null,
      postalCode: null,
      localUnitId: null,
      enteredOn: null,
      erasedAt: now,
      updatedAt: now,
    })
    .where(eq(members.id, id))
}

/** The marker shown wherever the name of a pseudonymised account would be. */
export const ERASED_NAME = '–'

/** An account that can no longer be used and says nothing about its former holder. */
export async function pseudonymiseAccount(db: DbOrTx, id: string, now: Date) {
  await db
    .update(users)
    .set({
      email: `erased-${id}@erased.invalid`,
      displayName: ERASED_NAME,
      passwordHash: null,
      emailVerifiedAt: null,
      deactivatedAt: sql`coalesce(${users.deactivatedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(eq(users.id, id))
}

export async function unlinkAccount(db: DbOrTx, id: string) {
  await db.update(users).set({ memberId: null }).where(eq(users.id, id))
}

export async function findAccount(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: users.id, memberId: users.memberId })
    .from(users)
    .where(eq(users.id, id))
  return row
}
