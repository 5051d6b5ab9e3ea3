import type { PGlite, Transaction } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { anonymousVisitor, buildUser } from '../../../test/support/factories.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

let lastIp = 0
/** Every request comes from an address of its own, so the per-IP limits stay out of the way. */
const nextIp = () => `203.0.113.${++lastIp % 250}`

function post(url: string, fields: Record<string, string>) {
  const who = anonymousVisitor()
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: nextIp(),
    payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
  })
}

/**
 * Records the statements the database receives (PGlite), without their parameters: two requests
 * that send the same statements in the same order do the same work, whatever the machine's load.
 */
function recordStatements(client: PGlite) {
  const seen: string[] = []
  const norm = (q: string) => q.replace(/\s+/g, ' ').trim()
  const query = client.query.bind(client)
  const transaction = client.transaction.bind(client)
  client.query = ((q: string, ...rest: unknown[]) => {
    seen.push(norm(q))
    return (query as (...a: unknown[]) => unknown)(q, ...rest)
  }) as typeof client.query
  client.transaction = (<T>(fn: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      const txQuery = tx.query.bind(tx)
      tx.query = ((q: string, ...rest: unknown[]) => {
        seen.push(norm(q))
        return (txQuery as (...a: unknown[]) => unknown)(q, ...rest)
      }) as typeof tx.query
      return fn(tx)
    })) as typeof client.transaction
  return {
    take() {
      return seen.splice(0)
    },
    restore() {
      client.query = query
      client.transaction = transaction
    },
  }
}

describe('account enumeration by timing (issue 13, F6)', () => {
  for (const path of ['/login/link', '/password/forgot']) {
    test(`${path} sends the same statements for a known and an unknown address`, async (ctx) => {
      if (t.database.kind !== 'pglite') ctx.skip()
      const client = (t.database.db as unknown as { $client: PGlite }).$client
      const known = await buildUser(t.database.db)
      const unknown = `nobody-${known.id.slice(0, 8)}@example.org`
      const recorder = recordStatements(client)
      try {
        const a = await post(path, { email: known.email })
        const knownStatements = recorder.take()
        const b = await post(path, { email: unknown })
        const unknownStatements = recorder.take()
        expect([a.statusCode, a.headers.location]).toEqual([b.statusCode, b.headers.location])
        expect(knownStatements.length).toBeGreaterThan(0)
        expect(unknownStatements).toEqual(knownStatements)
      } finally {
        recorder.restore()
      }
    })
  }
})
