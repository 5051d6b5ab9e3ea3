import { and, eq, isNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildFederation,
  buildMember,
  buildState,
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
import { type OrgUnit, orgUnits, roleGrants } from '../org-units/index.js'
import { oidcIdentities, sessions, users } from './tables.js'

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

type Jar = Map<string, string>

/** One request of the browser to the provider, with the cookies it holds there, keeping the ones it is given. */
async function atProvider(
  url: string,
  jar: Jar,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const res = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...init.headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
  })
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';')
    const eqAt = pair!.indexOf('=')
    jar.set(pair!.slice(0, eqAt), pair!.slice(eqAt + 1))
  }
  return res
}

/** The browser at the provider: follows its redirects, keeping its cookies, until it is sent back to the platform. */
async function throughProvider(url: string, jar: Jar = new Map()) {
  let next = url
  for (let i = 0; i < 10; i++) {
    const res = await atProvider(next, jar)
    const location = res.headers.get('location')
    expect(location, `provider answered ${res.status}`).toBeTruthy()
    next = new URL(location!, next).href
    if (next.startsWith(REDIRECT)) return new URL(next)
  }
  throw new Error('the provider never sent the browser back')
}

async function get(url: string, cookies: string[] = [], app: TestApp = t): Promise<Answer> {
  const res = await app.app.inject({
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

/**
 * A whole sign-in: start on the platform, log in at the provider as `account`, come back. `jar` keeps the
 * browser's cookies at the provider (its session there) across sign-ins; `app` and `idp` are another platform
 * and its provider.
 */
async function signIn(
  account: OidcAccount,
  opts: {
    next?: string
    tamper?: (callback: URL) => void
    beforeCallback?: () => void
    jar?: Jar
    app?: TestApp
    idp?: TestOidcProvider
  } = {},
) {
  const app = opts.app ?? t
  const idp = opts.idp ?? provider
  const start = await get(
    opts.next ? `/login/oidc?next=${encodeURIComponent(opts.next)}` : '/login/oidc',
    [],
    app,
  )
  expect(start.status).toBe(303)
  const signInCookie = start.cookies.find((c) => c.startsWith('bs_oidc='))
  expect(signInCookie).toBeDefined()
  const authorize = new URL(start.location!)
  expect(authorize.origin).toBe(idp.issuer)
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
  expect(authorize.searchParams.get('state')).toBeTruthy()
  expect(authorize.searchParams.get('nonce')).toBeTruthy()
  idp.loginAs(account)
  const callback = await throughProvider(authorize.href, opts.jar)
  opts.tamper?.(callback)
  opts.beforeCallback?.()
  const back = await get(`${callback.pathname}${callback.search}`, [signInCookie!], app)
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

/** The operator's mapping from the provider's `groups` to roles, as the README shows it. */
const ROLES = {
  'kv:{unit}:vorstand': 'board',
  'kv:{unit}:koordination': 'coordinator',
  'lv:{unit}:geschaeftsstelle': 'state_office',
  bundesbuero: { role: 'federal_office', unit: 'bund-sso' },
}

beforeAll(async () => {
  provider = await startOidcProvider(REDIRECT)
  t = await buildTestApp({
    env: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: 'Grünes Netz',
      OIDC_MFA_AMR: 'mfa',
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ROLES: JSON.stringify(ROLES),
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

/** The logout form's CSRF token, as the browser finds it on any page it is signed in to. */
async function logOutVia(session: string, app: TestApp = t) {
  const page = await get('/account', [session], app)
  expect(page.status).toBe(200)
  const csrf = /action="\/logout"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)"/.exec(
    page.body,
  )?.[1]
  expect(csrf).toBeDefined()
  return app.app.inject({
    method: 'POST',
    url: '/logout',
    ...form({ _csrf: csrf! }),
    headers: { ...form({}).headers, cookie: session },
  })
}

/** Whether the provider, asked to sign the browser in again, does so at once (its session lives) or asks for a login. */
async function providerSignsInAgain(jar: Jar) {
  const start = await get('/login/oidc')
  const res = await atProvider(start.location!, jar)
  const location = new URL(res.headers.get('location')!, start.location!).href
  if (location.startsWith(REDIRECT)) return true
  expect(location).toContain('/interaction/')
  return false
}

const liveSessionsOf = (userId: string) =>
  t.database.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))

describe('signing out', () => {
  test('after a sign-in at the provider ends the provider’s session too (RP-initiated logout)', async () => {
    const user = await buildUser(t.database.db, { member: kv })
    const jar: Jar = new Map()
    const { session } = await signIn({ sub: sub(), email: user.email, email_verified: true }, { jar })
    expect(session).toBeDefined()
    // The ID token is kept with the session, sealed: not the token the provider signed (three dot-separated parts).
    const [live] = await liveSessionsOf(user.id)
    expect(live!.oidcLogoutSealed).toBeTruthy()
    expect(live!.oidcLogoutSealed).not.toContain('.')
    expect(await providerSignsInAgain(jar)).toBe(true)

    const out = await logOutVia(session!)
    expect(out.statusCode).toBe(200)
    expect(out.headers['cache-control']).toBe('no-store')
    const refresh = /^0; url=(.+)$/.exec(String(out.headers.refresh))
    expect(refresh).not.toBeNull()
    const endSession = new URL(refresh![1]!)
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`)
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:3000/')
    expect(endSession.searchParams.get('client_id')).toBe(provider.clientId)
    expect(endSession.searchParams.get('id_token_hint')?.split('.')).toHaveLength(3)
    expect(out.body).toContain('Abmelden bei Grünes Netz')
    expect(out.body).toContain(`href="${endSession.href.replaceAll('&', '&amp;')}"`)
    // The page is a signed-out one, and the platform's session is over before the browser reaches the provider.
    expect(out.body).not.toContain('action="/logout"')
    expect(await liveSessionsOf(user.id)).toEqual([])
    const [ended] = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id))
    expect(ended!.oidcLogoutSealed).toBeNull()
    expect((await get('/account', [session!])).status).not.toBe(200)
    expect(await auditActions(user.id, 'account.logged_out')).toHaveLength(1)

    // At the provider: it accepts the hint and the address, asks, and sends the browser back to the platform.
    const ask = await atProvider(endSession.href, jar)
    expect(ask.status).toBe(200)
    const page = await ask.text()
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)?.[1]
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1]
    expect(action).toBeDefined()
    expect(xsrf).toBeDefined()
    const confirmed = await atProvider(new URL(action!, provider.issuer).href, jar, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    })
    expect(confirmed.status).toBe(303)
    expect(confirmed.headers.get('location')).toBe('http://localhost:3000/')
    // The provider's session is over: signing in again means logging in there again.
    expect(await providerSignsInAgain(jar)).toBe(false)
  })

  test('after a password login ends the platform’s session only', async () => {
    const user = await buildUser(t.database.db, { member: kv })
    const session = await sessionFor(t.database.db, user, t.clock.now())
    const out = await logOutVia(session.cookie)
    expect(out.statusCode).toBe(303)
    expect(out.headers.location).toBe('/')
    expect(out.headers.refresh).toBeUndefined()
    expect(await liveSessionsOf(user.id)).toEqual([])
  })
})

describe('signing out at a provider without RP-initiated logout', () => {
  let bare: TestOidcProvider
  let other: TestApp
  beforeAll(async () => {
    bare = await startOidcProvider(REDIRECT, { rpInitiatedLogout: false })
    other = await buildTestApp({
      database: t.database,
      env: {
        OIDC_ISSUER: bare.issuer,
        OIDC_CLIENT_ID: bare.clientId,
        OIDC_CLIENT_SECRET: bare.clientSecret,
        OIDC_NAME: 'Grünes Netz',
      },
    })
  })
  afterAll(async () => {
    await other.close()
    await bare.close()
  })

  test('ends the platform’s session and goes home, since the provider offers no end_session_endpoint', async () => {
    const discovery = (await (await fetch(`${bare.issuer}/.well-known/openid-configuration`)).json()) as {
      end_session_endpoint?: string
    }
    expect(discovery.end_session_endpoint).toBeUndefined()
    const user = await buildUser(t.database.db, { member: kv })
    const { session } = await signIn(
      { sub: sub(), email: user.email, email_verified: true },
      { app: other, idp: bare },
    )
    expect(session).toBeDefined()
    const out = await logOutVia(session!, other)
    expect(out.statusCode).toBe(303)
    expect(out.headers.location).toBe('/')
    expect(out.headers.refresh).toBeUndefined()
    expect(await liveSessionsOf(user.id)).toEqual([])
  })
})

describe('roles from the provider’s claims', () => {
  let federation: OrgUnit
  let state: OrgUnit
  let first: OrgUnit
  let second: OrgUnit
  let dissolved: OrgUnit

  const keyed = async (unit: OrgUnit, key: string) => {
    const [row] = await t.database.db
      .update(orgUnits)
      .set({ key })
      .where(eq(orgUnits.id, unit.id))
      .returning()
    return row!
  }
  beforeAll(async () => {
    const db = t.database.db
    federation = await keyed(await buildFederation(db), 'bund-sso')
    state = await keyed(await buildState(db, federation), 'lv-sso')
    first = await keyed(await buildDistrict(db, state), '90001')
    second = await keyed(await buildDistrict(db, state), '90002')
    dissolved = await keyed(await buildDistrict(db, state), '90003')
    await db.update(orgUnits).set({ dissolvedAt: new Date() }).where(eq(orgUnits.id, dissolved.id))
  })

  /** The person's live grants, as `role@unit key` and whether the provider made them. */
  const grantsOf = async (userId: string) =>
    (
      await t.database.db
        .select({ role: roleGrants.role, key: orgUnits.key, provider: roleGrants.grantedByProvider })
        .from(roleGrants)
        .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
        .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt)))
    )
      .map(
        (g) =>
          `${g.role}@${g.key}${g.provider ? ` (${g.provider === provider.issuer ? 'provider' : g.provider})` : ''}`,
      )
      .sort()

  const roleAudit = async (userId: string) =>
    (
      await t.database.db
        .select()
        .from(auditEvents)
        .where(
          and(
            sql`${auditEvents.action} in ('role.granted', 'role.revoked')`,
            sql`${auditEvents.data}->>'userId' = ${userId}`,
          ),
        )
        .orderBy(auditEvents.id)
    ).map((a) => {
      const data = a.data as { role: string; via?: string; issuer?: string }
      expect(data.via).toBe('oidc')
      expect(data.issuer).toBe(provider.issuer)
      expect(a.actorUserId).toBeNull()
      return `${a.action} ${data.role}`
    })

  test('the claims grant the roles the mapping names, at once; unknown values and units grant nothing', async () => {
    const user = await buildUser(t.database.db, { member: first })
    const { back, session } = await signIn(
      {
        sub: sub(),
        email: user.email,
        email_verified: true,
        amr: ['mfa'],
        groups: [
          'kv:90001:vorstand',
          'kv:99999:vorstand', // no such unit
          'kv:90003:vorstand', // dissolved
          'kv:90001:kassenwart', // no rule
          'KV:90001:VORSTAND', // values are compared exactly
          'kv:90001:vorstand:extra',
          'admins',
          'bundesbuero',
          42,
        ],
      },
      { next: '/account' },
    )
    expect(back.status).toBe(303)
    expect(back.location).toBe('/account')
    expect(await grantsOf(user.id)).toEqual(['board@90001 (provider)', 'federal_office@bund-sso (provider)'])
    expect(await roleAudit(user.id)).toEqual(['role.granted board', 'role.granted federal_office'])
    // The session has them from its first page on (the provider confirmed the second factor).
    const account = await get('/account', [session!])
    expect(account.body).toContain('Vorstand')
    expect(account.body).toContain(first.name)
  })

  test('the next sign-in revokes what the claims no longer carry and grants what they newly do; grants by people stay', async () => {
    const user = await buildUser(t.database.db, { member: first, roles: [['coordinator', second]] })
    const subject = sub()
    const as = (groups?: unknown) => ({
      sub: subject,
      email: user.email,
      email_verified: true,
      ...(groups === undefined ? {} : { groups }),
    })

    await signIn(as(['kv:90001:vorstand', 'kv:90002:koordination']))
    // The coordinator role on the second KV is held already, from an admin: not granted a second time.
    expect(await grantsOf(user.id)).toEqual(['board@90001 (provider)', 'coordinator@90002'])

    await signIn(as(['kv:90001:koordination', 'lv:lv-sso:geschaeftsstelle']))
    expect(await grantsOf(user.id)).toEqual([
      'coordinator@90001 (provider)',
      'coordinator@90002',
      'state_office@lv-sso (provider)',
    ])

    // Without the claim at all, the provider grants nothing any more; the admin's grant is still not its to end.
    await signIn(as())
    expect(await grantsOf(user.id)).toEqual(['coordinator@90002'])
    expect(await roleAudit(user.id)).toEqual([
      'role.granted board',
      'role.revoked board',
      'role.granted coordinator',
      'role.granted state_office',
      'role.revoked state_office',
      'role.revoked coordinator',
    ])
    const ended = await t.database.db
      .select()
      .from(roleGrants)
      .where(and(eq(roleGrants.userId, user.id), sql`${roleGrants.revokedAt} is not null`))
    expect(ended).toHaveLength(3)
    for (const g of ended) expect(g.revokedById).toBeNull()
  })

  test('with the mapping taken out of the settings, the provider’s grants end at the next sign-in', async () => {
    const unmapped = await buildTestApp({
      database: t.database,
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
      },
    })
    try {
      const user = await buildUser(t.database.db, { member: first, roles: [['coordinator', second]] })
      const account = { sub: sub(), email: user.email, email_verified: true, groups: ['kv:90001:vorstand'] }
      await signIn(account)
      expect(await grantsOf(user.id)).toEqual(['board@90001 (provider)', 'coordinator@90002'])
      const again = await signIn(account, { app: unmapped })
      expect(again.back.status).toBe(303)
      expect(await grantsOf(user.id)).toEqual(['coordinator@90002'])
    } finally {
      await unmapped.close()
    }
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
