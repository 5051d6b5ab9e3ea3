import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { anonymousVisitor, buildUser } from '../../../test/support/factories.js'
import { parseCookies, serializeCookie } from './cookies.js'

const setCookies = (header: string | string[] | number | undefined) =>
  ([] as string[]).concat(header === undefined ? [] : (header as string | string[]))
const named = (cookies: string[], name: string) => cookies.find((c) => c.startsWith(`${name}=`))

describe('cookies outside a request (front cache, kept pages)', () => {
  test('a Cookie header reads into names and values, percent-encoding undone', () => {
    expect(parseCookies('bs_lang=en; bs_csrf=a%2Bb ; other=x=y')).toEqual({
      bs_lang: 'en',
      bs_csrf: 'a+b',
      other: 'x=y',
    })
    expect(parseCookies(undefined)).toEqual({})
    expect(parseCookies('bs_lang=%E0%A4%A')).toEqual({ bs_lang: '%E0%A4%A' })
  })

  test('a Set-Cookie value carries the platform defaults: whole site, Lax, HttpOnly, Secure when asked', () => {
    expect(serializeCookie('bs_csrf', 'a+b', { secure: true })).toBe(
      'bs_csrf=a+b; Path=/; HttpOnly; Secure; SameSite=Lax',
    )
    // A value with characters a cookie cannot carry (or a %) is percent-encoded, and reads back as it was.
    const odd = serializeCookie('bs_flash', 'a b;ü%', { secure: false })
    expect(odd).toBe('bs_flash=a%20b%3B%C3%BC%25; Path=/; HttpOnly; SameSite=Lax')
    expect(parseCookies(odd.split(';')[0]!)).toEqual({ bs_flash: 'a b;ü%' })
    expect(serializeCookie('bs_csrf', 'x', { secure: false, maxAge: 60 })).toBe(
      'bs_csrf=x; Max-Age=60; Path=/; HttpOnly; SameSite=Lax',
    )
  })
})

describe('cookies of a site served over https', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: 'https://bruecken.example.org' } })
  }, 120_000)
  afterAll(() => t.close())

  test('the session cookie is __Host-, Secure, HttpOnly, Lax for 30 days; logging out clears it the same way', async () => {
    const user = await buildUser(t.database.db)
    const v = anonymousVisitor()
    const login = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: new URLSearchParams({ _csrf: v.csrf, email: user.email, password: user.password }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: v.cookie },
    })
    expect(login.statusCode).toBe(303)
    const cookies = setCookies(login.headers['set-cookie'])
    const session = named(cookies, '__Host-bs_session')!
    expect(session).toMatch(
      /^__Host-bs_session=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    )
    expect(named(cookies, 'bs_flash')).toBe(
      'bs_flash=success:accounts.flash.loggedIn; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax',
    )

    const cookie = session.split(';')[0]!
    const page = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie } })
    expect(page.statusCode).toBe(200)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    expect(csrf).toBeDefined()
    const logout = await t.app.inject({
      method: 'POST',
      url: '/logout',
      payload: new URLSearchParams({ _csrf: csrf! }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    })
    expect(logout.statusCode).toBe(303)
    const cleared = named(setCookies(logout.headers['set-cookie']), '__Host-bs_session')!
    expect(cleared).toMatch(
      /^__Host-bs_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/,
    )
  })

  test('the language and the CSRF binding of a visitor are Secure, HttpOnly, Lax too', async () => {
    const lang = await t.app.inject({ method: 'GET', url: '/lang/en?back=/login' })
    expect(setCookies(lang.headers['set-cookie'])).toEqual([
      'bs_lang=en; Max-Age=31536000; Path=/; HttpOnly; Secure; SameSite=Lax',
    ])
    const form = await t.app.inject({ method: 'GET', url: '/login', headers: { cookie: 'bs_lang=en' } })
    expect(form.body).toContain('lang="en"')
    expect(named(setCookies(form.headers['set-cookie']), 'bs_csrf')).toMatch(
      /^bs_csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    )
  })
})
