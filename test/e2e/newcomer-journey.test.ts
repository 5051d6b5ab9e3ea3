import { eq } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { InclusionProfile } from '../../src/domains/events/inclusion.js'
import { members } from '../../src/domains/members/tables.js'
import { startOnboarding } from '../../src/domains/onboarding/index.js'
import type { OrgUnit } from '../../src/domains/org-units/index.js'
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
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
  type TestUser,
} from '../support/factories.js'
import { attachmentText, type TestSmtp } from '../support/smtp.js'

const available = browserAvailable()

/**
 * A new member of Neukölln is welcomed: the board calls her and finds her a buddy, she says yes to the
 * newcomers' evening with a child of four and a wheelchair, and the organisers see what to plan for. By keyboard
 * only, once without JavaScript and once with it; the test clock stands at 21.11.2026.
 */
describe.skipIf(!available)('a new member is welcomed and comes to an event, by keyboard', () => {
  let server: RunningApp & { smtp: TestSmtp }
  let smtp: TestSmtp
  let browser: Browser
  let neukoelln: OrgUnit
  let board: TestUser
  let eventId: string
  let buddyEmail: string

  beforeAll(async () => {
    server = await startServerWithSmtp()
    smtp = server.smtp
    const db = server.database.db
    neukoelln = await buildDistrict(db, await buildState(db, await buildFederation(db)), 'KV Neukölln')
    board = await buildUser(db, { member: neukoelln, roles: [['board', neukoelln]] })
    const buddy = await buildMember(db, neukoelln, { firstName: 'Berta', lastName: 'Begleiterin' })
    buddyEmail = buddy.email!
    const event = await buildEvent(db, [neukoelln], {
      type: 'neumitgliedertreffen',
      title: 'Neumitgliederabend Neukölln',
      startsAt: new Date('2026-12-03T17:00:00Z'),
      endsAt: new Date('2026-12-03T19:00:00Z'),
      audience: 'own_members',
      venueName: 'Bürgerzentrum Neukölln',
      address: 'Werbellinstraße 42, 12053 Berlin',
      inclusion: InclusionProfile.parse({
        stepFree: true,
        accessibleToilet: true,
        childcare: { minAge: 2, maxAge: 10, signUpBy: null },
      }),
    })
    eventId = event.id
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  /** A member with an account who joined three days ago, whose welcome has started. */
  async function newMember(firstName: string) {
    const db = server.database.db
    const user = await buildUser(db, { member: neukoelln })
    const [member] = await db
      .update(members)
      .set({ firstName, lastName: 'Neumann', enteredOn: '2026-11-18' })
      .where(eq(members.id, user.memberId!))
      .returning()
    await db.transaction((tx) =>
      startOnboarding(tx, undefined, [member!], server.clock.now(), { since: '2000-01-01' }),
    )
    return user
  }

  for (const javaScriptEnabled of [false, true]) {
    test(`the board calls and finds a buddy, she RSVPs with a child and a wheelchair (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const firstName = javaScriptEnabled ? 'Nils' : 'Nele'
      const user = await newMember(firstName)

      // The board, from its KV's page: the queue, her pipeline, the call that reached her, a buddy.
      const b = await pageAs(browser, server, board, { javaScriptEnabled })
      const boardWatch = watchPage(b.page, server.origin)
      await b.page.goto(`${server.origin}/units/${neukoelln.id}`)
      await tabTo(b.page, `a[href="/onboarding/units/${neukoelln.id}"]`)
      await b.page.keyboard.press('Enter')
      await b.page.waitForURL(`${server.origin}/onboarding/units/${neukoelln.id}`)
      const row = b.page.getByRole('row', { name: new RegExp(`${firstName} Neumann`) })
      const href = await row.locator('a[href^="/onboarding/pipelines/"]').getAttribute('href')
      await tabTo(b.page, `a[href="${href}"]`)
      await b.page.keyboard.press('Enter')
      const pipelineUrl = `${server.origin}${href}`
      await b.page.waitForURL(pipelineUrl)
      // "Erreicht" on today's date is what the form offers first.
      await tabTo(b.page, 'form[action$="/contacts"] button[type="submit"]')
      await b.page.keyboard.press('Enter')
      await b.page.waitForURL(`${pipelineUrl}#contacts-heading`)
      await tabTo(b.page, '#f-q')
      await b.page.keyboard.type('Begleit')
      await b.page.keyboard.press('Enter')
      await b.page.waitForURL(/\?q=Begleit#buddy-heading$/)
      await tabTo(b.page, 'form[action$="/buddy"] button[type="submit"]')
      await b.page.keyboard.press('Enter')
      await b.page.waitForURL(`${pipelineUrl}#buddy-heading`)
      expect(await b.page.locator('main').textContent()).toContain('Buddy: Berta Begleiterin')
      expect(boardWatch.foreignRequests).toEqual([])
      expect(boardWatch.consoleErrors).toEqual([])

      // She finds the newcomers' evening on her KV's page and says yes, with a child of four and a wheelchair.
      const m = await pageAs(browser, server, user, { javaScriptEnabled })
      const memberWatch = watchPage(m.page, server.origin)
      await m.page.goto(`${server.origin}/units/${neukoelln.id}`)
      await tabTo(m.page, `a[href="/events/${eventId}"]`)
      await m.page.keyboard.press('Enter')
      await m.page.waitForURL(`${server.origin}/events/${eventId}`)
      await tabTo(m.page, '#f-childrenAges')
      await m.page.keyboard.type('4')
      await tabTo(m.page, 'input[name="accessNeedKinds"][value="wheelchair"]')
      await m.page.keyboard.press('Space')
      await tabTo(m.page, `form[action="/events/${eventId}/rsvp"] button[type="submit"]`)
      await m.page.keyboard.press('Enter')
      await m.page.waitForURL(`${server.origin}/events/${eventId}`)
      await m.page.getByText('Deine Anmeldung: angemeldet').waitFor()
      expect(await m.page.getByLabel(/Kinder, die mitkommen/).inputValue()).toBe('4')
      expect(await m.page.getByRole('checkbox', { name: 'Rollstuhlplatz' }).isChecked()).toBe(true)
      expect(memberWatch.foreignRequests).toEqual([])
      expect(memberWatch.consoleErrors).toEqual([])
      await m.context.close()

      await server.deliverMail()
      const mail = await smtp.nextMailTo(user.email)
      expect(mail.subject).toBe('Angemeldet: Neumitgliederabend Neukölln')
      const ics = mail.parsed.attachments.find((a) => a.filename?.endsWith('.ics'))
      expect(attachmentText(mail, ics!.filename!)).toContain('SUMMARY:Neumitgliederabend Neukölln')
      // The buddy is told whom she accompanies, without the newcomer's address.
      const told = smtp.mailsTo(buddyEmail).find((m) => m.subject.includes(firstName))
      expect(told?.subject).toBe(`Du begleitest ${firstName} Neumann als Buddy`)
      expect(told?.text).toContain(`${firstName} Neumann ist neu im KV Neukölln`)
      expect(told?.text).not.toContain(user.email)

      // Her yes closed the first-activity step by itself.
      await b.page.goto(pipelineUrl)
      expect(await b.page.locator('main').textContent()).toContain(
        'zugesagt für eine Veranstaltung oder eine Schicht',
      )
      await b.context.close()
    })
  }

  test('the organisers see the children and the wheelchairs counted; the pages pass axe', async () => {
    const b = await pageAs(browser, server, board, { bypassCSP: true })
    await b.page.goto(`${server.origin}/events/${eventId}/organise`)
    const wheelchairs = b.page.getByRole('row', { name: /Rollstuhlplatz/ })
    expect((await wheelchairs.getByRole('cell').allTextContents()).map((s) => s.trim())).toEqual(['2', '0'])
    const threeToFive = b.page.getByRole('row', { name: /Alter 3-5/ })
    expect((await threeToFive.getByRole('cell').textContent())?.trim()).toBe('2')
    expect(await axeFindings(b.page)).toEqual([])
    await b.page.goto(`${server.origin}/onboarding/units/${neukoelln.id}`)
    expect(await axeFindings(b.page)).toEqual([])
    const href = await b.page.locator('a[href^="/onboarding/pipelines/"]').first().getAttribute('href')
    await b.page.goto(`${server.origin}${href}`)
    expect(await axeFindings(b.page)).toEqual([])
    await b.context.close()
  })
})
