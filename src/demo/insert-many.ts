import { param, sql } from 'drizzle-orm'
import { queryRows } from '../platform/db/query.js'
import type { DbOrTx } from '../platform/db/types.js'

const CHUNK = 5000

/**
 * Inserts many rows with one statement per 5,000 rows: each column travels as one text[] parameter
 * (an array type both drivers serialise) and unnest() turns the arrays back into typed rows,
 * so the first start stays fast on PGlite (drizzle's insert of many rows builds a parameter per value). A
 * Date travels as its ISO instant, null and undefined as NULL (a column left out takes its default).
 */
export async function insertMany(
  tx: DbOrTx,
  table: string,
  columns: [name: string, type: string][],
  rows: unknown[][],
) {
  const names = sql.join(
    columns.map(([name]) => sql.identifier(name)),
    sql`, `,
  )
  const casts = sql.join(
    columns.map(([, type], c) => sql.raw(`c${c}::${type}`)),
    sql`, `,
  )
  const aliases = sql.raw(columns.map((_, c) => `c${c}`).join(', '))
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    const arrays = columns.map((_, c) => sql`${param(chunk.map((row) => text(row[c])))}::text[]`)
    await tx.execute(
      sql`insert into ${sql.identifier(table)} (${names}) select ${casts} from unnest(${sql.join(arrays, sql`, `)}) as t(${aliases})`,
    )
  }
}

function text(value: unknown): string | null {
  if (value == null) return null
  return value instanceof Date ? value.toISOString() : String(value)
}

/**
 * Runs `write` with the row triggers off where the session may switch them (a superuser's: PGlite's, the tests'):
 * `session_replication_role = replica` skips the foreign-key lookups (one query per row and reference) and the
 * public-data marks of the rows written meanwhile. `check` then verifies the references of all of them in one
 * statement and returns the rows that point nowhere; any makes the call throw (and the transaction roll back).
 * Elsewhere `write` runs with its triggers, and `check` too.
 */
export async function withReferencesCheckedOnce(
  tx: DbOrTx,
  write: () => Promise<void>,
  check: () => Promise<unknown[]>,
) {
  const [role] = await queryRows<{ superuser: boolean }>(
    tx,
    sql`select current_setting('is_superuser') = 'on' as superuser`,
  )
  if (role?.superuser) await tx.execute(sql`set local session_replication_role = replica`)
  try {
    await write()
  } finally {
    if (role?.superuser) await tx.execute(sql`set local session_replication_role = origin`)
  }
  const dangling = await check()
  if (dangling.length > 0)
    throw new Error(`Demo rows point at no unit: ${JSON.stringify(dangling.slice(0, 5))}`)
}
