import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { OrgUnit } from '../../src/domains/org-units/index.js'
import {
  axeViolations,
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  tabTo,
  watchPage,
} from '../support/browser.js'
import {
  buildFederation,
  buildKeyedState,
  buildMappedDistrict,
  insertPartnershipRow,
} from '../support/factories.js'

const available = browserAvailable()

describe.skipIf(!available)('finding a KV on the map, by keyboard, with and without JavaScript', () => {
  let server: RunningApp
  let browser: Browser
  let saaleOrla: OrgUnit
  let hamburgMitte: OrgUnit

  beforeAll(async () => {
    server = await startServer()
    const db = server.database.db
    const federal = await buildFederation(db)
    const thueringen = await buildKeyedState(db, '16', federal)
    const hamburg = await buildKeyedState(db, '02', federal)
    saaleOrla = await buildMappedDistrict(db, thueringen, {
      name: 'KV Saale-Orla',
      ags: '16075',
      lon: 11.7455,
      lat: 50.57449,
    })
    hamburgMitte = await buildMappedDistrict(db, hamburg, {
      name: 'KV Hamburg-Mitte',
      ags: '02000',
      lon: 10.0,
      lat: 53.55,
    })
    await buildMappedDistrict(db, thueringen, { name: 'KV Weimar', ags: '16055', lon: 11.317, lat: 50.978 })
    await insertPartnershipRow(db, hamburgMitte, saaleOrla, { status: 'active', startedOn: '2019-05-01' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  for (const javaScriptEnabled of [true, false]) {
    test(`a visitor types a town, sees its KV marked with its partner and opens its page (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled, locale: 'de-DE' })
      const page = await context.newPage()
      const watch = watchPage(page, server.origin)
      await page.goto(`${server.origin}/map`)
      await tabTo(page, '#pm-q')
      await page.keyboard.type('Gefell')
      await page.keyboard.press('Enter')
      await page.waitForURL(`${server.origin}/map?q=Gefell`)

      const results = page.getByRole('region', { name: 'Ergebnisse für „Gefell“' })
      await expect(results.textContent()).resolves.toContain('KV Saale-Orla (über den Ort Gefell)')
      await expect(results.textContent()).resolves.toContain('Partner: KV Hamburg-Mitte')
      // Marked on the map; the list keeps the KV's partnership only.
      await expect(page.locator('.pm-kreis--hit').count()).resolves.toBe(2) // the Kreis and the legend's sample
      await expect(page.locator('.pm-table tbody tr').count()).resolves.toBe(1)
      await expect(page.locator('#pm-q').inputValue()).resolves.toBe('Gefell')

      await tabTo(page, `.pm-hits a[href="/units/${saaleOrla.id}"]`)
      await page.keyboard.press('Enter')
      await page.waitForURL(`${server.origin}/units/${saaleOrla.id}`)
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('KV Saale-Orla')
      expect(watch.foreignRequests).toEqual([])
      expect(watch.consoleErrors).toEqual([])
      await context.close()
    })
  }

  test('the search results, found and not found, have no WCAG 2.1 AA violation', async () => {
    const context = await browser.newContext({ locale: 'de-DE', bypassCSP: true })
    const page = await context.newPage()
    for (const q of ['Gefell', '07926', 'Atlantis']) {
      await page.goto(`${server.origin}/map?q=${encodeURIComponent(q)}`)
      const violations = await axeViolations(page)
      expect(
        violations.map((v) => `${q}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([])
    }
    await context.close()
  })
})
