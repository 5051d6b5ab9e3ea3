import { eq, lt, sql } from 'drizzle-orm'
import { queryRows } from '../db/query.js'
import type { DbOrTx } from '../db/types.js'
import { limitCounters } from './tables.js'

export type Window = { max: number; windowMs: number }

/**
 * Counts one attempt under `key` and returns the count of its window, this one included, and when
 * the window began. One statement: concurrent attempts, in any process, each get a different count,
 * so a limit checked against it holds however many arrive at once. A window begins with the first
 * attempt after the previous one ended.
 */
export async function countInWindow(
  db: DbOrTx,
  key: string,
  windowMs: number,
  now: Date,
): Promise<{ count: number; windowStart: Date }> {
  const at = now.toISOString()
  const expired = sql`limit_counters.window_start <= ${at}::timestamptz - ${windowMs} * interval '1 millisecond'`
  const [row] = await queryRows<{ count: number; start_ms: string | number }>(
    db,
    sql`insert into limit_counters (key, window_start, count) values (${key}, ${at}::timestamptz, 1)
        on conflict (key) do update set
          count = case when ${expired} then 1 else limit_counters.count + 1 end,
          window_start = case when ${expired} then excluded.window_start else limit_counters.window_start end
        returning count, (extract(epoch from window_start) * 1000)::float8 as start_ms`,
  )
  return {
    count: Number(row?.count ?? 1),
    windowStart: row ? new Date(Number(row.start_ms)) : now,
  }
}

/** Counts one attempt under `key` and returns the count of its window, this one included (see countInWindow). */
export async function countAttempt(db: DbOrTx, key: string, windowMs: number, now: Date): Promise<number> {
  return (await countInWindow(db, key, windowMs, now)).count
}

/** The count of `key`'s current window, without adding to it. */
export async function currentCount(db: DbOrTx, key: string, windowMs: number, now: Date): Promise<number> {
  const [row] = await db.select().from(limitCounters).where(eq(limitCounters.key, key))
  if (!row || row.windowStart.getTime() <= now.getTime() - windowMs) return 0
  return row.count
}

/** Takes one from the budget of `key`; false when the window's budget is spent. */
export async function takeBudget(db: DbOrTx, key: string, limit: Window, now: Date): Promise<boolean> {
  return (await countAttempt(db, key, limit.windowMs, now)) <= limit.max
}

/** Forgets the count of `key` (a successful login ends the count of its failures). */
export async function clearCount(db: DbOrTx, key: string) {
  await db.delete(limitCounters).where(eq(limitCounters.key, key))
}

/** Deletes counters whose window ended long ago (older than a day). */
export async function pruneCounters(db: DbOrTx, now: Date) {
  await db.delete(limitCounters).where(lt(limitCounters.windowStart, new Date(now.getTime() - 24 * 3600_000)))
}
