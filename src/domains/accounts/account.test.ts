import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { queueMail } from '../../platform/mail/outbox.js'
import { sessions, users } from './tables.js'
import { hashToken } from './tokens.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const get = (url: string, as?: Session) =>
  t.app.inject({ method: 'GET', url, headers: as ? { cookie: as.cookie } : {} })
const post = (url: string, as: Session, fields: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ _csrf: as.csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: as.cookie },
  })
const refused = (res: { statusCode: number; headers: Record<string, unknown> }) =>
  res.statusCode === 303 && String(res.headers.location).startsWith('/login')

async function lastAudit(objectId: string, action: string) {
  const [row] = await t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.objectId, objectId), eq(auditEvents.action, action)))
  return row
}

describe('GET /account', () => {
  test('shows the home district, the roles with their unit and the sessions', async () => {
    const district = await buildDistrict(t.database.db)
    const user = await buildUser(t.database.db, { member: district, roles: [['coordinator', district]] })
    const me = await sessionFor(t.database.db, user, t.clock.now())
    const res = await get('/account', me)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`href="/units/${district.id}"`)
    expect(res.body).toContain('Koordinator:in')
    expect(res.body).toContain('Mitglied')
    expect(res.body).toContain('dieses Gerät')
  })

  test('asks anonymous visitors to log in', async () => {
    const res = await get('/account')
    expect(refused(res)).toBe(true)
  })
})

describe('ending sessions', () => {
  test('"log out everywhere else" ends the other sessions and keeps this one', async () => {
    const user = await buildUser(t.database.db)
    const here = await sessionFor(t.database.db, user, t.clock.now())
    const there = await sessionFor(t.database.db, user, t.clock.now())
    const res = await post('/account/sessions/end-others', here)
    expect(res.statusCode).toBe(303)
    expect((await get('/account', here)).statusCode).toBe(200)
    expect(refused(await get('/account', there))).toBe(true)
    expect(await lastAudit(user.id, 'account.other_sessions_ended')).toMatchObject({ actorUserId: user.id })
  })

  test('one session is ended from another device, and ending this one logs out here', async () => {
    const user = await buildUser(t.database.db)
    const here = await sessionFor(t.database.db, user, t.clock.now())
    const there = await sessionFor(t.database.db, user, t.clock.now())
    const idOf = (s: Session) => hashToken(s.cookie.slice('bs_session='.length))
    const page = await get('/account', here)
    expect(page.body).toContain(`/account/sessions/${idOf(there)}/end`)

    const ended = await post(`/account/sessions/${idOf(there)}/end`, here)
    expect(ended.headers.location).toBe('/account')
    expect(refused(await get('/account', there))).toBe(true)
    expect((await get('/account', here)).statusCode).toBe(200)
    expect(await lastAudit(user.id, 'account.session_ended')).toBeDefined()

    const self = await post(`/account/sessions/${idOf(here)}/end`, here)
    expect(self.headers.location).toBe('/')
    expect(refused(await get('/account', here))).toBe(true)
  })

  test("another person's session is not found", async () => {
    const mine = await sessionFor(t.database.db, await buildUser(t.database.db), t.clock.now())
    const stranger = await buildUser(t.database.db)
    const theirs = await sessionFor(t.database.db, stranger, t.clock.now())
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.userId, stranger.id))
    const res = await post(`/account/sessions/${row!.id}/end`, mine)
    expect(res.statusCode).toBe(404)
    expect((await get('/account', theirs)).statusCode).toBe(200)
  })
})

describe('session limits', () => {
  const HOUR = 3600_000

  test('a member session ends after eight idle hours', async () => {
    const user = await buildUser(t.database.db, { member: await buildDistrict(t.database.db) })
    const s = await sessionFor(t.database.db, user, t.clock.now())
    t.clock.advance(8 * HOUR - 60_000)
    expect((await get('/account', s)).statusCode).toBe(200)
    t.clock.advance(8 * HOUR + 60_000)
    expect(refused(await get('/account', s))).toBe(true)
  })

  test('a member session ends after thirty days however active', async () => {
    const user = await buildUser(t.database.db)
    const s = await sessionFor(t.database.db, user, t.clock.now())
    let elapsed = 0
    while (elapsed + 7 * HOUR <= 30 * 24 * HOUR) {
      t.clock.advance(7 * HOUR)
      elapsed += 7 * HOUR
      expect((await get('/account', s)).statusCode).toBe(200)
    }
    t.clock.advance(7 * HOUR)
    expect(refused(await get('/account', s))).toBe(true)
  })

  test('a coordinator session ends after thirty idle minutes and after twelve hours', async () => {
    const district = await buildDistrict(t.database.db)
    const user = await buildUser(t.database.db, { roles: [['coordinator', district]] })
    const idle = await sessionFor(t.database.db, user, t.clock.now())
    t.clock.advance(31 * 60_000)
    expect(refused(await get('/account', idle))).toBe(true)

    const busy = await sessionFor(t.database.db, user, t.clock.now())
    for (let i = 0; i < 28; i++) {
      t.clock.advance(25 * 60_000)
      expect((await get('/account', busy)).statusCode).toBe(200)
    }
    t.clock.advance(25 * 60_000)
    expect(refused(await get('/account', busy))).toBe(true)
  })
})

describe('account administration', () => {
  test('a deactivated account is refused on its very next request', async () => {
    const federal = await buildFederation(t.database.db)
    const admin = await sessionFor(
      t.database.db,
      await buildUser(t.database.db, { roles: [['admin', federal]] }),
      t.clock.now(),
    )
    const user = await buildUser(t.database.db)
    const victim = await sessionFor(t.database.db, user, t.clock.now())
    expect((await get('/account', victim)).statusCode).toBe(200)

    const list = await get(`/admin/users?q=${encodeURIComponent(user.email)}`, admin)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(user.email)
    expect(list.body).toContain(`/admin/users/${user.id}/deactivate`)

    const res = await post(`/admin/users/${user.id}/deactivate`, admin)
    expect(res.statusCode).toBe(303)
    expect(refused(await get('/account', victim))).toBe(true)
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id))
    expect(row?.deactivatedAt).not.toBeNull()
    expect(await lastAudit(user.id, 'account.deactivated')).toMatchObject({ actingRole: 'admin' })

    const visitor = anonymousVisitor()
    const login = await post('/login', visitor, { email: user.email, password: user.password })
    expect(login.statusCode).toBe(422)

    const back = await post(`/admin/users/${user.id}/reactivate`, admin)
    expect(back.statusCode).toBe(303)
    const [again] = await t.database.db.select().from(users).where(eq(users.id, user.id))
    expect(again?.deactivatedAt).toBeNull()
    // The sessions ended by the deactivation stay ended.
    expect(refused(await get('/account', victim))).toBe(true)
  })

  test('an admin of one state may not manage accounts, nor anyone without the role', async () => {
    const state = await buildState(t.database.db)
    const stateAdmin = await sessionFor(
      t.database.db,
      await buildUser(t.database.db, { roles: [['admin', state]] }),
      t.clock.now(),
    )
    const member = await sessionFor(t.database.db, await buildUser(t.database.db), t.clock.now())
    const target = await buildUser(t.database.db)
    expect((await get('/admin/users', stateAdmin)).statusCode).toBe(403)
    expect((await get('/admin/users', member)).statusCode).toBe(403)
    expect((await post(`/admin/users/${target.id}/deactivate`, stateAdmin)).statusCode).toBe(403)
    const [row] = await t.database.db.select().from(users).where(eq(users.id, target.id))
    expect(row?.deactivatedAt).toBeNull()
  })

  test('an admin cannot deactivate their own account', async () => {
    const federal = await buildFederation(t.database.db)
    const user = await buildUser(t.database.db, { roles: [['admin', federal]] })
    const admin = await sessionFor(t.database.db, user, t.clock.now())
    expect((await post(`/admin/users/${user.id}/deactivate`, admin)).statusCode).toBe(409)
    expect((await get('/account', admin)).statusCode).toBe(200)
  })
})

describe('GET /dev/outbox', () => {
  test('lists sent mail with its links as link elements and everything else escaped', async () => {
    await queueMail(t.database.db, t.clock.now(), [
      {
        to: 'outbox@example.org',
        subject: 'Hallo <b>Welt</b>',
        text: 'Bitte klicke https://example.org/a?b=1&c=2. <script>alert(1)</script>',
      },
    ])
    await t.deliverMail()
    const res = await get('/dev/outbox')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(
      '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>.',
    )
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script>')
    expect(res.body).toContain('Hallo &lt;b>Welt&lt;/b>')
    expect(res.body).not.toContain('<script>alert')
  })

  test('does not exist when the outbox page is switched off, with SMTP, or off loopback (issue 13, F9)', async () => {
    const settings: Record<string, string>[] = [
      { OUTBOX_PAGE: 'false' },
      { SMTP_URL: 'smtp://127.0.0.1:2525' },
      { HOST: '0.0.0.0' },
      { HOST: '0.0.0.0', SMTP_URL: 'smtp://127.0.0.1:2525', DEMO_MODE: 'true' },
    ]
    for (const env of settings) {
      const off = await buildTestApp({ database: t.database, env })
      try {
        expect(
          (await off.app.inject({ method: 'GET', url: '/dev/outbox' })).statusCode,
          JSON.stringify(env),
        ).toBe(404)
      } finally {
        await off.close()
      }
    }
    const demo = await buildTestApp({ database: t.database, env: { HOST: '0.0.0.0', DEMO_MODE: 'true' } })
    try {
      expect((await demo.app.inject({ method: 'GET', url: '/dev/outbox' })).statusCode).toBe(200)
    } finally {
      await demo.close()
    }
  })
})
