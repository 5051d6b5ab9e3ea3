import type pg from 'pg'
import { afterAll, afterEach } from 'vitest'

/**
 * Queries issued on one PostgreSQL connection while it still executes another (a `Promise.all` of
 * queries on a transaction): pg queues them, warns once per process (and only from the third on)
 * that pg@9 will refuse them. Every connection of a test pool notes each one, with both statements
 * and the stack, and runs it as before; the test that issued it fails in afterEach with that note.
 */
const overlaps: Error[] = []

type Busy = { _activeQuery?: unknown; _queryQueue?: unknown[] }

function textOf(query: unknown): string {
  const text = typeof query === 'string' ? query : (query as { text?: unknown } | undefined)?.text
  return typeof text === 'string' ? text.slice(0, 300) : String(text)
}

function guardClient(client: pg.PoolClient) {
  // The class's query, looked up at each call, so a spy a test sets on pg.Client.prototype still sees every query.
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown }
  const busy = client as unknown as Busy
  ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (busy._activeQuery || (busy._queryQueue?.length ?? 0) > 0) {
      // Deep enough to reach past drizzle's frames; a query awaited in a Promise.all starts from its `then`
      // without the caller's frames, so the statements name the call site.
      const limit = Error.stackTraceLimit
      Error.stackTraceLimit = 60
      const err = new Error(
        'Query issued on a PostgreSQL connection that is still executing another (a Promise.all of queries on ' +
          `a transaction?): run them one after the other.\n  running: ${textOf(busy._activeQuery ?? busy._queryQueue?.[0])}` +
          `\n  issued:  ${textOf(args[0])}`,
      )
      Error.stackTraceLimit = limit
      overlaps.push(err)
    }
    return proto.query.apply(client, args)
  }
}

export function guardQueryOverlap(pool: pg.Pool) {
  pool.on('connect', guardClient)
}

/** The overlaps since the last call, and forgets them. */
export function takeQueryOverlaps(): Error[] {
  return overlaps.splice(0)
}

function failOnOverlaps() {
  const [first, ...more] = takeQueryOverlaps()
  if (first) {
    first.message += more.length > 0 ? ` (and ${more.length} more)` : ''
    throw first
  }
}

/** Fails the test (or, for set-up outside a test, the file) that issued a query on a busy connection. */
export function failOnQueryOverlap() {
  afterEach(failOnOverlaps)
  afterAll(failOnOverlaps)
}
