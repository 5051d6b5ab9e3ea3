import { eq } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { orgUnits } from '../../src/domains/org-units/tables.js'
import {
  axeFindings,
  browserAvailable,
  launchBrowser,
  pageAs,
  type RunningApp,
  startServerWithSmtp,
  tabTo,
  watchPage,
} from '../support/browser.js'
import { buildPartnership, buildUser, type TestUser } from '../support/factories.js'
import { attachmentText, type TestSmtp } from '../support/smtp.js'

const available = browserAvailable()

/**
 * Seed 000's story: the Saale-Orla board asks its partner for canvassing help in Gefell, choosing the place by
 * its name, and a member of Hamburg-Mitte signs up for the shift. Both by keyboard only, once with JavaScript and
 * once without; the test clock stands at 21.11.2026.
 */
describe.skipIf(!available)('asking a partner KV for help and signing up, by keyboard', () => {
  let server: RunningApp & { smtp: TestSmtp }
  let smtp: TestSmtp
  let browser: Browser
  let coordinator: TestUser
  let helper: TestUser

  beforeAll(async () => {
    server = await startServerWithSmtp()
    smtp = server.smtp
    const db = server.database.db
    const w = await buildPartnership(db, { status: 'active' })
    await db.update(orgUnits).set({ name: 'KV Saale-Orla', ags: '16075' }).where(eq(orgUnits.id, w.unitA.id))
    await db.update(orgUnits).set({ name: 'KV Hamburg-Mitte' }).where(eq(orgUnits.id, w.unitB.id))
    coordinator = await buildUser(db, { member: w.unitA, roles: [['coordinator', w.unitA]] })
    helper = await buildUser(db, { member: w.unitB })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const pageFor = (user: TestUser, javaScriptEnabled: boolean, bypassCSP = false) =>
    pageAs(browser, server, user, { javaScriptEnabled, bypassCSP })

  for (const javaScriptEnabled of [false, true]) {
    test(`Saale-Orla asks for canvassing in Gefell by its name, Hamburg-Mitte signs up (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const title = `Haustürwahlkampf in Gefell (${javaScriptEnabled ? 'mit' : 'ohne'} Skript)`
      const board = await pageFor(coordinator, javaScriptEnabled)
      const watch = watchPage(board.page, server.origin)
      await board.page.goto(`${server.origin}/help/new`)
      await tabTo(board.page, '#f-kind')
      await board.page.keyboard.type('Haust')
      await tabTo(board.page, '#f-title')
      await board.page.keyboard.type(title)
      await tabTo(board.page, '#f-municipality')
      await board.page.keyboard.type('Gefell')
      // "Mitglieder unserer Partner-KVs", the first choice of who sees it, stays.
      await tabTo(board.page, 'form[action="/help"] button[type="submit"]')
      await board.page.keyboard.press('Enter')

      // Two municipalities are called Gefell: the form asks which, with the Kreis, and keeps what was typed.
      const choice = board.page.getByRole('group', { name: 'Welche Gemeinde meinst du?' })
      await choice.waitFor()
      expect(await board.page.getByLabel('Titel').inputValue()).toBe(title)
      expect(await choice.getByRole('radio', { name: 'Gefell (Saale-Orla-Kreis)' }).isChecked()).toBe(true)
      expect(await choice.getByRole('radio', { name: 'Gefell (Vulkaneifel)' }).isChecked()).toBe(false)
      await tabTo(board.page, 'form[action="/help"] button[type="submit"]')
      await board.page.keyboard.press('Enter')
      await board.page.waitForURL(/\/help\/[0-9a-f-]{36}$/)
      const requestUrl = board.page.url()
      expect(await board.page.locator('main').textContent()).toContain('Gefell (Saale-Orla-Kreis)')

      // A shift, added on the request's page: the folded form opened with Enter.
      await board.page.getByText('Schicht hinzufügen', { exact: true }).first().press('Enter')
      const shift = board.page.locator('form[action$="/shifts"]')
      await shift.getByLabel('Beginn').fill('2026-12-05T10:00')
      await shift.getByLabel('Ende').fill('2026-12-05T14:00')
      await shift.getByLabel('Plätze').fill('20')
      await shift.getByLabel('Treffpunkt').fill('Marktplatz Gefell')
      await shift.getByLabel('Treffpunkt').press('Enter')
      // The page the form sends back to is the one it is on: wait for the shift itself.
      await board.page.getByText('0 von 20 belegt').waitFor()
      expect(watch.foreignRequests).toEqual([])
      expect(watch.consoleErrors).toEqual([])
      await board.context.close()

      // Hamburg-Mitte's member finds it among the help of their partners and signs up, by keyboard.
      const member = await pageFor(helper, javaScriptEnabled)
      const memberWatch = watchPage(member.page, server.origin)
      await member.page.goto(`${server.origin}/help`)
      const path = new URL(requestUrl).pathname
      await tabTo(member.page, `a[href="${path}"]`)
      await member.page.keyboard.press('Enter')
      await member.page.waitForURL(requestUrl)
      await tabTo(member.page, 'form[action$="/signup"] button')
      expect(await member.page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(
        /^Eintragen\s+– Schicht am 05\.12\.2026 10:00 – 14:00$/,
      )
      await member.page.keyboard.press('Enter')
      await member.page.getByText('Du: bestätigt').waitFor()
      const text = (await member.page.locator('main').textContent()) ?? ''
      expect(text).toContain('1 von 20 belegt')
      expect(text).toContain('Du: bestätigt')
      expect(memberWatch.foreignRequests).toEqual([])
      expect(memberWatch.consoleErrors).toEqual([])
      await member.context.close()

      // The confirmation says when and where, with the shift for the calendar.
      await server.deliverMail()
      const mail = await smtp.nextMailTo(helper.email)
      expect(mail.subject).toBe(`Du bist eingetragen: ${title}, 05.12.2026 10:00`)
      expect(mail.text).toContain('Treffpunkt: Marktplatz Gefell')
      const ics = mail.parsed.attachments.find((a) => a.filename?.endsWith('.ics'))
      expect(ics).toBeDefined()
      expect(attachmentText(mail, ics!.filename!)).toContain('LOCATION:Marktplatz Gefell')
    })
  }

  test('the form with its choice of place and the request page have no WCAG 2.1 AA violation', async () => {
    const board = await pageFor(coordinator, true, true)
    await board.page.goto(`${server.origin}/help/new`)
    await board.page.getByLabel('Titel').fill('Plakate in Gefell')
    await board.page.getByLabel('Gemeinde').fill('Gefell')
    await board.page.getByRole('button', { name: 'Einstellen' }).click()
    await board.page.getByRole('group', { name: 'Welche Gemeinde meinst du?' }).waitFor()
    expect(await axeFindings(board.page)).toEqual([])
    await board.page.getByRole('button', { name: 'Einstellen' }).click()
    await board.page.waitForURL(/\/help\/[0-9a-f-]{36}$/)
    expect(await axeFindings(board.page)).toEqual([])
    await board.context.close()
  })
})
