import { afterAll, describe, expect, test } from 'vitest'
import { listRoutes } from '../../src/platform/http/route-table.js'
import { buildTestApp } from '../support/app.js'
import { buildWorld, type WorldRole, worldRoles, worldSessions } from '../support/fixtures-world.js'
import { fillPath, routeKey, targetsFor } from './route-targets.js'

/**
 * No dead ends: every link a page shows to a visitor leads somewhere for that visitor. For each kind of visitor,
 * every page (each GET route with its first object of the world) is opened, and each link on it to this platform
 * is followed as the same visitor: none may answer 403 (shown a link to something they may not do) or 404 (shown
 * a link to something that is not there for them).
 */

const t = await buildTestApp()
const world = await buildWorld(t.database.db)
const sessions = await worldSessions(t.database.db, world, t.clock.now())
afterAll(() => t.close())

/** Routes that are no pages or whose GET changes something (a link in a mail is followed once). */
const notPages = new Set(['GET /assets/:file', 'GET /lang/:locale', 'GET /health'])

const pages = listRoutes(t.app)
  .filter((r) => r.method === 'GET' && !notPages.has(routeKey(r)))
  .flatMap((r) => {
    const target = targetsFor(r, world).find((x) => !x.random)
    return target ? [fillPath(r.url, target.params)] : r.url.includes(':') ? [] : [r.url]
  })

/** The links of an HTML page to this platform: paths only, fragments dropped, assets and language switches left out. */
function linksOf(html: string): string[] {
  const out = new Set<string>()
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
    const href = m[1]!.replaceAll('&amp;', '&').split('#')[0]!
    if (!href.startsWith('/') || href.startsWith('//')) continue
    if (href.startsWith('/assets/') || href.startsWith('/lang/')) continue
    out.add(href)
  }
  return [...out]
}

async function get(role: WorldRole, url: string) {
  return t.app.inject({ method: 'GET', url, headers: sessions[role].headers })
}

describe('every link leads somewhere for the visitor it is shown to', () => {
  test.each(worldRoles.filter((r) => r !== 'deactivated'))('%s', async (role) => {
    const followed = new Map<string, { status: number; from: string }>()
    for (const page of pages) {
      const res = await get(role, page)
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue
      for (const link of linksOf(res.body)) {
        if (followed.has(link)) continue
        followed.set(link, { status: (await get(role, link)).statusCode, from: page })
      }
    }
    const dead = [...followed].filter(([, r]) => r.status === 403 || r.status === 404)
    expect(dead.map(([link, r]) => `${r.status} ${link} (on ${r.from})`)).toEqual([])
    expect(followed.size).toBeGreaterThan(5)
  })
})
