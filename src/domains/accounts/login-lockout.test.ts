import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { anonymousVisitor, buildUser } from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'

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

describe('login lockout (issue 13, F5)', () => {
  test('of 25 concurrent wrong passwords for one account, at most 10 are checked', async () => {
    const user = await buildUser(t.database.db)
    const answers = await Promise.all(
      Array.from({ length: 25 }, () =>
        post('/login', { email: user.email, password: 'falsch falsch falsch' }),
      ),
    )
    const checked = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'account.login_failed'), eq(auditEvents.objectId, user.id)))
    expect(checked.length).toBeLessThanOrEqual(10)
    expect(answers.filter((a) => a.statusCode === 429).length).toBeGreaterThanOrEqual(15)
    // The right password is refused too while the lock holds: the count is per account, not per guess.
    expect((await post('/login', { email: user.email, password: user.password })).statusCode).toBe(429)
  })
})
