import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildMember,
  buildUser,
  form,
  sessionFor,
} from '../../../test/support/factories.js'
import {
  type OidcAccount,
  startOidcProvider,
  type TestOidcProvider,
} from '../../../test/support/oidc-provider.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { members } from '../members/index.js'
import type { OrgUnit } from '../org-units/index.js'
import { oidcIdentities, users } from './tables.js'

/**
 * Single sign-on against a real OpenID provider (`oidc-provider`) on a random local port: the platform discovers
 * it, sends the browser there with PKCE, state and nonce, redeems the code and checks the ID token over HTTP.
 * The test plays the browser: the platform's side through inject, the provider's side through fetch.
 */

const REDIRECT = 'http://localhost:3000/login/oidc/callback'
let provider: TestOidcProvider
let t: TestApp
let kv: OrgUnit

type Answer = { status: number; location: string | undefined; cookies: string[]; body: string }

function setCookies(header: string | string[] | undefined) {
  return (Array.isArray(header) ? header : header ? [header] : []).map((c) => c.split(';')[0]!)
}

/** The browser at the provider: follows its redirects, keeping its cookies, until it is sent back to the platform. */
async function throughProvider(url: string) {
  const jar = new Map<string, string>()
  let next = url
  for (let i = 0; i < 10; i++) {
    const res = await fetch(next, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const eqAt = pair!.indexOf('=')
      jar.set(pair!.slice(0, eqAt), pair!.slice(eqAt + 1))
    }
    const location = res.headers.get('location')
    expect(location, `provider answered ${res.status}`).toBeTruthy()
    next = new URL(location!, next).href
    if (next.startsWith(REDIRECT)) return new URL(next)
  }
  throw new Error('the provider never sent the browser back')
}

async function get(url: string, cookies: string[] = []): Promise<Answer> {
  const res = await t.app.inject({
    method: 'GET',
    url,
    headers: cookies.length ? { cookie: cookies.join('; ') } : {},
  })
  return {
    status: res.statusCode,
    location: res.headers.location as string | undefined,
    cookies: setCookies(res.headers['set-cookie']),
    body: res.body,
  }
}

/** A whole sign-in: start on the platform, log in at the provider as `account`, come back. */
async function signIn(
  account: OidcAccount,
  opts: { next?: string; tamper?: (callback: URL) => void; beforeCallback?: () => void } = {},
) {
  const start = await get(opts.next ? `/login/oidc?next=${encodeURIComponent(opts.next)}` : '/login/oidc')
  expect(start.status).toBe(303)
  const signInCookie = start.cookies.find((c) => c.startsWith('bs_oidc='))
  expect(signInCookie).toBeDefined()
  const authorize = new URL(start.location!)
  expect(authorize.origin).toBe(provider.issuer)
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
  expect(authorize.searchParams.get('state')).toBeTruthy()
  expect(authorize.searchParams.get('nonce')).toBeTruthy()
  provider.loginAs(account)
  const callback = await throughProvider(authorize.href)
  opts.tamper?.(callback)
  opts.beforeCallback?.()
  const back = await get(`${callback.pathname}${callback.search}`, [signInCookie!])
  return {
    back,
    callback,
    signInCookie: signInCookie!,
    session: back.cookies.find((c) => c.startsWith('bs_session=') && c.length > 12),
  }
}

const auditActions = async (userId: string | null, action: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(
      userId
        ? and(eq(auditEvents.action, action), eq(auditEvents.objectId, userId))
        : eq(auditEvents.action, action),
    )

const sub = () => `sub-${crypto.randomUUID()}`

beforeAll(async () => {
  provider = await startOidcProvider(REDIRECT)
  t = await buildTestApp({
    env: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: 'Grünes Netz',
      OIDC_MFA_AMR: 'mfa',
    },
  })
  kv = await buildDistrict(t.database.db)
})
afterAll(async () => {
  await t.close()
  await provider.close()
})

describe('single sign-on with the party’s OpenID provider', () => {
  test('the login page offers it by the provider’s name', async () => {
    const page = await get('/login')
    expect(page.body).toContain('Mit Grünes Netz anmelden')
    expect(page.body).toContain('href="/login/oidc"')
  })

  test('links an existing account by its verified e-mail, then signs it in by its stored subject', async () => {
    const user = await buildUser(t.database.db, { member: kv })
    const subject = sub()
    const { back, session } = await signIn(
      { sub: subject, email: user.email.toUpperCase(), email_verified: true, name: 'Ada' },
      { next: '/account' },
    )
    expect(back.status).toBe(303)
    expect(back.location).toBe('/account')
    expect(session).toBeDefined()
    const account = await get('/account', [session!])
    expect(account.status).toBe(200)
    expect(account.body).toContain(user.email)
    const [link] = await t.database.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, user.id))
    expect(link).toMatchObject({ issuer: provider.issuer, subject })
    expect(await auditActions(user.id, 'account.sso_linked')).toHaveLength(1)
    const logins = await auditActions(user.id, 'account.logged_in')
    expect(logins.map((a) => a.data)).toEqual([{ method: 'oidc', issuer: provider.issuer }])

    // The next sign-in finds the account by the subject, even with another address at the provider.
    const again = await signIn({ sub: subject, email: 'changed@example.org', email_verified: false })
    expect(again.back.status).toBe(303)
    expect(again.session).toBeDefined()
    expect(await auditActions(user.id, 'account.logged_in')).toHaveLength(2)
    expect(await auditActions(user.id, 'account.sso_linked')).toHaveLength(1)
  })

  test('a second factor confirmed at the provider counts as the platform’s when the settings say so', async () => {
    const board = await buildUser(t.database.db, { member: kv, roles: [['board', kv]] })
    const plain = await signIn({ sub: sub(), email: board.email, email_verified: true }, { next: '/account' })
    expect(plain.back.status).toBe(303)
    expect(plain.back.location).not.toBe('/account')
    expect(plain.back.location).toMatch(/two-factor/)

    const [link] = await t.database.db
      .select()
      .from(oidcIdentities)
      .where(eq(oidcIdentities.userId, board.id))
    const strong = await signIn(
      { sub: link!.subject, email: board.email, email_verified: true, amr: ['pwd', 'mfa'] },
      { next: '/account' },
    )
    expect(strong.back.location).toBe('/account')
    const account = await get('/account', [strong.session!])
    expect(account.body).toContain('Vorstand')
    const logins = await auditActions(board.id, 'account.logged_in')
    expect(logins.map((a) => (a.data as { secondFactor?: string }).secondFactor)).toEqual([
      undefined,
      'provider',
    ])
  })

  test('a person of the member register without an account gets one, linked to the membership', async () => {
    const member = await buildMember(t.database.db, kv)
    const email = `register-${crypto.randomUUID()}@example.org`
    await t.database.db.update(members).set({ email }).where(eq(members.id, member.id))
    const { back, session } = await signIn({ sub: sub(), email, email_verified: true })
    expect(back.status).toBe(303)
    expect(session).toBeDefined()
    const [user] = await t.database.db.select().from(users).where(eq(users.email, email))
    expect(user).toMatchObject({ memberId: member.id, passwordHash: null })
    expect(user!.emailVerifiedAt).not.toBeNull()
    const [registered] = await auditActions(user!.id, 'account.registered')
    expect(registered!.data).toEqual({ method: 'oidc' })
  })

  test('an unknown person is told so, and no account is created', async () => {
    const email = `stranger-${crypto.randomUUID()}@example.org`
    const before = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(users)
    const { back, session } = await signIn({ sub: sub(), email, email_verified: true })
    expect(back.status).toBe(403)
    expect(session).toBeUndefined()
    expect(back.body).toContain('Anmeldung mit Grünes Netz nicht möglich')
    expect(back.body).toContain('kein Konto und keinen Eintrag im Mitgliederverzeichnis')
    expect(back.body).toContain('Es wurde kein Konto angelegt')
    const after = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(users)
    expect(after[0]!.n).toBe(before[0]!.n)
    const refused = await auditActions(null, 'account.sso_refused')
    expect(refused.some((a) => (a.data as { reason?: string }).reason === 'unknownPerson')).toBe(true)
    expect(JSON.stringify(refused)).not.toContain(email)
  })

  test('an address the provider has not verified links nothing', async () => {
    const user = await buildUser(t.database.db, { member: kv })
    const { back, session } = await signIn({ sub: sub(), email: user.email, email_verified: false })
    expect(back.status).toBe(403)
    expect(session).toBeUndefined()
    expect(back.body).toContain('nicht als bestätigt gemeldet')
    expect(
      await t.database.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, user.id)),
    ).toEqual([])
  })

  test('an account already linked to another login of the provider is not merged', async () => {
    const user = await buildUser(t.database.db, { member: kv })
    await signIn({ sub: sub(), email: user.email, email_verified: true })
    const second = await signIn({ sub: sub(), email: user.email, email_verified: true })
    expect(second.back.status).toBe(403)
    expect(second.session).toBeUndefined()
    expect(second.back.body).toContain('schon mit einer anderen Anmeldung')
    expect(
      await t.database.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, user.id)),
    ).toHaveLength(1)
  })

  test('a wrong state is refused with a message, not a 500', async () => {
    const user = await buildUser(t.database.db, { member: kv })
    const { back, session } = await signIn(
      { sub: sub(), email: user.email, email_verified: true },
      { tamper: (callback) => callback.searchParams.set('state', 'forged-state') },
    )
    expect(back.status).toBe(400)
    expect(session).toBeUndefined()
    expect(back.body).toContain('nicht gültig')
    expect(
      await t.database.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, user.id)),
    ).toEqual([])
  })

  test('an ID token changed after the provider signed it is refused, and links nothing', async () => {
    const victim = await buildUser(t.database.db, { member: kv })
    const attacker = await buildUser(t.database.db, { member: kv })
    const { back, session } = await signIn(
      { sub: sub(), email: attacker.email, email_verified: true },
      {
        beforeCallback: () =>
          provider.tamperNextIdToken((claims) => {
            claims.sub = 'someone-else'
            claims.email = victim.email
          }),
      },
    )
    expect(back.status).toBe(400)
    expect(session).toBeUndefined()
    expect(back.body).toContain('nicht gültig')
    for (const user of [victim, attacker])
      expect(
        await t.database.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, user.id)),
      ).toEqual([])
    const refused = await auditActions(null, 'account.sso_refused')
    expect(refused.some((a) => (a.data as { reason?: string }).reason === 'invalid')).toBe(true)
  })

  test('a replayed code and a callback without its sign-in are refused', async () => {
    const user = await buildUser(t.database.db, { member: kv })
    const first = await signIn({ sub: sub(), email: user.email, email_verified: true })
    expect(first.back.status).toBe(303)
    // The same answer again, with the sign-in cookie kept: the provider redeems a code once.
    const replay = await get(`${first.callback.pathname}${first.callback.search}`, [first.signInCookie])
    expect(replay.status).toBe(400)
    expect(replay.cookies.some((c) => c.startsWith('bs_session=') && c.length > 12)).toBe(false)
    // Without the cookie (another browser, or after ten minutes): nothing to check against.
    const bare = await get(`${first.callback.pathname}${first.callback.search}`)
    expect(bare.status).toBe(400)
    expect(bare.body).toContain('abgelaufen')
  })

  test('the account page shows the linked login; it can be unlinked only when the account has a password', async () => {
    const user = await buildUser(t.database.db, { member: kv })
    await signIn({ sub: sub(), email: user.email, email_verified: true })
    const session = await sessionFor(t.database.db, user, t.clock.now())
    const page = await t.app.inject({ method: 'GET', url: '/account', headers: session.headers })
    expect(page.body).toContain('Verbundene Anmeldung')
    expect(page.body).toContain('Grünes Netz, verbunden seit')
    const [link] = await t.database.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, user.id))
    const unlink = await t.app.inject({
      method: 'POST',
      url: `/account/logins/${link!.id}/unlink`,
      ...form({ _csrf: session.csrf }),
      headers: { ...form({}).headers, cookie: session.cookie },
    })
    expect(unlink.statusCode).toBe(303)
    expect(
      await t.database.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, user.id)),
    ).toEqual([])
    expect(await auditActions(user.id, 'account.sso_unlinked')).toHaveLength(1)

    // An account made by the sign-on has no password: unlinking would lock the person out.
    const member = await buildMember(t.database.db, kv)
    await signIn({ sub: sub(), email: member.email!, email_verified: true })
    const [created] = await t.database.db.select().from(users).where(eq(users.memberId, member.id))
    const own = await sessionFor(t.database.db, { ...user, id: created!.id }, t.clock.now())
    const ownPage = await t.app.inject({ method: 'GET', url: '/account', headers: own.headers })
    expect(ownPage.body).toContain('wenn dein Konto ein Passwort hat')
    const [ownLink] = await t.database.db
      .select()
      .from(oidcIdentities)
      .where(eq(oidcIdentities.userId, created!.id))
    const refused = await t.app.inject({
      method: 'POST',
      url: `/account/logins/${ownLink!.id}/unlink`,
      ...form({ _csrf: own.csrf }),
      headers: { ...form({}).headers, cookie: own.cookie },
    })
    expect(refused.statusCode).toBe(409)
    expect(
      await t.database.db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, created!.id)),
    ).toHaveLength(1)
  })

  test('a tampered sign-in cookie is refused', async () => {
    const start = await get('/login/oidc')
    const cookie = start.cookies.find((c) => c.startsWith('bs_oidc='))!
    const forged = `${cookie.slice(0, -4)}AAAA`
    const res = await get('/login/oidc/callback?code=x&state=y', [forged])
    expect(res.status).toBe(400)
  })
})

describe('with password login switched off', () => {
  let only: TestApp
  beforeAll(async () => {
    only = await buildTestApp({
      database: t.database,
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_NAME: 'Grünes Netz',
        OIDC_PASSWORD_LOGIN: 'false',
      },
    })
  })
  afterAll(() => only.close())

  test('the login page offers the provider and the e-mail link, and a password is not accepted', async () => {
    const page = await only.app.inject({ method: 'GET', url: '/login' })
    expect(page.body).toContain('Mit Grünes Netz anmelden')
    expect(page.body).not.toContain('type="password"')
    expect(page.body).toContain('href="/login/link"')
    const user = await buildUser(t.database.db, { member: kv })
    const visitor = anonymousVisitor()
    const res = await only.app.inject({
      method: 'POST',
      url: '/login',
      ...form({ _csrf: visitor.csrf, email: user.email, password: user.password }),
      headers: { ...form({}).headers, cookie: visitor.cookie },
    })
    expect(res.statusCode).toBe(404)
    // The same post where password login is on signs in: the 404 is the switch, not the form.
    const on = await t.app.inject({
      method: 'POST',
      url: '/login',
      ...form({ _csrf: visitor.csrf, email: user.email, password: user.password }),
      headers: { ...form({}).headers, cookie: visitor.cookie },
    })
    expect(on.statusCode).toBe(303)
    expect(res.statusCode).not.toBe(303)
    expect(
      setCookies(res.headers['set-cookie']).some((c) => c.startsWith('bs_session=') && c.length > 12),
    ).toBe(false)
  })
})

describe('without single sign-on configured', () => {
  let plain: TestApp
  beforeAll(async () => {
    plain = await buildTestApp({ database: t.database })
  })
  afterAll(() => plain.close())

  test('there is no button and no sign-in route', async () => {
    const page = await plain.app.inject({ method: 'GET', url: '/login' })
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('/login/oidc')
    expect((await plain.app.inject({ method: 'GET', url: '/login/oidc' })).statusCode).toBe(404)
    expect(
      (await plain.app.inject({ method: 'GET', url: '/login/oidc/callback?code=a&state=b' })).statusCode,
    ).toBe(404)
  })
})
