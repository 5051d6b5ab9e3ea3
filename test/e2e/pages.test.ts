import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listRoutes } from '../../src/platform/http/route-table.js'
import { fillPath, routeKey, targetsFor } from '../harness/route-targets.js'
import {
  axeViolations,
  browserAvailable,
  launchBrowser,
  type PageWatch,
  type RunningApp,
  startServer,
  useSession,
  watchPage,
} from '../support/browser.js'
import { sessionFor } from '../support/factories.js'
import { buildWorld, type WorldRole } from '../support/fixtures-world.js'

/**
 * Every page in a real browser as four kinds of visitor (SECURITY-GOALS P-1, issue 4): no WCAG 2.1 AA
 * violation, no request to another origin, no console error.
 */

/** Routes that are no pages: files, redirects and machine answers. */
const notPages = new Set(['GET /assets/:file', 'GET /lang/:locale', 'GET /health'])
const visitors: WorldRole[] = ['anonymous', 'memberOwn', 'boardOwn', 'admin']

const available = browserAvailable()
const server: RunningApp | undefined = available ? await startServer() : undefined
const world = server ? await buildWorld(server.database.db) : undefined

/** Every GET route without parameters, and the first (own) object of each route with parameters. */
const candidates =
  server && world
    ? listRoutes(server.app)
        .filter((r) => r.method === 'GET' && !notPages.has(routeKey(r)))
        .flatMap((r) => {
          const target = targetsFor(r, world).find((x) => !x.random)
          return target ? [{ key: routeKey(r), url: fillPath(r.url, target.params) }] : []
        })
    : []

/** Only HTML pages: exports and feeds are files, checked by the access matrix instead. */
async function htmlPages() {
  if (!server || !world) return []
  const admin = await sessionFor(server.database.db, world.users.admin, server.clock.now())
  const out: typeof candidates = []
  for (const page of candidates) {
    const res = await server.app.inject({ method: 'GET', url: page.url, headers: admin.headers })
    if (String(res.headers['content-type']).startsWith('text/html')) out.push(page)
  }
  return out
}
const pages = await htmlPages()

/** The axe run is the slow part: a login form or an error page reached again need not be checked again. */
type Tabs = { plain: Page; watch: PageWatch; forAxe: Page; checked: Set<string> }

describe.skipIf(!available)('every page in the browser', () => {
  let browser: Browser
  const tabs = new Map<WorldRole, Tabs>()

  beforeAll(async () => {
    browser = await launchBrowser()
    for (const role of visitors) {
      const plain = await browser.newContext({ locale: 'de-DE' })
      // Only the axe run may bypass the CSP: it has to inject its script.
      const forAxe = await browser.newContext({ locale: 'de-DE', bypassCSP: true })
      if (role !== 'anonymous') {
        const session = await sessionFor(server!.database.db, world!.users[role], server!.clock.now())
        await useSession(plain, server!.origin, session.cookie)
        await useSession(forAxe, server!.origin, session.cookie)
      }
      // One tab per context, reused from page to page: opening tabs costs more than loading pages.
      const page = await plain.newPage()
      tabs.set(role, {
        plain: page,
        watch: watchPage(page, server!.origin),
        forAxe: await forAxe.newPage(),
        checked: new Set(),
      })
    }
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function check(role: WorldRole, url: string): Promise<string[]> {
    const { plain, watch, forAxe, checked } = tabs.get(role)!
    watch.foreignRequests.length = 0
    watch.consoleErrors.length = 0
    const res = await plain.goto(`${server!.origin}${url}`, { waitUntil: 'load' })
    const failures: string[] = []
    if ((res?.status() ?? 0) >= 500) failures.push(`status ${res?.status()}`)
    for (const r of watch.foreignRequests) failures.push(`request to another origin: ${r}`)
    for (const e of watch.consoleErrors) failures.push(`console: ${e}`)
    const status = res?.status() ?? 0
    const seen = status >= 400 ? `error ${status}` : new URL(plain.url()).pathname
    if (seen !== url && checked.has(seen)) return failures.map((f) => `${role}: ${f}`)
    checked.add(seen)
    await forAxe.goto(`${server!.origin}${url}`, { waitUntil: 'load' })
    for (const v of await axeViolations(forAxe)) {
      const where = v.nodes.map((n) => n.target.join(' ')).join(', ')
      failures.push(`axe ${v.id} (${v.impact}): ${v.help} at ${where}`)
    }
    return failures.map((f) => `${role}: ${f}`)
  }

  test('the checks see a page that breaks the rules', async () => {
    const { forAxe } = tabs.get('anonymous')!
    await forAxe.goto(`${server!.origin}/`)
    await forAxe.setContent('<html><body><img src="/assets/favicon.svg"><input></body></html>')
    const ids = (await axeViolations(forAxe)).map((v) => v.id)
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'label']))
  })

  test.each(pages.map((p) => [p.key, p.url] as const))('%s', async (_key, url) => {
    const failures = (await Promise.all(visitors.map((role) => check(role, url)))).flat()
    expect(failures).toEqual([])
  })
})
