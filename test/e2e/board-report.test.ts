import { eq } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { OrgUnit } from '../../src/domains/org-units/index.js'
import { mailOutbox } from '../../src/platform/mail/tables.js'
import {
  axeViolations,
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  useSession,
  watchPage,
} from '../support/browser.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildState,
  buildUser,
  sessionFor,
  type TestUser,
} from '../support/factories.js'

const available = browserAvailable()

describe.skipIf(!available)('the half-year report in the browser', () => {
  let server: RunningApp
  let browser: Browser
  let kv: OrgUnit
  let board: TestUser
  let member: TestUser

  beforeAll(async () => {
    server = await startServer()
    const db = server.database.db
    const state = await buildState(db, await buildFederation(db))
    kv = await buildDistrict(db, state, 'Saale-Orla')
    board = await buildUser(db, { member: kv, roles: [['board', kv]] })
    member = await buildUser(db, { member: kv })
    // Two events of the first half-year the report counts.
    for (const day of ['2026-03-12', '2026-05-20'])
      await buildEvent(db, [kv], {
        type: 'stammtisch',
        startsAt: new Date(`${day}T17:00:00Z`),
        endsAt: new Date(`${day}T19:00:00Z`),
      })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  for (const javaScriptEnabled of [true, false]) {
    test(`the Saale-Orla board drafts, edits and publishes; a member reads it (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const db = server.database.db
      const mark = javaScriptEnabled ? 'mit Skript' : 'ohne Skript'

      // The board, signed in with its second factor.
      // axe-core needs scripts: it runs in the JavaScript pass (bypassCSP only lets it in).
      const boardContext = await browser.newContext({ javaScriptEnabled, locale: 'de-DE', bypassCSP: true })
      await useSession(boardContext, server.origin, (await sessionFor(db, board, server.clock.now())).cookie)
      const page = await boardContext.newPage()
      const watch = watchPage(page, server.origin)

      await page.goto(`${server.origin}/units/${kv.id}/reports`)
      await page.getByRole('button', { name: 'Entwurf anlegen' }).click()
      await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/)
      const reportUrl = page.url()
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Entwurf bearbeiten')
      await expect(page.getByLabel('Titel').inputValue()).resolves.toMatch(
        /^\d+\. Halbjahresbericht des Kreisvorstands Saale-Orla$/,
      )
      // The events of the half-year, counted from the data, linked to where they come from.
      const events = page.getByRole('group', { name: /Veranstaltungen/ })
      await expect(events.getByRole('link', { name: 'Veranstaltungen', exact: true }).count()).resolves.toBe(
        1,
      )
      await expect(events.textContent()).resolves.toMatch(/Veranstaltungen\s*2/)
      if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([])

      await page.getByLabel('Einleitung').fill(`Ein halbes Jahr Kreisvorstand (${mark}).`)
      await events.getByLabel('Text des Vorstands').fill('Der Stammtisch trifft sich jetzt jeden Monat.')
      await page.getByRole('button', { name: 'Speichern' }).click()
      await page.waitForURL(reportUrl)
      await expect(page.getByText('Gespeichert.').count()).resolves.toBeGreaterThan(0)
      await expect(page.getByRole('link', { name: /^Fassung 1,/ }).count()).resolves.toBe(1)

      await page.getByRole('radio', { name: 'Für die Mitglieder veröffentlicht' }).check()
      await page.getByRole('button', { name: 'Veröffentlichen' }).click()
      await page.waitForURL(reportUrl)
      await expect(page.getByText('Der Bericht ist veröffentlicht.').count()).resolves.toBeGreaterThan(0)
      expect(watch.foreignRequests).toEqual([])
      expect(watch.consoleErrors).toEqual([])
      await boardContext.close()

      // The member got a mail with the link, and finds the report on the KV's page.
      const id = reportUrl.split('/').pop()!
      const mails = await db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.key, `report-published:${id}:${member.email.toLowerCase()}`))
      expect(mails).toHaveLength(1)

      const memberContext = await browser.newContext({ javaScriptEnabled, locale: 'de-DE', bypassCSP: true })
      await useSession(
        memberContext,
        server.origin,
        (await sessionFor(db, member, server.clock.now())).cookie,
      )
      const reader = await memberContext.newPage()
      const readerWatch = watchPage(reader, server.origin)
      await reader.goto(`${server.origin}/units/${kv.id}`)
      await reader
        .getByRole('region', { name: 'Berichte des Vorstands' })
        .getByRole('link', { name: /Halbjahresbericht des Kreisvorstands Saale-Orla/ })
        .first()
        .click()
      await reader.waitForURL(/\/reports\/[0-9a-f-]{36}$/)
      if (reader.url() !== reportUrl) await reader.goto(reportUrl)
      await expect(reader.getByText(`Ein halbes Jahr Kreisvorstand (${mark}).`).count()).resolves.toBe(1)
      await expect(reader.getByText('Der Stammtisch trifft sich jetzt jeden Monat.').count()).resolves.toBe(1)
      await expect(reader.getByText(/Zahlen mit Stand vom/).count()).resolves.toBe(1)
      // Not the editor: the member reads, and the board's own pages are not linked.
      await expect(reader.getByRole('button', { name: 'Speichern' }).count()).resolves.toBe(0)
      await expect(reader.locator('a[href^="/onboarding/"]').count()).resolves.toBe(0)
      const pdf = await reader.request.get(`${reportUrl}/pdf`)
      expect(pdf.status()).toBe(200)
      expect(pdf.headers()['content-type']).toBe('application/pdf')
      if (javaScriptEnabled) expect(await axeViolations(reader)).toEqual([])
      expect(readerWatch.foreignRequests).toEqual([])
      expect(readerWatch.consoleErrors).toEqual([])
      await memberContext.close()
    })
  }
})
