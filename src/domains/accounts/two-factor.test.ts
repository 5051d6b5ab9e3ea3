import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildMember,
  buildUser,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { csrfTokenFor } from '../../platform/http/csrf.js'
import { open } from './sealed.js'
import { sessions, twoFactorCredentials, twoFactorRecoveryCodes } from './tables.js'
import { hashToken } from './tokens.js'
import { base32Decode, totp } from './totp.js'

const SECRET = 'test-secret-test-secret-test-secret-0123456789'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db
let address = 0
/** Each request from an address of its own, so the per-IP limits of the routes stay out of these tests. */
const from = () => `10.20.${Math.floor(++address / 250)}.${(address % 250) + 1}`

const get = (url: string, as?: Session) =>
  t.app.inject({ method: 'GET', url, headers: as ? { cookie: as.cookie } : {}, remoteAddress: from() })
const post = (url: string, as: Session, fields: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ _csrf: as.csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: as.cookie },
    remoteAddress: from(),
  })

/** The session a response switched to: its cookie and a CSRF token bound to it. */
function sessionFrom(res: { headers: Record<string, unknown> }): Session {
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string | string[])
  const token = setCookie
    .find((c) => c.startsWith('bs_session='))!
    .split(';')[0]!
    .split('=')[1]!
  const cookie = `bs_session=${token}`
  return { cookie, csrf: csrfTokenFor(SECRET, hashToken(token)), headers: { cookie } }
}

/** The mails the account got, once the background sending has had its turn. */
async function mailsTo(address: string) {
  await new Promise((resolve) => setTimeout(resolve, 20))
  return (await t.outbox()).filter((m) => m.to === address)
}

const secretOnPage = (body: string) => {
  const grouped = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(body)![1]!
  return base32Decode(grouped)!
}
const enrolmentOnPage = (body: string) => /name="enrolment" value="([^"]+)"/.exec(body)![1]!

/** A board member of a KV with another member in it, and a session that has not confirmed anything yet. */
async function boardOfKv() {
  const kv = await buildDistrict(db())
  const other = await buildMember(db(), kv, { lastName: `Nachbar-${Math.random().toString(36).slice(2, 8)}` })
  const board = await buildUser(db(), { member: kv, roles: [['board', kv]] })
  const session = await sessionFor(db(), board, t.clock.now(), { secondFactor: false })
  return { kv, other, board, session }
}

/** Sets up the authenticator through the pages; returns its secret, the recovery codes and the new session. */
async function enrol(session: Session) {
  const page = await get('/account/two-factor', session)
  const secret = secretOnPage(page.body)
  const res = await post('/account/two-factor', session, {
    enrolment: enrolmentOnPage(page.body),
    code: totp(secret, t.clock.now().getTime()),
  })
  expect(res.statusCode).toBe(200)
  const codes = [...res.body.matchAll(/<code>([a-z2-7]{5}-[a-z2-7]{5})<\/code>/g)].map((m) => m[1]!)
  return { secret, codes, session: sessionFrom(res) }
}

async function liveSession(cookie: string) {
  const token = cookie.split('=')[1]!
  const [row] = await db()
    .select()
    .from(sessions)
    .where(eq(sessions.id, hashToken(token)))
  return row
}

describe('a board member without a confirmed second factor', () => {
  test("acts as a member: another member's data is not there, with a notice and a link to set it up", async () => {
    const { kv, other, board, session } = await boardOfKv()
    const confirmed = await sessionFor(db(), board, t.clock.now())

    const list = await get(`/units/${kv.id}/members`, confirmed)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(other.lastName)

    const hidden = await get(`/units/${kv.id}/members`, session)
    expect(hidden.statusCode).toBe(404)
    expect(hidden.body).not.toContain(other.lastName)
    expect(hidden.body).toContain('Du handelst gerade nur als Mitglied')
    expect(hidden.body).toContain('href="/account/two-factor"')

    const home = await get('/', session)
    expect(home.body).toContain('Zwei-Faktor-Anmeldung einrichten')
    expect((await get('/', confirmed)).body).not.toContain('Du handelst gerade nur als Mitglied')
  })

  test('a route for boards answers 403 with the reason, where the confirmed session gets the page', async () => {
    const { board, session } = await boardOfKv()
    const confirmed = await sessionFor(db(), board, t.clock.now())
    expect((await get('/partnerships/new', confirmed)).statusCode).toBe(200)
    const refused = await get('/partnerships/new', session)
    expect(refused.statusCode).toBe(403)
    expect(refused.body).toContain('mit deinem zweiten Faktor bestätigt')
    const member = await buildUser(db(), { member: await buildDistrict(db()) })
    const plain = await get('/partnerships/new', await sessionFor(db(), member, t.clock.now()))
    expect(plain.statusCode).toBe(403)
    expect(plain.body).not.toContain('zweiten Faktor')
  })

  test('an enrolled one is asked for the code, with the link that keeps the page to return to', async () => {
    const { kv, session } = await boardOfKv()
    const { session: confirmed } = await enrol(session)
    await db()
      .update(sessions)
      .set({ secondFactorAt: null })
      .where(eq(sessions.id, hashToken(confirmed.cookie.split('=')[1]!)))
    const page = await get(`/units/${kv.id}`, confirmed)
    expect(page.body).toContain('Bestätige dich mit dem Code aus deiner Authenticator-App')
    expect(page.body).toContain(`href="/login/two-factor?next=%2Funits%2F${kv.id}"`)
  })

  test('MFA_REQUIRED=false lets the roles count without a second factor', async () => {
    const off = await buildTestApp({ database: t.database, env: { MFA_REQUIRED: 'false' } })
    try {
      const { kv, other, session } = await boardOfKv()
      const res = await off.app.inject({
        method: 'GET',
        url: `/units/${kv.id}/members`,
        headers: session.headers,
      })
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain(other.lastName)
    } finally {
      await off.close()
    }
  })
})

describe('setting up the authenticator', () => {
  test('shows the key, grouped, and the otpauth URI; a wrong code is a form error and stores nothing', async () => {
    const { board, session } = await boardOfKv()
    const page = await get('/account/two-factor', session)
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/<code class="secret">([A-Z2-7]{4} ){7}[A-Z2-7]{4}<\/code>/)
    expect(page.body).toContain('href="otpauth://totp/Br%C3%BCckenschlag:')
    const secret = secretOnPage(page.body)
    const right = totp(secret, t.clock.now().getTime())
    const wrong = right === '000000' ? '000001' : '000000'
    const res = await post('/account/two-factor', session, {
      enrolment: enrolmentOnPage(page.body),
      code: wrong,
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Der Code stimmt nicht')
    // The same key again, so the app need not be set up twice.
    expect(secretOnPage(res.body)).toEqual(secret)
    const stored = await db()
      .select()
      .from(twoFactorCredentials)
      .where(eq(twoFactorCredentials.userId, board.id))
    expect(stored).toEqual([])
  })

  test('a right code stores the key sealed, issues ten recovery codes and confirms this session under a new id', async () => {
    const { kv, other, board, session } = await boardOfKv()
    const before = await liveSession(session.cookie)
    const { secret, codes, session: after } = await enrol(session)
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)

    const [stored] = await db()
      .select()
      .from(twoFactorCredentials)
      .where(eq(twoFactorCredentials.userId, board.id))
    expect(stored!.secretSealed).not.toContain(Buffer.from(secret).toString('base64url'))
    expect(open(SECRET, 'totp-secret', stored!.secretSealed, board.id)).toEqual(secret)
    const hashes = await db()
      .select()
      .from(twoFactorRecoveryCodes)
      .where(eq(twoFactorRecoveryCodes.userId, board.id))
    expect(hashes).toHaveLength(10)
    expect(hashes.map((h) => h.codeHash)).not.toContain(codes[0])

    // The old session id is gone (S-2); the new one keeps the session's start and sees the member list.
    expect((await liveSession(session.cookie))!.revokedAt).not.toBeNull()
    expect((await get('/account', session)).statusCode).toBe(303)
    const now = await liveSession(after.cookie)
    expect(now!.secondFactorAt).not.toBeNull()
    expect(now!.createdAt).toEqual(before!.createdAt)
    const list = await get(`/units/${kv.id}/members`, after)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(other.lastName)
    expect(
      await db()
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.objectId, board.id), eq(auditEvents.action, 'account.two_factor_enrolled')),
        ),
    ).toHaveLength(1)
    // The owner hears of it: the first set-up trusts the password alone.
    const [notice] = await mailsTo(board.email)
    expect(notice!.subject).toBe('Zwei-Faktor-Anmeldung eingerichtet')
    expect(notice!.text).toContain('/password/forgot')
  })

  test('a form from another account or an altered one does not enrol', async () => {
    const first = await boardOfKv()
    const second = await boardOfKv()
    const page = await get('/account/two-factor', first.session)
    const secret = secretOnPage(page.body)
    const res = await post('/account/two-factor', second.session, {
      enrolment: enrolmentOnPage(page.body),
      code: totp(secret, t.clock.now().getTime()),
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Die Einrichtung hat zu lange gedauert')
  })

  test('a member without roles above member is not offered a set-up', async () => {
    const member = await buildUser(db(), { member: await buildDistrict(db()) })
    const res = await get('/account/two-factor', await sessionFor(db(), member, t.clock.now()))
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Die Zwei-Faktor-Anmeldung brauchst du erst')
    expect(res.body).not.toContain('name="enrolment"')
  })
})

describe('confirming with a code', () => {
  async function enrolledBoard() {
    const b = await boardOfKv()
    const { secret, codes } = await enrol(b.session)
    // A fresh login: a new session that has not confirmed yet.
    const session = await sessionFor(db(), b.board, t.clock.now(), { secondFactor: false })
    return { ...b, secret, codes, session }
  }

  test('the session id changes, the old one is refused and the roles count', async () => {
    const { kv, other, secret, session } = await enrolledBoard()
    t.clock.advance(30_000)
    const prompt = await get('/login/two-factor?next=/units', session)
    expect(prompt.statusCode).toBe(200)
    expect(prompt.body).toContain('autocomplete="one-time-code"')
    const res = await post('/login/two-factor', session, {
      code: totp(secret, t.clock.now().getTime()),
      next: `/units/${kv.id}/members`,
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/units/${kv.id}/members`)
    const confirmed = sessionFrom(res)
    expect(confirmed.cookie).not.toBe(session.cookie)
    expect((await get('/account', session)).statusCode).toBe(303)
    const list = await get(`/units/${kv.id}/members`, confirmed)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(other.lastName)
  })

  test('the "Not now" link of the prompt leads to a local path only', async () => {
    const { session } = await enrolledBoard()
    for (const next of ['/\t/evil.example/', '//evil.example', '/\\evil.example', '/\n/evil.example']) {
      const prompt = await get(`/login/two-factor?next=${encodeURIComponent(next)}`, session)
      expect(prompt.statusCode).toBe(200)
      const href = /<a href="([^"]*)">Jetzt nicht/.exec(prompt.body)?.[1]
      expect(href, JSON.stringify(next)).toBe('/')
      expect(prompt.body).toContain('name="next" value="/"')
    }
    const local = await get(`/login/two-factor?next=${encodeURIComponent('/units?q=ä')}`, session)
    expect(local.body).toContain('<a href="/units?q=%C3%A4">Jetzt nicht')
  })

  test('the same code twice is refused, in another session too (replay)', async () => {
    const { board, secret, session } = await enrolledBoard()
    t.clock.advance(30_000)
    const code = totp(secret, t.clock.now().getTime())
    expect((await post('/login/two-factor', session, { code })).statusCode).toBe(303)
    const another = await sessionFor(db(), board, t.clock.now(), { secondFactor: false })
    const replay = await post('/login/two-factor', another, { code })
    expect(replay.statusCode).toBe(422)
    expect(replay.body).toContain('Dieser Code wurde schon benutzt')
    expect((await liveSession(another.cookie))!.secondFactorAt).toBeNull()
    // The previous step's code is older still: refused as well, although it lies in the window.
    const older = totp(secret, t.clock.now().getTime() - 30_000)
    expect((await post('/login/two-factor', another, { code: older })).statusCode).toBe(422)
    t.clock.advance(30_000)
    expect(
      (await post('/login/two-factor', another, { code: totp(secret, t.clock.now().getTime()) })).statusCode,
    ).toBe(303)
  })

  test('a code from one step ahead or behind is accepted, two steps off is not', async () => {
    const { secret, session } = await enrolledBoard()
    t.clock.advance(5 * 30_000)
    const twoBehind = totp(secret, t.clock.now().getTime() - 60_000)
    expect((await post('/login/two-factor', session, { code: twoBehind })).statusCode).toBe(422)
    const ahead = totp(secret, t.clock.now().getTime() + 30_000)
    expect((await post('/login/two-factor', session, { code: ahead })).statusCode).toBe(303)
  })

  test('a recovery code works once', async () => {
    const { board, codes, session } = await enrolledBoard()
    const code = codes[3]!.toUpperCase().replace('-', ' ')
    const res = await post('/login/two-factor', session, { code })
    expect(res.statusCode).toBe(303)
    expect((await liveSession(sessionFrom(res).cookie))!.secondFactorAt).not.toBeNull()
    const another = await sessionFor(db(), board, t.clock.now(), { secondFactor: false })
    const again = await post('/login/two-factor', another, { code })
    expect(again.statusCode).toBe(422)
    expect((await get('/account/two-factor', sessionFrom(res))).body).toContain(
      'Unbenutzte Wiederherstellungscodes: 9.',
    )
  })

  test('after ten wrong codes further codes are refused, the right one too, for fifteen minutes', async () => {
    const { secret, session } = await enrolledBoard()
    for (let i = 0; i < 10; i++) {
      expect(
        (await post('/login/two-factor', session, { code: '12345x'.replace('x', String(i)) })).statusCode,
      ).toBe(422)
    }
    t.clock.advance(30_000)
    const right = totp(secret, t.clock.now().getTime())
    expect((await post('/login/two-factor', session, { code: right })).statusCode).toBe(429)
    t.clock.advance(15 * 60_000)
    const later = totp(secret, t.clock.now().getTime())
    expect((await post('/login/two-factor', session, { code: later })).statusCode).toBe(303)
  })
})

describe('the login', () => {
  async function logIn(user: TestUser) {
    const page = await t.app.inject({ method: 'GET', url: '/login', remoteAddress: from() })
    const binding = /bs_csrf=([^;]+)/.exec(String(page.headers['set-cookie']))![1]!
    return t.app.inject({
      method: 'POST',
      url: '/login',
      payload: new URLSearchParams({
        _csrf: csrfTokenFor(SECRET, binding),
        email: user.email,
        password: user.password,
        next: '/units',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `bs_csrf=${binding}` },
      remoteAddress: from(),
    })
  }

  test('sends a board member without a second factor to the set-up, one with it to the code prompt', async () => {
    const { board, session } = await boardOfKv()
    const first = await logIn(board)
    expect(first.headers.location).toBe('/account/two-factor')
    await enrol(session)
    const second = await logIn(board)
    expect(second.headers.location).toBe('/login/two-factor?next=%2Funits')
    const member = await buildUser(db(), { member: await buildDistrict(db()) })
    expect((await logIn(member)).headers.location).toBe('/units')
  })
})

describe('removing and resetting the second factor', () => {
  test('needs the password or a code; afterwards every session of the account acts as a member again', async () => {
    const { kv, board, session } = await boardOfKv()
    const { session: confirmed, secret } = await enrol(session)
    const wrong = await post('/account/two-factor/disable', confirmed, { password: 'not the password' })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('Passwort oder Code stimmen nicht')
    expect((await post('/account/two-factor/disable', confirmed, {})).statusCode).toBe(422)
    t.clock.advance(30_000)
    const done = await post('/account/two-factor/disable', confirmed, {
      code: totp(secret, t.clock.now().getTime()),
    })
    expect(done.statusCode).toBe(303)
    expect(
      await db().select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, board.id)),
    ).toEqual([])
    expect((await get(`/units/${kv.id}/members`, confirmed)).statusCode).toBe(404)
  })

  test('in a session that has not confirmed, the password alone does not remove it; a recovery code does', async () => {
    const { board, session } = await boardOfKv()
    const { codes } = await enrol(session)
    const stolen = await sessionFor(db(), board, t.clock.now(), { secondFactor: false })
    const page = await get('/account/two-factor', stolen)
    expect(page.body).not.toContain('name="password"')
    const refused = await post('/account/two-factor/disable', stolen, { password: board.password })
    expect(refused.statusCode).toBe(422)
    expect(
      await db().select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, board.id)),
    ).toHaveLength(1)
    const done = await post('/account/two-factor/disable', stolen, { code: codes[0]! })
    expect(done.statusCode).toBe(303)
    expect(
      await db().select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, board.id)),
    ).toEqual([])
  })

  test('in a confirmed session the current password is enough', async () => {
    const { board, session } = await boardOfKv()
    const { session: confirmed } = await enrol(session)
    expect((await get('/account/two-factor', confirmed)).body).toContain('name="password"')
    expect(
      (await post('/account/two-factor/disable', confirmed, { password: board.password })).statusCode,
    ).toBe(303)
  })

  test('an instance admin resets another account, audited; the person sets up anew', async () => {
    const { board, session } = await boardOfKv()
    const { session: confirmed } = await enrol(session)
    const federal = await buildFederation(db())
    const admin = await buildUser(db(), { roles: [['admin', federal]] })
    const adminSession = await sessionFor(db(), admin, t.clock.now())
    const res = await post(`/admin/users/${board.id}/two-factor/reset`, adminSession)
    expect(res.statusCode).toBe(303)
    expect(
      await db().select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, board.id)),
    ).toEqual([])
    expect((await liveSession(confirmed.cookie))!.secondFactorAt).toBeNull()
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, board.id), eq(auditEvents.action, 'account.two_factor_reset')))
    expect(audit!.actorUserId).toBe(admin.id)
    expect((await mailsTo(board.email)).map((m) => m.subject)).toContain('Zwei-Faktor-Anmeldung entfernt')
    expect((await get('/account/two-factor', confirmed)).body).toContain('name="enrolment"')
  })

  test('an admin whose session has not confirmed cannot reset anyone', async () => {
    const { board, session } = await boardOfKv()
    await enrol(session)
    const admin = await buildUser(db(), { roles: [['admin', await buildFederation(db())]] })
    const unconfirmed = await sessionFor(db(), admin, t.clock.now(), { secondFactor: false })
    const res = await post(`/admin/users/${board.id}/two-factor/reset`, unconfirmed)
    expect(res.statusCode).toBe(403)
    expect(
      await db().select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, board.id)),
    ).toHaveLength(1)
  })
})
