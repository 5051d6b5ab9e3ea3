import ICAL from 'ical.js'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { InclusionProfile } from '../../src/domains/events/inclusion.js'
import type { Event } from '../../src/domains/events/tables.js'
import {
  browserAvailable,
  launchBrowser,
  pageAs,
  type RunningApp,
  startServerWithSmtp,
  watchPage,
} from '../support/browser.js'
import { buildDistrict, buildEvent, buildUser, type TestUser } from '../support/factories.js'
import { attachmentText, type ReceivedMail, type TestSmtp } from '../support/smtp.js'

const available = browserAvailable()

function calendarOf(mail: ReceivedMail) {
  const text = attachmentText(mail, 'veranstaltung.ics')
  expect(text).toBeDefined()
  return new ICAL.Component(ICAL.parse(text!)).getFirstSubcomponent('vevent')!
}

/**
 * A new member in Neukölln registers for the new members' evening with a child and a wheelchair, without
 * JavaScript; the confirmation brings the event for the calendar; the organiser reads the counts per need and
 * cancels the evening, and the member is told, the calendar entry cancelled.
 */
describe.skipIf(!available)('an RSVP and a cancelled event, told by mail', () => {
  let server: RunningApp & { smtp: TestSmtp }
  let smtp: TestSmtp
  let browser: Browser
  let event: Event
  let newcomer: TestUser
  let organiser: TestUser

  beforeAll(async () => {
    server = await startServerWithSmtp()
    smtp = server.smtp
    const db = server.database.db
    const neukoelln = await buildDistrict(db, undefined, 'KV Neukölln')
    organiser = await buildUser(db, { member: neukoelln, roles: [['coordinator', neukoelln]] })
    newcomer = await buildUser(db, { member: neukoelln })
    event = await buildEvent(db, [neukoelln], {
      title: 'Neumitgliedertreffen Neukölln',
      venueName: 'Nachbarschaftsheim',
      address: 'Schierker Str. 53, 12051 Berlin',
      capacity: 20,
      audience: 'own_members',
      startsAt: new Date('2026-12-03T18:00:00Z'),
      endsAt: new Date('2026-12-03T20:00:00Z'),
      inclusion: InclusionProfile.parse({
        stepFree: true,
        childcare: { minAge: 1, maxAge: 10, signUpBy: '2026-12-01' },
      }),
    })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  test('the member registers with a child and a wheelchair, the organiser sees the need and cancels; both mails arrive', async () => {
    const member = await pageAs(browser, server, newcomer, { javaScriptEnabled: false })
    const watch = watchPage(member.page, server.origin)
    const eventUrl = `${server.origin}/events/${event.id}`
    await member.page.goto(eventUrl)
    const rsvp = member.page.locator(`form[action="/events/${event.id}/rsvp"]`)
    await rsvp.getByLabel('Kinder, die mitkommen: Alter (z. B. 3, 7)').fill('4')
    await rsvp.getByLabel('Rollstuhlplatz').check()
    await rsvp.getByRole('button', { name: 'Anmelden' }).click()
    await member.page.waitForURL(eventUrl)
    expect(await member.page.locator('main').textContent()).toContain('Deine Anmeldung:')
    expect(watch.foreignRequests).toEqual([])
    await member.context.close()

    await server.deliverMail()
    const confirmed = await smtp.nextMailTo(newcomer.email)
    expect(confirmed.subject).toBe('Angemeldet: Neumitgliedertreffen Neukölln')
    expect(confirmed.text).toContain('Ort: Nachbarschaftsheim, Schierker Str. 53, 12051 Berlin')
    const entry = calendarOf(confirmed)
    expect(entry.getFirstPropertyValue('summary')).toBe('Neumitgliedertreffen Neukölln')
    expect(entry.getFirstPropertyValue('status')).toBe('CONFIRMED')
    expect(new ICAL.Event(entry).startDate.hour).toBe(19)

    // The organiser sees how many need a wheelchair place, without a name, and cancels the evening.
    const office = await pageAs(browser, server, organiser, { javaScriptEnabled: false })
    await office.page.goto(`${eventUrl}/organise`)
    const needs = office.page.getByRole('table', { name: 'Was die Teilnehmenden brauchen' })
    const wheelchair = needs.getByRole('row', { name: /Rollstuhlplatz/ })
    expect((await wheelchair.getByRole('cell').allTextContents()).map((c) => c.trim())).toEqual(['1', '0'])
    expect(await needs.textContent()).not.toContain(newcomer.email)
    await office.page.goto(eventUrl)
    await office.page.getByRole('button', { name: 'Veranstaltung absagen' }).click()
    await office.page.waitForURL(eventUrl)
    expect(await office.page.locator('main').textContent()).toContain('Diese Veranstaltung ist abgesagt.')
    await office.context.close()

    await server.deliverMail()
    const cancelled = await smtp.nextMailTo(newcomer.email)
    expect(cancelled.subject).toBe('Abgesagt: Neumitgliedertreffen Neukölln')
    const dropped = calendarOf(cancelled)
    expect(dropped.getFirstPropertyValue('uid')).toBe(entry.getFirstPropertyValue('uid'))
    expect(dropped.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(smtp.mailsTo(organiser.email)).toEqual([])
  })
})
