import type { SQL } from 'drizzle-orm'
import type { DbOrTx } from './types.js'

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL | string): Promise<T[]> {
  const result = (await db.execute(query as SQL)) as unknown as { rows: T[] }
  return result.rows
}
