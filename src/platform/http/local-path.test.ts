import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildUser,
  form,
  sessionFor,
} from '../../../test/support/factories.js'
import { safeLocalPath } from './local-path.js'

const origin = 'https://brueckenschlag.example'
/** Where a browser goes when it follows a Location header or a link to this value. */
const landsOn = (location: string) => new URL(location, `${origin}/units/x/y`)

/**
 * Values that lead another host, or that a browser would read differently than the server
 * (tabs and newlines are dropped, a backslash is a slash, a leading slash pair starts a host).
 */
const bypasses: string[] = [
  '//evil.example',
  '///evil.example',
  '//evil.example/%2F..',
  '/\\evil.example',
  '\\/evil.example',
  '\\\\evil.example',
  '/\t/evil.example/x',
  '/\t/\tevil.example',
  '\t//evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/\r/evil.example',
  '/\\\tevil.example',
  '%2F%2Fevil.example',
  '%2f%5cevil.example',
  '/.//evil.example',
  '/..//evil.example',
  '/./../..//evil.example',
  ' //evil.example',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'evil.example',
  '',
  '／／evil.example',
  '/\u0000/evil.example',
  '/\u007f/evil.example',
  '/\u0085/evil.example',
  '/units\r\nSet-Cookie: x=1',
]

describe('safeLocalPath', () => {
  test.each(bypasses.map((v) => [JSON.stringify(v), v]))('%s becomes "/"', (_label, value) => {
    expect(safeLocalPath(value)).toBe('/')
  })

  test.each([
    ['/units', '/units'],
    ['/units/abc/members?page=2#top', '/units/abc/members?page=2#top'],
    ['/', '/'],
    // Percent-encodings stay as they are: the browser reads them as part of the path, not as a host.
    ['/%09/evil.example', '/%09/evil.example'],
    ['/%5C%5Cevil.example', '/%5C%5Cevil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    // Characters outside ASCII are sent percent-encoded, so the Location header can carry them.
    ['/€', '/%E2%82%AC'],
    ['/suche?q=Grüße', '/suche?q=Gr%C3%BC%C3%9Fe'],
    ['/a b', '/a%20b'],
    ['/／evil.example', '/%EF%BC%8Fevil.example'],
    ['/units/../events', '/events'],
    ['/units\u2028x', '/units%E2%80%A8x'],
  ])('%s is kept as %s', (value, expected) => {
    expect(safeLocalPath(value)).toBe(expected)
  })

  test('anything that is not a string becomes "/"', () => {
    for (const value of [undefined, null, 1, ['/units'], { toString: () => '/units' }]) {
      expect(safeLocalPath(value)).toBe('/')
    }
  })

  test('every answer stays on this origin, is a path and can stand in a header', () => {
    const values = [...bypasses]
    for (let c = 0; c < 0x100; c++) {
      const ch = String.fromCharCode(c)
      values.push(`/${ch}/evil.example`, `${ch}/evil.example`, `/${ch}`, `/${ch}${ch}evil.example`)
    }
    values.push('/\u{1F600}', '/\uD800', '/\u202E/evil', '/\uFEFF/evil.example', '/\u3000/evil.example')
    for (const value of values) {
      const path = safeLocalPath(value)
      expect(landsOn(path).origin, JSON.stringify(value)).toBe(origin)
      expect(path, JSON.stringify(value)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/)
    }
  })
})

describe('the redirects that take a path from the request', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(() => t.close())

  let address = 0
  const from = () => `10.31.${Math.floor(++address / 250)}.${(address % 250) + 1}`
  const q = (v: string) => encodeURIComponent(v)

  test('the language switch sends another host back home, and a local path with non-ASCII encoded', async () => {
    for (const back of ['/\t/evil.example/x', '//evil.example', '/\\evil.example', '/\r\n/evil.example']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/lang/en?back=${q(back)}`,
        remoteAddress: from(),
      })
      expect(res.statusCode, JSON.stringify(back)).toBe(303)
      expect(res.headers.location, JSON.stringify(back)).toBe('/')
    }
    const res = await t.app.inject({
      method: 'GET',
      url: `/lang/en?back=${q('/€?x=ä')}`,
      remoteAddress: from(),
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/%E2%82%AC?x=%C3%A4')
  })

  test('the second-factor page sends a signed-in member to a local path only', async () => {
    const user = await buildUser(t.database.db, { member: await buildDistrict(t.database.db) })
    const session = await sessionFor(t.database.db, user, t.clock.now())
    for (const next of ['/\t/evil.example/', '/%09/evil.example/', '/\u0000x', '/€']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/login/two-factor?next=${next.startsWith('/%') ? next : q(next)}`,
        headers: session.headers,
        remoteAddress: from(),
      })
      expect(res.statusCode, JSON.stringify(next)).toBe(303)
      expect(landsOn(res.headers.location as string).origin, JSON.stringify(next)).toBe(origin)
    }
  })

  test('a login with a path outside Latin-1 in "next" signs in and sends the member there', async () => {
    const user = await buildUser(t.database.db, { member: await buildDistrict(t.database.db) })
    const visitor = anonymousVisitor()
    const body = form({ _csrf: visitor.csrf, email: user.email, password: user.password, next: '/€' })
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: body.payload,
      headers: { ...body.headers, cookie: visitor.cookie },
      remoteAddress: from(),
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/%E2%82%AC')
    expect(String(res.headers['set-cookie'])).toContain('bs_session=')
  })
})
