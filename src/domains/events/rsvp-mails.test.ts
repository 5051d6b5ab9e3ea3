import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { buildDistrict, buildEvent, buildUser, sessionFor } from '../../../test/support/factories.js'
import {
  attachmentText,
  type ReceivedMail,
  startTestSmtp,
  type TestSmtp,
} from '../../../test/support/smtp.js'
import { createMailTransport } from '../../platform/mail/mailer.js'

let t: TestApp
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startTestSmtp()
  t = await buildTestApp({ mailer: createMailTransport({ smtpUrl: smtp.url, from: 'noreply@example.org' }) })
})
afterAll(async () => {
  await t.close()
  await smtp.close()
})

const db = () => t.database.db

function post(url: string, session: { cookie: string; csrf: string }, fields: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
  })
}

function calendarOf(mail: ReceivedMail) {
  const text = attachmentText(mail, 'veranstaltung.ics')
  expect(text).toBeDefined()
  const cal = new ICAL.Component(ICAL.parse(text!))
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  return cal.getFirstSubcomponent('vevent')!
}

describe('the mails of an RSVP and of a cancelled event', () => {
  test('a place is confirmed with the event as .ics, the waitlist says so, answers alone send nothing, and a cancellation reaches everyone with a place or waiting', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], {
      title: 'Neumitgliedertreffen Neukölln',
      venueName: 'Nachbarschaftsheim',
      address: 'Schierker Str. 53, 12051 Berlin',
      capacity: 1,
      audience: 'own_members',
      startsAt: new Date('2026-12-03T18:00:00Z'),
      endsAt: new Date('2026-12-03T20:00:00Z'),
    })
    const first = await buildUser(db(), { member: kv })
    const second = await buildUser(db(), { member: kv })
    const organiser = await buildUser(db(), { roles: [['coordinator', kv]] })
    const firstSession = await sessionFor(db(), first)

    expect(
      (await post(`/events/${event.id}/rsvp`, firstSession, { participation: 'on_site' })).statusCode,
    ).toBe(303)
    await t.deliverMail()
    const confirmed = await smtp.nextMailTo(first.email)
    expect(confirmed.subject).toBe('Angemeldet: Neumitgliedertreffen Neukölln')
    expect(confirmed.text).toContain('Ort: Nachbarschaftsheim, Schierker Str. 53, 12051 Berlin')
    const vevent = calendarOf(confirmed)
    expect(vevent.getFirstPropertyValue('uid')).toBe(`${event.id}@localhost:3000`)
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED')
    expect(new ICAL.Event(vevent).startDate.hour).toBe(19)

    // Changing only the answers sends nothing new.
    await post(`/events/${event.id}/rsvp`, firstSession, { participation: 'on_site', childrenAges: '4' })
    expect((await post(`/events/${event.id}/rsvp`, await sessionFor(db(), second), {})).statusCode).toBe(303)
    await t.deliverMail()
    const waiting = await smtp.nextMailTo(second.email)
    expect(waiting.subject).toBe('Warteliste: Neumitgliedertreffen Neukölln')
    expect(waiting.parsed.attachments).toEqual([])
    expect(smtp.mailsTo(first.email)).toHaveLength(1)

    const cancelled = await post(`/events/${event.id}/status`, await sessionFor(db(), organiser), {
      status: 'cancelled',
    })
    expect(cancelled.statusCode).toBe(303)
    await t.deliverMail()
    for (const who of [first, second]) {
      const mail = await smtp.nextMailTo(who.email)
      expect(mail.subject).toBe('Abgesagt: Neumitgliedertreffen Neukölln')
      const entry = calendarOf(mail)
      expect(entry.getFirstPropertyValue('status')).toBe('CANCELLED')
      expect(entry.getFirstPropertyValue('sequence')).toBeGreaterThan(
        Number(vevent.getFirstPropertyValue('sequence')),
      )
    }
    expect(smtp.mailsTo(organiser.email)).toEqual([])
  })
})
