import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildMember,
  buildUser,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { linkIn, startTestSmtp, type TestSmtp } from '../../../test/support/smtp.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { createMailTransport } from '../../platform/mail/mailer.js'
import { countLoginTokens } from './repo.js'
import { loginTokens, users } from './tables.js'

let t: TestApp
let smtp: TestSmtp
let base: string
beforeAll(async () => {
  smtp = await startTestSmtp()
  const mailer = createMailTransport({ smtpUrl: smtp.url, from: 'Brückenschlag <noreply@example.org>' })
  t = await buildTestApp({ mailer })
  base = t.app.config.http.publicUrl
})
afterAll(async () => {
  await t.close()
  await smtp.close()
})

/** Runs the mail worker, then waits for the next mail to `to` at the SMTP server. */
async function nextMailTo(to: string) {
  await t.deliverMail()
  return smtp.nextMailTo(to)
}

let lastIp = 0
/** Every test posts from an address of its own, so the per-IP limits of one test do not hit another. */
const nextIp = () => `198.51.100.${++lastIp}`

async function post(
  url: string,
  fields: Record<string, string>,
  opts: { as?: Session; ip?: string; lang?: string } = {},
) {
  const who = opts.as ?? anonymousVisitor()
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: opts.ip ?? nextIp(),
    payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: who.cookie,
      ...(opts.lang ? { 'accept-language': opts.lang } : {}),
    },
  })
}

function sessionCookie(res: { headers: Record<string, unknown> }) {
  const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? [])
  return cookies.find((c) => c.startsWith('bs_session=') && !c.startsWith('bs_session=;'))?.split(';')[0]
}

const get = (url: string, cookie?: string) =>
  t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })

const pathOf = (url: string) => new URL(url).pathname

async function auditActions(userId: string) {
  const rows = await t.database.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.objectType, 'user'), eq(auditEvents.objectId, userId)))
  return rows.map((r) => r.action)
}

describe('login by e-mail link', () => {
  test('the link arrives over SMTP and logs in exactly once', async () => {
    const user = await buildUser(t.database.db)
    const res = await post('/login/link', { email: user.email })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/check-inbox')

    const mail = await nextMailTo(user.email)
    expect(mail.subject).toBe('Dein Anmeldelink')
    const link = linkIn(mail, `${base}/login/link/`)

    // Fetching the link (as a mail scanner does) shows a button and uses up nothing.
    for (let i = 0; i < 2; i++) {
      const page = await get(pathOf(link))
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(`action="${pathOf(link)}"`)
    }

    const first = await post(pathOf(link), {})
    expect(first.statusCode).toBe(303)
    expect(first.headers.location).toBe('/')
    const cookie = sessionCookie(first)
    expect(cookie).toBeDefined()
    const account = await get('/account', cookie)
    expect(account.statusCode).toBe(200)
    expect(account.body).toContain(user.email)

    const second = await post(pathOf(link), {})
    expect(second.statusCode).toBe(410)
    expect(sessionCookie(second)).toBeUndefined()
    expect((await get(pathOf(link))).statusCode).toBe(410)
    expect(await auditActions(user.id)).toEqual(
      expect.arrayContaining(['account.login_link_requested', 'account.logged_in']),
    )
  })

  test('a link is refused after ten minutes', async () => {
    const user = await buildUser(t.database.db)
    await post('/login/link', { email: user.email })
    const link = linkIn(await nextMailTo(user.email), `${base}/login/link/`)
    t.clock.advance(10 * 60_000 + 1000)
    expect((await get(pathOf(link))).statusCode).toBe(410)
    const res = await post(pathOf(link), {})
    expect(res.statusCode).toBe(410)
    expect(sessionCookie(res)).toBeUndefined()
  })

  test('an unknown address gets the same answer and a mail without a link that says there is no account', async () => {
    const known = await buildUser(t.database.db)
    const unknown = `nobody-${known.id.slice(0, 8)}@example.org`
    const a = await post('/login/link', { email: unknown })
    const b = await post('/login/link', { email: known.email })
    expect([a.statusCode, a.headers.location]).toEqual([b.statusCode, b.headers.location])
    await nextMailTo(known.email)
    const told = await nextMailTo(unknown)
    expect(told.subject).toBe('Kein Konto unter dieser Adresse')
    expect(told.text).not.toContain('/login/link/')
    expect(told.text).toContain(`${base}/register`)
  })

  test('the mail is in the language of the account, not of the request', async () => {
    const user = await buildUser(t.database.db)
    await t.database.db.update(users).set({ locale: 'en' }).where(eq(users.id, user.id))
    await post('/login/link', { email: user.email }, { lang: 'de-DE' })
    const mail = await nextMailTo(user.email)
    expect(mail.subject).toBe('Your login link')
    expect(mail.text).toContain('valid for 10 minutes')
  })

  test('no more than five mails per hour reach one address', async () => {
    const user = await buildUser(t.database.db)
    const ip = nextIp()
    for (let i = 0; i < 7; i++) {
      const res = await post(i % 2 ? '/login/link' : '/password/forgot', { email: user.email }, { ip })
      expect(res.statusCode).toBe(303)
    }
    for (let i = 0; i < 5; i++) await nextMailTo(user.email)
    await new Promise((r) => setTimeout(r, 300))
    expect(smtp.mailsTo(user.email)).toHaveLength(5)
    expect(await countLoginTokens(t.database.db, user.id)).toBe(5)
    const limited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'account.mail_limited'))
    expect(limited.length).toBeGreaterThanOrEqual(2)

    t.clock.advance(3600_000 + 1000)
    await post('/login/link', { email: user.email }, { ip: nextIp() })
    await nextMailTo(user.email)
  })

  test('requests for links from one IP address are rate-limited', async () => {
    const ip = nextIp()
    const codes: number[] = []
    for (let i = 0; i < 11; i++) {
      codes.push((await post('/login/link', { email: `flood-${i}@example.org` }, { ip })).statusCode)
    }
    expect(codes.slice(0, 10).every((c) => c === 303)).toBe(true)
    expect(codes[10]).toBe(429)
  })
})

describe('password reset', () => {
  test('a new password ends every old session and the link works once', async () => {
    const user = await buildUser(t.database.db)
    const phone = await sessionFor(t.database.db, user, t.clock.now())
    const laptop = await sessionFor(t.database.db, user, t.clock.now())
    expect((await get('/account', phone.cookie)).statusCode).toBe(200)

    await post('/password/forgot', { email: user.email })
    const mail = await nextMailTo(user.email)
    const link = pathOf(linkIn(mail, `${base}/password/reset/`))
    expect(mail.text).toContain('30 Minuten')

    const form = await get(link)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('name="password"')

    const weak = await post(link, { password: 'passwort1234' })
    expect(weak.statusCode).toBe(422)
    expect(weak.body).toContain('id="f-password-error"')
    const short = await post(link, { password: 'kurz' })
    expect(short.statusCode).toBe(422)

    const newPassword = 'Brücken über die Elbe bauen 2026'
    const done = await post(link, { password: newPassword })
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe('/login')

    for (const old of [phone, laptop]) {
      const res = await get('/account', old.cookie)
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toMatch(/^\/login/)
    }
    expect((await post(link, { password: 'noch ein ganz anderes Passwort' })).statusCode).toBe(410)

    const oldLogin = await post('/login', { email: user.email, password: user.password })
    expect(oldLogin.statusCode).toBe(422)
    const newLogin = await post('/login', { email: user.email, password: newPassword })
    expect(newLogin.statusCode).toBe(303)
    expect(await auditActions(user.id)).toEqual(
      expect.arrayContaining(['account.password_reset_requested', 'account.password_reset']),
    )
  })

  test('a reset link is refused after thirty minutes', async () => {
    const user = await buildUser(t.database.db)
    await post('/password/forgot', { email: user.email })
    const link = pathOf(linkIn(await nextMailTo(user.email), `${base}/password/reset/`))
    t.clock.advance(30 * 60_000 + 1000)
    expect((await get(link)).statusCode).toBe(410)
    expect((await post(link, { password: 'ein langes neues Passwort' })).statusCode).toBe(410)
  })
})

describe('registration', () => {
  test('verifying the address links the account to the one member with that address', async () => {
    const district = await buildDistrict(t.database.db)
    const email = `new-${Date.now()}@example.org`
    const member = await buildMember(t.database.db, district, { email })
    const password = 'Solidarität beginnt im Ortsverband'

    const res = await post('/register', { displayName: 'Neue Person', email, password }, { lang: 'en' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/check-inbox')

    const [created] = await t.database.db.select().from(users).where(eq(users.email, email))
    expect(created).toMatchObject({ emailVerifiedAt: null, memberId: null, locale: 'en' })

    // Before verification the account logs in but sees no member data.
    const login = await post('/login', { email, password })
    const cookie = sessionCookie(login)
    const before = await get('/account', cookie)
    expect(before.body).toContain('mit keiner Mitgliedschaft verbunden')
    expect(before.body).not.toContain(`/units/${district.id}`)

    const mail = await nextMailTo(email)
    expect(mail.subject).toBe('Please confirm your e-mail address')
    const link = pathOf(linkIn(mail, `${base}/register/verify/`))
    expect((await get(link)).statusCode).toBe(200)
    const confirmed = await post(link, {})
    expect(confirmed.statusCode).toBe(303)

    const [verified] = await t.database.db.select().from(users).where(eq(users.email, email))
    expect(verified?.emailVerifiedAt).not.toBeNull()
    expect(verified?.memberId).toBe(member.id)
    const after = await get('/account', cookie)
    expect(after.body).toContain(`/units/${district.id}`)
    expect((await post(link, {})).statusCode).toBe(410)
    expect(await auditActions(verified!.id)).toEqual(
      expect.arrayContaining(['account.registered', 'account.email_verified']),
    )
  })

  test('two members sharing an address link neither', async () => {
    const district = await buildDistrict(t.database.db)
    const email = `shared-${Date.now()}@example.org`
    await buildMember(t.database.db, district, { email })
    await buildMember(t.database.db, district, { email })
    await post('/register', { displayName: 'Familie', email, password: 'ein gemeinsames Postfach' })
    const link = pathOf(linkIn(await nextMailTo(email), `${base}/register/verify/`))
    await post(link, {})
    const [row] = await t.database.db.select().from(users).where(eq(users.email, email))
    expect(row?.emailVerifiedAt).not.toBeNull()
    expect(row?.memberId).toBeNull()
  })

  test('an address that has an account gets the same page, and its owner a mail', async () => {
    const user = await buildUser(t.database.db)
    const fresh = `fresh-${Date.now()}@example.org`
    const known = await post('/register', {
      displayName: 'Jemand',
      email: user.email,
      password: 'ein völlig anderes Passwort',
    })
    const unknown = await post('/register', {
      displayName: 'Jemand',
      email: fresh,
      password: 'ein völlig anderes Passwort',
    })
    expect([known.statusCode, known.headers.location]).toEqual([unknown.statusCode, unknown.headers.location])
    const page = await get(known.headers.location as string)
    expect(page.body).toContain('Schau in dein Postfach')

    const mail = await nextMailTo(user.email)
    expect(mail.subject).toBe('Du hast schon ein Konto')
    expect(mail.text).toContain(`${base}/login/link`)
    const rows = await t.database.db.select().from(users).where(eq(users.email, user.email))
    expect(rows).toHaveLength(1)
    const login = await post('/login', { email: user.email, password: user.password })
    expect(login.statusCode).toBe(303)
  })

  test('a short or common password comes back with 422', async () => {
    const email = `weak-${Date.now()}@example.org`
    const short = await post('/register', { displayName: 'A', email, password: 'short' })
    expect(short.statusCode).toBe(422)
    const common = await post('/register', { displayName: 'A', email, password: 'Password1234' })
    expect(common.statusCode).toBe(422)
    expect(common.body).toContain('zu leicht zu erraten')
    const long = await post('/register', { displayName: 'A', email, password: 'x'.repeat(1025) })
    expect(long.statusCode).toBe(422)
    expect(await t.database.db.select().from(users).where(eq(users.email, email))).toHaveLength(0)
  })

  test('a token of one purpose does not work for another', async () => {
    const user = await buildUser(t.database.db)
    await post('/password/forgot', { email: user.email })
    const token = linkIn(await nextMailTo(user.email), `${base}/password/reset/`)
      .split('/')
      .pop()
    expect((await get(`/login/link/${token}`)).statusCode).toBe(410)
    expect((await post(`/login/link/${token}`, {})).statusCode).toBe(410)
    const rows = await t.database.db.select().from(loginTokens).where(eq(loginTokens.userId, user.id))
    expect(rows.every((r) => r.usedAt === null)).toBe(true)
  })
})
