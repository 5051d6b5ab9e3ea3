import { and, eq, or } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { partnerships } from '../../src/domains/partnerships/tables.js'
import { createMailTransport } from '../../src/platform/mail/mailer.js'
import {
  axeViolations,
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  tabTo,
  useSession,
  watchPage,
} from '../support/browser.js'
import { sessionFor } from '../support/factories.js'
import { buildWorld, type World } from '../support/fixtures-world.js'
import { startTestSmtp, type TestSmtp } from '../support/smtp.js'

const available = browserAvailable()

describe.skipIf(!available)('reporting a missing partnership, moderated by the federal office', () => {
  let server: RunningApp
  let browser: Browser
  let world: World

  let smtp: TestSmtp

  beforeAll(async () => {
    smtp = await startTestSmtp()
    server = await startServer({
      mailer: createMailTransport({ smtpUrl: smtp.url, from: 'noreply@example.org' }),
    })
    world = await buildWorld(server.database.db)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await smtp?.close()
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
      // The worker hands a recipient's mails over one at a time, oldest first.
      await server.deliverMail()
      await server.deliverMail()
      expect((await smtp.nextMailTo(reporterEmail)).subject).toBe(
        'Deine Meldung zur KV-Partnerschaft ist angekommen',
      )
      const decision = await smtp.nextMailTo(reporterEmail)
      expect(decision.subject).toBe('Deine Meldung zur KV-Partnerschaft wurde übernommen')
      expect(decision.text).toContain('Hallo Ria Beispiel,')
    })
  }

  test('a visitor reports by keyboard only and without JavaScript, from the map’s “Partnerschaft melden”', async () => {
    const other = world.kvs.other.unit
    const foreign = world.kvs.foreign.unit
    const visitor = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' })
    const page = await visitor.newPage()
    const watch = watchPage(page, server.origin)
    /** Into a list of KVs found by Tab, then by the arrow keys to the one meant, as with any radio group. */
    const pick = async (name: string, id: string) => {
      await tabTo(page, `input[name="${name}"]`)
      await page.keyboard.press('Space')
      const target = page.locator(`input[name="${name}"][value="${id}"]`)
      for (let i = 0; i < 10 && !(await target.isChecked()); i++) await page.keyboard.press('ArrowDown')
      expect(await target.isChecked()).toBe(true)
    }
    await page.goto(`${server.origin}/map`)
    await tabTo(page, 'a[href="/partnerships/report"]', 300)
    await page.keyboard.press('Enter')
    await page.waitForURL(`${server.origin}/partnerships/report`)
    await tabTo(page, '#f-reporterName')
    await page.keyboard.type('Tom Tastatur')
    await tabTo(page, '#f-reporterEmail')
    await page.keyboard.type('tom@example.org')
    await tabTo(page, '#f-unitAText')
    await page.keyboard.type(other.name)
    await tabTo(page, 'button[name="search"][value="a"]')
    await page.keyboard.press('Enter')
    await page.waitForURL(`${server.origin}/partnerships/report/search`)
    await pick('unitAId', other.id)
    await tabTo(page, '#f-unitBText')
    await page.keyboard.type(foreign.name)
    await tabTo(page, 'button[name="search"][value="b"]')
    await page.keyboard.press('Enter')
    await page.locator(`input[name="unitBId"][value="${foreign.id}"]`).waitFor()
    expect(await page.locator('#f-reporterName').inputValue()).toBe('Tom Tastatur')
    expect(await page.locator(`input[name="unitAId"][value="${other.id}"]`).isChecked()).toBe(true)
    await pick('unitBId', foreign.id)
    await tabTo(page, '#f-message')
    await page.keyboard.type('Wir schreiben uns seit der Kommunalwahl.')
    await tabTo(page, 'form button[type="submit"]:not([name="search"])')
    await page.keyboard.press('Enter')
    await page.waitForURL(`${server.origin}/partnerships/report/thanks`)
    expect(watch.foreignRequests).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    await visitor.close()
  })

  test('a visitor who reports in English hears back in English, though the office decides in German; the form, the thanks and the review pass axe', async () => {
    const own = world.kvs.own.unit
    const reporterEmail = 'reporter-english@example.org'
    const axeFailures: string[] = []
    const axe = async (page: Page, where: string) => {
      for (const v of await axeViolations(page))
        axeFailures.push(`${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    }

    // In English; axe runs in this page, so its context may inject a script (bypassCSP) and nothing else differs.
    const visitor = await browser.newContext({ locale: 'en-GB', bypassCSP: true })
    const page = await visitor.newPage()
    const watch = watchPage(page, server.origin)
    await page.goto(`${server.origin}/partnerships/report`)
    await page.getByLabel('Your name').fill('Sam Example')
    await page.getByLabel('Your e-mail address').fill(reporterEmail)
    await page.locator('#f-unitAText').fill(own.name)
    await page.getByRole('button', { name: 'Find the first district association in the list' }).click()
    await page
      .locator('input[name="unitAId"]')
      .and(page.locator(`[value="${own.id}"]`))
      .check()
    await axe(page, 'report form with search results')
    await page.locator('#f-unitBText').fill('KV Nirgendwo')
    await page.getByLabel('What is missing or has changed?').fill('We have been partners since spring.')
    await page.getByRole('button', { name: 'Send report' }).click()
    await page.waitForURL(`${server.origin}/partnerships/report/thanks`)
    await axe(page, 'thanks')
    expect(watch.foreignRequests).toEqual([])
    await visitor.close()
    await server.deliverMail()
    const receipt = await smtp.nextMailTo(reporterEmail)
    expect(receipt.subject).toBe('Your report on a KV partnership has arrived')

    // The federal office, in German, reads in which language the answer will go and rejects with a reason.
    const office = await browser.newContext({ locale: 'de-DE', bypassCSP: true })
    const session = await sessionFor(server.database.db, world.users.federal, server.clock.now())
    await useSession(office, server.origin, session.cookie)
    const officePage = await office.newPage()
    await officePage.goto(`${server.origin}/partnerships/reports`)
    await officePage
      .getByRole('link', { name: `${own.name} – KV Nirgendwo` })
      .first()
      .click()
    await officePage.waitForURL(/\/partnerships\/reports\/[0-9a-f-]+$/)
    await expect(officePage.locator('dd[lang="en"]').textContent()).resolves.toBe('English')
    await axe(officePage, 'review')
    await officePage
      .getByLabel('Begründung')
      .fill('KV Nirgendwo does not exist; please name the district association.')
    await officePage.getByRole('button', { name: 'Ablehnen' }).click()
    await officePage.waitForURL(`${server.origin}/partnerships/reports`)
    await office.close()

    await server.deliverMail()
    const decision = await smtp.nextMailTo(reporterEmail)
    expect(decision.subject).toBe('Your report on a KV partnership was not accepted')
    expect(decision.text).toContain('Hello Sam Example,')
    expect(decision.text).toContain(
      'Reason for declining: KV Nirgendwo does not exist; please name the district association.',
    )
    expect(axeFailures).toEqual([])
  })
})
