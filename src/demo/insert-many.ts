import { param, sql } from 'drizzle-orm'
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
