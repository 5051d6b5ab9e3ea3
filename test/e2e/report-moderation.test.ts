import { and, eq, or } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { partnerships } from '../../src/domains/partnerships/tables.js'
import {
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  useSession,
  watchPage,
} from '../support/browser.js'
import { sessionFor } from '../support/factories.js'
import { buildWorld, type World } from '../support/fixtures-world.js'

const available = browserAvailable()

describe.skipIf(!available)('reporting a missing partnership, moderated by the federal office', () => {
  let server: RunningApp
  let browser: Browser
  let world: World

  beforeAll(async () => {
    server = await startServer()
    world = await buildWorld(server.database.db)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function openPairs(aId: string, bId: string) {
    return server.database.db
      .select()
      .from(partnerships)
      .where(
        or(
          and(eq(partnerships.unitAId, aId), eq(partnerships.unitBId, bId)),
          and(eq(partnerships.unitAId, bId), eq(partnerships.unitBId, aId)),
        ),
      )
  }

  for (const javaScriptEnabled of [true, false]) {
    test(`a visitor reports, the federal office accepts, the partnership exists and the visitor is told (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const own = world.kvs.own.unit
      const foreign = world.kvs.foreign.unit
      const before = await openPairs(own.id, foreign.id)
      for (const row of before) {
        await server.database.db
          .update(partnerships)
          .set({ status: 'ended' })
          .where(eq(partnerships.id, row.id))
      }
      const reporterEmail = `reporter-${javaScriptEnabled ? 'js' : 'nojs'}@example.org`

      // The visitor, without an account.
      const visitor = await browser.newContext({ javaScriptEnabled, locale: 'de-DE' })
      const page = await visitor.newPage()
      const watch = watchPage(page, server.origin)
      await page.goto(`${server.origin}/partnerships/report`)
      await page.getByLabel('Dein Name').fill('Ria Beispiel')
      await page.getByLabel('Deine E-Mail-Adresse').fill(reporterEmail)
      // Each side is searched inside the one form: the search brings it back with the KVs found, nothing lost.
      await page.locator('#f-unitAText').fill(own.name)
      await page.getByRole('button', { name: 'Ersten Kreisverband in der Liste suchen' }).click()
      const pickA = page.locator('input[name="unitAId"]').and(page.locator(`[value="${own.id}"]`))
      await pickA.check()
      await expect(page.getByLabel('Dein Name').inputValue()).resolves.toBe('Ria Beispiel')
      await page.locator('#f-unitBText').fill(foreign.name)
      await page.getByRole('button', { name: 'Zweiten Kreisverband in der Liste suchen' }).click()
      const pickB = page.locator('input[name="unitBId"]').and(page.locator(`[value="${foreign.id}"]`))
      await pickB.check()
      // The first side's text and choice came back with the second search.
      await expect(page.locator('#f-unitAText').inputValue()).resolves.toBe(own.name)
      await expect(pickA.isChecked({ timeout: 5000 })).resolves.toBe(true)
      await page
        .getByLabel('Was fehlt oder hat sich geändert?')
        .fill('Wir helfen uns seit dem Frühjahr beim Plakatieren.')
      await page.getByRole('button', { name: 'Meldung senden' }).click()
      await page.waitForURL(`${server.origin}/partnerships/report/thanks`)
      expect(watch.foreignRequests).toEqual([])
      expect(watch.consoleErrors).toEqual([])
      await visitor.close()

      // The federal office moderates.
      const office = await browser.newContext({ javaScriptEnabled, locale: 'de-DE' })
      const session = await sessionFor(server.database.db, world.users.federal, server.clock.now())
      await useSession(office, server.origin, session.cookie)
      const officePage = await office.newPage()
      const officeWatch = watchPage(officePage, server.origin)
      await officePage.goto(`${server.origin}/partnerships/reports`)
      await officePage
        .getByRole('link', { name: `${own.name} – ${foreign.name}` })
        .first()
        .click()
      await officePage.waitForURL(/\/partnerships\/reports\/[0-9a-f-]+$/)
      await officePage.getByRole('button', { name: 'Übernehmen' }).click()
      await officePage.waitForURL(`${server.origin}/partnerships/reports`)
      await expect(officePage.getByRole('status').textContent()).resolves.toContain('Meldung übernommen')
      expect(officeWatch.foreignRequests).toEqual([])
      expect(officeWatch.consoleErrors).toEqual([])
      await office.close()

      const after = await openPairs(own.id, foreign.id)
      expect(after.filter((p) => p.status !== 'ended')).toHaveLength(1)
      const mail = (await server.outbox()).find((m) => m.to === reporterEmail)
      expect(mail?.text).toBeTruthy()
    })
  }
})
