import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  axeViolations,
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  watchPage,
} from '../../../test/support/browser.js'
import {
  buildEvent,
  buildFederation,
  buildKeyedState,
  buildMappedDistrict,
} from '../../../test/support/factories.js'
import type { OrgUnit } from '../org-units/index.js'
import { InclusionProfile } from './inclusion.js'
import { invalidatePublicCalendar } from './index.js'

const available = browserAvailable()

/** A website of a KV that frames the widget: a page of its own origin with an iframe. */
async function hostSite(src: () => string) {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      `<!doctype html><html lang="de"><title>KV-Website</title><iframe src="${src()}" title="Termine"></iframe></html>`,
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

describe.skipIf(!available)('the public calendar in the browser', () => {
  let app: RunningApp
  let browser: Browser
  let kv: OrgUnit
  let allowed: { server: Server; origin: string }
  let other: { server: Server; origin: string }
  const widget = () => `${app.origin}/embed/kv/${kv.id}/events`

  beforeAll(async () => {
    allowed = await hostSite(widget)
    other = await hostSite(widget)
    app = await startServer({ env: { EMBED_ORIGINS: allowed.origin } })
    browser = await launchBrowser()
    const db = app.database.db
    const state = await buildKeyedState(db, '16', await buildFederation(db))
    kv = await buildMappedDistrict(db, state, { name: 'KV Saale-Orla', ags: '16075', lon: 11.75, lat: 50.57 })
    await buildEvent(db, [kv], {
      title: 'Infostand Gefell',
      type: 'infostand',
      address: 'Marktplatz, 07926 Gefell',
      startsAt: new Date('2026-11-28T09:00:00Z'),
      endsAt: new Date('2026-11-28T12:00:00Z'),
      inclusion: InclusionProfile.parse({
        stepFree: true,
        childcare: { minAge: 2, maxAge: 10, signUpBy: null },
      }),
    })
    await buildEvent(db, [kv], {
      title: 'Abgesagter Stammtisch',
      status: 'cancelled',
      startsAt: new Date('2026-11-30T18:00:00Z'),
      endsAt: new Date('2026-11-30T20:00:00Z'),
    })
    invalidatePublicCalendar()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    allowed?.server.close()
    other?.server.close()
  })

  test('the list, the month, a form with an error and the widget have no axe violation and load nothing from elsewhere', async () => {
    const failures: string[] = []
    for (const [url, status] of [
      ['/termine', 200],
      ['/termine?land=16&plz=07926&km=25&stufenlos=ja', 200],
      ['/termine?ansicht=monat', 200],
      [`/termine?kv=${kv.id}&ansicht=monat&monat=2026-12`, 200],
      ['/termine?plz=00000', 422],
      [`/embed/kv/${kv.id}/events`, 200],
    ] as const) {
      const context = await browser.newContext({ locale: 'de-DE', bypassCSP: true })
      const page = await context.newPage()
      const watch = watchPage(page, app.origin)
      const res = await page.goto(`${app.origin}${url}`, { waitUntil: 'load' })
      if (res?.status() !== status) failures.push(`${url}: status ${res?.status()}`)
      for (const v of await axeViolations(page))
        failures.push(`${url}: ${v.id} ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
      failures.push(...watch.foreignRequests.map((r) => `${url}: request to ${r}`))
      failures.push(...watch.consoleErrors.map((e) => `${url}: ${e}`))
      await context.close()
    }
    expect(failures).toEqual([])
  }, 120_000)

  test('the filters work by keyboard without JavaScript and the feed link is the one of the choice', async () => {
    const context = await browser.newContext({ locale: 'de-DE', javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${app.origin}/termine`)
    await page.getByLabel('In der Nähe von (Postleitzahl)').fill('07926')
    await page.getByLabel('Umkreis').selectOption('10')
    await page.getByLabel('Kinderbetreuung').check()
    await page.getByRole('button', { name: 'Termine anzeigen' }).press('Enter')
    await page.waitForURL(/plz=07926/)
    expect(new URL(page.url()).searchParams.get('kinderbetreuung')).toBe('ja')
    await expect.poll(() => page.locator('main h3').allInnerTexts()).toEqual(['Infostand Gefell'])
    const feed = await page.getByRole('link', { name: 'iCal-Datei herunterladen' }).getAttribute('href')
    expect(feed).toBe('/termine.ics?plz=07926&km=10&kinderbetreuung=ja')
    await context.close()
  })

  test('the widget shows in a frame on an allowed website only', async () => {
    const context = await browser.newContext({ locale: 'de-DE' })
    const page = await context.newPage()
    const framedText = async (origin: string) => {
      await page.goto(origin, { waitUntil: 'load' })
      const frame = page.frames().find((f) => f !== page.mainFrame())
      if (!frame?.url().startsWith(app.origin)) return ''
      return frame
        .locator('body')
        .innerText({ timeout: 2000 })
        .catch(() => '')
    }
    const shown = await framedText(allowed.origin)
    expect(shown).toContain('Termine: KV Saale-Orla')
    expect(shown).toContain('Infostand Gefell')
    expect(await framedText(other.origin)).not.toContain('Infostand Gefell')
    expect(await context.cookies(app.origin)).toEqual([])
    await context.close()
  })
})
