import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { createTestDatabase } from '../../../test/support/db.js'
import { anonymousVisitor } from '../../../test/support/factories.js'
import type { Database } from '../db/client.js'
import { queryRows } from '../db/query.js'

// The request limits of @fastify/rate-limit count in limit_counters, so two applications on one
// database (two processes behind a proxy) share them. /login allows 30 attempts a minute per address.
describe('request limits in the database', () => {
  let database: Database
  let one: TestApp
  let two: TestApp
  let proxied: TestApp

  beforeAll(async () => {
    database = await createTestDatabase()
    one = await buildTestApp({ database })
    two = await buildTestApp({ database })
    proxied = await buildTestApp({ database, env: { TRUST_PROXY: '10.0.0.1' } })
  }, 120_000)
  afterAll(async () => {
    await Promise.all([one.close(), two.close(), proxied.close()])
    await database.close()
  })

  let attempt = 0
  function login(t: TestApp, remoteAddress: string, headers: Record<string, string> = {}, csrf = true) {
    const v = anonymousVisitor()
    return t.app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress,
      payload: new URLSearchParams({
        ...(csrf ? { _csrf: v.csrf } : {}),
        // A new account each time, so the per-account limit of the use case never decides.
        email: `nobody${++attempt}@example.org`,
        password: 'x',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: v.cookie, ...headers },
    })
  }

  test('one limit across two applications: 30 attempts a minute from an address, wherever they land', async () => {
    const codes: number[] = []
    for (let i = 0; i < 34; i++) codes.push((await login(i % 2 === 0 ? one : two, '203.0.113.20')).statusCode)
    expect(codes.slice(0, 30).every((c) => c === 422)).toBe(true)
    expect(codes.slice(30)).toEqual([429, 429, 429, 429])
    const refused = await login(two, '203.0.113.20')
    expect(refused.statusCode).toBe(429)
    const wait = Number(refused.headers['retry-after'])
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(60)
    // Another address keeps its own budget.
    expect((await login(one, '203.0.113.21')).statusCode).toBe(422)
  })

  test('concurrent attempts from both applications never pass more than the limit', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login(i % 2 === 0 ? one : two, '203.0.113.30')),
    )
    const codes = answers.map((a) => a.statusCode)
    expect(codes.filter((c) => c === 422)).toHaveLength(30)
    expect(codes.filter((c) => c === 429)).toHaveLength(30)
  })

  test('the limits of different routes count apart', async () => {
    for (let i = 0; i < 30; i++) await login(one, '203.0.113.40')
    expect((await login(one, '203.0.113.40')).statusCode).toBe(429)
    const v = anonymousVisitor()
    const res = await one.app.inject({
      method: 'POST',
      url: '/login/link',
      remoteAddress: '203.0.113.40',
      payload: new URLSearchParams({ _csrf: v.csrf, email: 'not-an-address' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: v.cookie },
    })
    expect(res.statusCode).not.toBe(429)
  })

  test('a request refused for its CSRF token counts nothing', async () => {
    const before = await counterRows()
    for (let i = 0; i < 40; i++) expect((await login(one, '203.0.113.50', {}, false)).statusCode).toBe(403)
    expect(await counterRows()).toEqual(before)
    expect((await login(one, '203.0.113.50')).statusCode).toBe(422)
  })

  test('behind a trusted proxy the client is the forwarded address; without TRUST_PROXY the header is ignored', async () => {
    // Through the proxy 10.0.0.1: each forwarded client has its own budget.
    for (let i = 0; i < 30; i++) {
      expect((await login(proxied, '10.0.0.1', { 'x-forwarded-for': '198.51.100.7' })).statusCode).toBe(422)
    }
    expect((await login(proxied, '10.0.0.1', { 'x-forwarded-for': '198.51.100.7' })).statusCode).toBe(429)
    expect((await login(proxied, '10.0.0.1', { 'x-forwarded-for': '198.51.100.8' })).statusCode).toBe(422)
    // A client that is not the trusted proxy cannot choose its address by the header.
    for (let i = 0; i < 30; i++) {
      await login(proxied, '192.0.2.9', { 'x-forwarded-for': `198.51.100.${100 + i}` })
    }
    expect((await login(proxied, '192.0.2.9', { 'x-forwarded-for': '198.51.100.200' })).statusCode).toBe(429)
    // Without TRUST_PROXY, the header changes nothing either.
    for (let i = 0; i < 30; i++) await login(one, '192.0.2.10', { 'x-forwarded-for': `198.51.100.${i}` })
    expect((await login(one, '192.0.2.10', { 'x-forwarded-for': '198.51.100.250' })).statusCode).toBe(429)
  })

  test('a window ends: the count starts again', async () => {
    const key = 'rate:POST /login:203.0.113.60'
    for (let i = 0; i < 30; i++) await login(one, '203.0.113.60')
    expect((await login(one, '203.0.113.60')).statusCode).toBe(429)
    await database.db.execute(
      sql`update limit_counters set window_start = window_start - interval '61 seconds' where key = ${key}`,
    )
    expect((await login(one, '203.0.113.60')).statusCode).toBe(422)
  })

  async function counterRows() {
    return queryRows<{ key: string; count: number }>(
      database.db,
      sql`select key, count from limit_counters order by key`,
    )
  }
})
