import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { anonymousVisitor, buildDistrict, buildUser, form } from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe('POST /login', () => {
  test('an empty form comes back with 422 and an error at each field', async () => {
    const v = anonymousVisitor()
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      ...form({ _csrf: v.csrf, email: 'not-an-address', password: '' }),
      headers: { ...form({}).headers, cookie: v.cookie },
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('id="f-email-error"')
    expect(res.body).toContain('id="f-password-error"')
  })

  test('a post without a CSRF token is refused and logs nobody in', async () => {
    const user = await buildUser(t.database.db)
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      ...form({ email: user.email, password: user.password }),
    })
    expect(res.statusCode).toBe(403)
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  test('the right password starts a session and redirects to the page asked for', async () => {
    const district = await buildDistrict(t.database.db)
    const user = await buildUser(t.database.db, { member: district })
    const v = anonymousVisitor()
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: new URLSearchParams({
        _csrf: v.csrf,
        email: user.email,
        password: user.password,
        next: '/account',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: v.cookie },
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/account')
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
    const session = cookies.find((c) => c.startsWith('bs_session='))
    expect(session).toMatch(/HttpOnly/)
    expect(session).toMatch(/SameSite=Lax/)
    const page = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: session!.split(';')[0]! } })
    expect(page.body).toContain(`/units/${district.id}`)
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'account.logged_in'), eq(auditEvents.objectId, user.id)))
    expect(audit?.actorUserId).toBe(user.id)
  })

  test('an off-site "next" is never followed', async () => {
    const user = await buildUser(t.database.db)
    const v = anonymousVisitor()
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: new URLSearchParams({
        _csrf: v.csrf,
        email: user.email,
        password: user.password,
        next: '//evil.example',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: v.cookie },
    })
    expect(res.headers.location).toBe('/')
  })

  test('login attempts from one address are rate-limited', async () => {
    const v = anonymousVisitor()
    const codes: number[] = []
    for (let i = 0; i < 32; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress: '203.0.113.9',
        payload: new URLSearchParams({
          _csrf: v.csrf,
          email: `nobody${i}@example.org`,
          password: 'x',
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: v.cookie },
      })
      codes.push(res.statusCode)
    }
    expect(codes.slice(0, 30).every((c) => c === 422)).toBe(true)
    expect(codes.slice(30)).toEqual([429, 429])
  })
})
