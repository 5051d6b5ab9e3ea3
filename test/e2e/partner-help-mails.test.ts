import { eq } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sendShiftReminders } from '../../src/domains/help/service/index.js'
import type { HelpRequest } from '../../src/domains/help/tables.js'
import { orgUnits } from '../../src/domains/org-units/tables.js'
import type { Partnership } from '../../src/domains/partnerships/index.js'
import {
  axeFindings,
  axeViolations,
  browserAvailable,
  launchBrowser,
  pageAs,
  type RunningApp,
  startServerWithSmtp,
  watchPage,
} from '../support/browser.js'
import { buildHelpRequest, buildPartnership, buildUser, type TestUser } from '../support/factories.js'
import type { TestSmtp } from '../support/smtp.js'

const available = browserAvailable()

/**
 * Saale-Orla asked for canvassing help before Hamburg-Mitte accepted the partnership. Hamburg-Mitte's board accepts
 * it in the browser; Hamburg-Mitte's coordinator is told of the open request, follows the mail's link and signs up;
 * Saale-Orla's coordinator hears of the sign-up, and the helper is reminded the day before. The clock stands at
 * 21.11.2026 11:00, the shift is on 22.11.2026 10:00–14:00.
 */
describe.skipIf(!available)("a new partner's coordinators hear of the open requests and sign up", () => {
  let server: RunningApp & { smtp: TestSmtp }
  let smtp: TestSmtp
  let browser: Browser
  let partnership: Partnership
  let request: HelpRequest
  let boardB: TestUser
  let coordinatorA: TestUser
  let coordinatorB: TestUser

  beforeAll(async () => {
    server = await startServerWithSmtp()
    smtp = server.smtp
    const db = server.database.db
    const w = await buildPartnership(db, { status: 'proposed' })
    await db.update(orgUnits).set({ name: 'KV Saale-Orla' }).where(eq(orgUnits.id, w.unitA.id))
    await db.update(orgUnits).set({ name: 'KV Hamburg-Mitte' }).where(eq(orgUnits.id, w.unitB.id))
    partnership = w.partnership
    boardB = w.boardB
    coordinatorA = await buildUser(db, { member: w.unitA, roles: [['coordinator', w.unitA]] })
    coordinatorB = await buildUser(db, { member: w.unitB, roles: [['coordinator', w.unitB]] })
    ;({ request } = await buildHelpRequest(db, w.unitA, {
      shift: { startsAt: new Date('2026-11-22T09:00:00Z'), endsAt: new Date('2026-11-22T13:00:00Z') },
    }))
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  test('accepted in the browser, the request arrives by mail, the link leads to the sign-up, the sign-up and the reminder follow', async () => {
    const board = await pageAs(browser, server, boardB, { javaScriptEnabled: false })
    const partnershipUrl = `${server.origin}/partnerships/${partnership.id}`
    await board.page.goto(partnershipUrl)
    await board.page.getByRole('button', { name: 'Partnerschaft annehmen' }).click()
    await board.page.waitForURL(partnershipUrl)
    await board.context.close()

    await server.deliverMail()
    const told = await smtp.nextMailTo(coordinatorB.email)
    expect(told.subject).toBe(`Euer Partner-KV bittet um Hilfe: ${request.title}`)
    expect(told.text).toContain('KV Saale-Orla bittet euch als Partner-KV um Hilfe')
    const link = /http:\/\/localhost:3000(\/help\/[0-9a-f-]{36})\b/.exec(told.text)
    expect(link?.[1]).toBe(`/help/${request.id}`)

    // The coordinator follows the link, signed in, and signs up for the shift.
    const helper = await pageAs(browser, server, coordinatorB, { bypassCSP: true })
    const watch = watchPage(helper.page, server.origin)
    const requestUrl = `${server.origin}${link![1]}`
    expect((await helper.page.goto(requestUrl))?.status()).toBe(200)
    expect(await axeViolations(helper.page)).toEqual([])
    await helper.page.getByRole('button', { name: /^Eintragen – Schicht am 22\.11\.2026 10:00/ }).click()
    await helper.page.waitForURL(requestUrl)
    expect(await helper.page.locator('main').textContent()).toContain('Du: bestätigt')
    expect(watch.foreignRequests).toEqual([])
    await helper.context.close()

    await server.deliverMail()
    expect((await smtp.nextMailTo(coordinatorB.email)).subject).toBe(
      `Du bist eingetragen: ${request.title}, 22.11.2026 10:00`,
    )
    const notice = await smtp.nextMailTo(coordinatorA.email)
    expect(notice.subject).toBe(`Neue Anmeldung: ${request.title}, 22.11.2026 10:00`)
    expect(notice.text).toContain(`http://localhost:3000/help/${request.id}/roster`)

    // The day before, the helper is reminded of time and meeting point.
    await sendShiftReminders(server.app.deps, server.app.config)
    await server.deliverMail()
    const reminder = await smtp.nextMailTo(coordinatorB.email)
    expect(reminder.subject).toBe(`Morgen: ${request.title}, 22.11.2026 10:00`)
    expect(reminder.text).toContain('Marktplatz')

    // Saale-Orla's coordinator opens the request's edit page: the kind stays, and says why; no WCAG 2.1 AA violation.
    const editor = await pageAs(browser, server, coordinatorA, { bypassCSP: true })
    await editor.page.goto(`${server.origin}/help/${request.id}/edit`)
    expect(await editor.page.locator('main').textContent()).toContain(
      'Die Art (Haustürwahlkampf) bleibt, weil Schichten und Eintragungen an ihr hängen.',
    )
    expect(await axeFindings(editor.page)).toEqual([])
    await editor.context.close()
  })
})
