import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { TEST_SECRET, testConfig } from '../../../test/support/app.js'
import { createTestDatabase } from '../../../test/support/db.js'
import type { Database } from '../db/client.js'
import { keptCsrfTokenCount } from './csrf.js'
import { type HttpPlatformOptions, httpPlatformPlugin } from './plugin.js'
import { listRoutes } from './route-table.js'

const setCookies = (header: string | string[] | number | undefined) =>
  ([] as string[]).concat(header === undefined ? [] : (header as string | string[]))

describe('the HTTP platform, composed of its plugins', () => {
  let database: Database
  let app: FastifyInstance
  let options: HttpPlatformOptions

  beforeAll(async () => {
    database = await createTestDatabase()
    options = {
      config: testConfig(),
      secret: TEST_SECRET,
      database: database.db,
      sessionCookieName: 'bs_session',
      resolveActor: async (token) => {
        if (token === 'unreachable') throw new Error('the database does not answer')
        return undefined
      },
      resolveBearer: async () => undefined,
      checkHealth: async () => {},
      checkReady: async () => [],
    }
    app = Fastify()
    await app.register(httpPlatformPlugin, options)
    app.get('/token', { config: { access: 'public' } }, async (_req, reply) => reply.ctx().csrfToken())
    app.get('/flash', { config: { access: 'public' } }, async (req, reply) => {
      req.flash('success', 'common.errors.notFound')
      return reply.redirect('/', 303)
    })
    app.get('/embed/flash', { config: { access: 'public', embed: true } }, async (req, reply) => {
      req.flash('success', 'common.errors.notFound')
      return reply.redirect('/', 303)
    })
    app.get('/embed/gone', { config: { access: 'public', embed: true } }, async (_req, reply) =>
      reply.callNotFound(),
    )
    app.get('/member', { config: { access: 'signed-in' } }, async () => 'member')
    app.post('/member', { config: { access: 'signed-in' } }, async () => 'member')
    await app.ready()
  }, 120_000)
  afterAll(async () => {
    await app.close()
    await database.close()
  })

  test("the platform's own routes are in the route table, each declaring its access", () => {
    const own = listRoutes(app).filter(
      (r) =>
        r.method === 'GET' && !['/token', '/flash', '/embed/flash', '/embed/gone', '/member'].includes(r.url),
    )
    expect(own.map((r) => [r.url, r.access])).toEqual([
      ['/assets/:file', 'public'],
      ['/favicon.ico', 'public'],
      ['/lang/:locale', 'public'],
      ['/health', 'public'],
      ['/ready', 'public'],
    ])
  })

  test('a route without a declared access does not start', async () => {
    const other = Fastify()
    await other.register(httpPlatformPlugin, options)
    expect(() => other.get('/undeclared', async () => 'x')).toThrow(/declares no access policy/)
    await other.close()
  })

  test("the platform's routes answer failures through its error handler, in the visitor's language", async () => {
    const lang = await app.inject({ url: '/lang/fr', headers: { cookie: 'bs_lang=en' } })
    expect(lang.statusCode).toBe(404)
    expect(lang.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(lang.body).toContain('<html lang="en">')
  })

  test('a failure resolving the actor is a 500 page in the default language: the locale is read after the actor', async () => {
    const res = await app.inject({
      url: '/member',
      headers: { cookie: 'bs_session=unreachable; bs_lang=en' },
    })
    expect(res.statusCode).toBe(500)
    expect(res.body).toContain('<html lang="de">')
    expect(res.headers['x-frame-options']).toBe('DENY')
  })

  test('before the locale is read, a request speaks the configured default language, whichever it is', async () => {
    const english = Fastify()
    await english.register(httpPlatformPlugin, { ...options, config: testConfig({ DEFAULT_LOCALE: 'en' }) })
    english.get('/member', { config: { access: 'signed-in' } }, async () => 'member')
    await english.ready()
    const res = await english.inject({ url: '/member', headers: { cookie: 'bs_session=unreachable' } })
    expect(res.statusCode).toBe(500)
    expect(res.body).toContain('<html lang="en">')
    expect(res.body).toContain('Something went wrong.')
    await english.close()
  })

  test('a forged form is refused for its token before the access gate asks for an account', async () => {
    const forged = await app.inject({
      method: 'POST',
      url: '/member',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=b',
    })
    expect(forged.statusCode).toBe(403)

    const page = await app.inject({ url: '/token' })
    const binding = setCookies(page.headers['set-cookie'])
      .find((c) => c.startsWith('bs_csrf='))!
      .split(';')[0]!
    const signedOut = await app.inject({
      method: 'POST',
      url: '/member',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: binding },
      payload: new URLSearchParams({ _csrf: page.body }).toString(),
    })
    expect(signedOut.statusCode).toBe(401)
  })

  test('a form sent with a made-up CSRF cookie is refused, and its token is not kept', async () => {
    const kept = keptCsrfTokenCount(TEST_SECRET)
    for (let i = 0; i < 5; i++) {
      const forged = await app.inject({
        method: 'POST',
        url: '/member',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `bs_csrf=${`made-up-${i}`.padEnd(32, 'y')}`,
        },
        payload: new URLSearchParams({ _csrf: 'a-token-no-page-gave' }).toString(),
      })
      expect(forged.statusCode).toBe(403)
    }
    expect(keptCsrfTokenCount(TEST_SECRET)).toBe(kept)
  })

  test("a flash message is a cookie on a page's answer, never on an embed's; each carries its kind's headers", async () => {
    const page = await app.inject({ url: '/flash' })
    expect(setCookies(page.headers['set-cookie'])).toEqual([
      'bs_flash=success:common.errors.notFound; Max-Age=60; Path=/; HttpOnly; SameSite=Lax',
    ])
    expect(page.headers['x-frame-options']).toBe('DENY')

    const embed = await app.inject({ url: '/embed/flash', headers: { cookie: 'bs_lang=en; bs_csrf=x' } })
    expect(embed.headers['set-cookie']).toBeUndefined()
    expect(embed.headers['x-frame-options']).toBeUndefined()
    expect(embed.headers['content-security-policy']).toContain("frame-ancestors 'none'")

    // An embed that hands over to the 404 handler answers as the 404 page does.
    const gone = await app.inject({ url: '/embed/gone' })
    expect(gone.statusCode).toBe(404)
    expect(gone.headers['x-frame-options']).toBe('DENY')
  })
})
