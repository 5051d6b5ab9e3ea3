import { eq } from 'drizzle-orm'
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
import { users } from '../accounts/tables.js'

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

function veventsOf(mail: ReceivedMail) {
  const text = attachmentText(mail, 'veranstaltung.ics')
  expect(text).toBeDefined()
  const cal = new ICAL.Component(ICAL.parse(text!))
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  return cal.getAllSubcomponents('vevent')
}

const calendarOf = (mail: ReceivedMail) => veventsOf(mail)[0]!

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

describe('the mail of a changed event', () => {
  test('a new time and place reach everyone with a place or waiting (old → new, updated .ics), a new description reaches no one, a new online link only those with a place', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], {
      type: 'neumitgliedertreffen',
      title: 'Neumitgliedertreffen Neukölln',
      venueName: 'Nachbarschaftsheim',
      address: 'Schierker Str. 53, 12051 Berlin',
      onlineUrl: 'https://treffen.example.org/alt',
      capacity: 1,
      audience: 'own_members',
      startsAt: new Date('2026-12-03T18:00:00Z'),
      endsAt: new Date('2026-12-03T20:00:00Z'),
    })
    const first = await buildUser(db(), { member: kv })
    const second = await buildUser(db(), { member: kv })
    await db().update(users).set({ locale: 'en' }).where(eq(users.id, second.id))
    const bystander = await buildUser(db(), { member: kv })
    const organiser = await buildUser(db(), { roles: [['coordinator', kv]] })
    const session = await sessionFor(db(), organiser)
    for (const who of [first, second])
      expect((await post(`/events/${event.id}/rsvp`, await sessionFor(db(), who), {})).statusCode).toBe(303)
    await t.deliverMail()
    const confirmation = await smtp.nextMailTo(first.email)
    const sequenceBefore = Number(veventsOf(confirmation)[0]!.getFirstPropertyValue('sequence'))
    await smtp.nextMailTo(second.email)

    const form = {
      hostUnitIds: kv.id,
      type: 'neumitgliedertreffen',
      title: 'Neumitgliedertreffen Neukölln',
      description: 'Wir stellen uns vor.',
      day: '2026-12-03',
      startTime: '19:00',
      endTime: '21:00',
      venueName: 'Nachbarschaftsheim',
      address: 'Schierker Str. 53, 12051 Berlin',
      onlineUrl: 'https://treffen.example.org/alt',
      capacity: '1',
      audience: 'own_members',
      publish: 'on',
    }
    // Only the description: the calendar entry changes, nobody gets a mail.
    expect((await post(`/events/${event.id}`, session, form)).statusCode).toBe(303)
    await t.deliverMail()
    expect(smtp.mailsTo(first.email)).toHaveLength(1)
    expect(smtp.mailsTo(second.email)).toHaveLength(1)

    const moved = {
      ...form,
      day: '2026-12-10',
      startTime: '20:00',
      endTime: '22:00',
      venueName: 'Rathaus Neukölln',
      address: 'Karl-Marx-Str. 83, 12043 Berlin',
    }
    expect((await post(`/events/${event.id}`, session, moved)).statusCode).toBe(303)
    await t.deliverMail()
    const changed = await smtp.nextMailTo(first.email)
    expect(changed.subject).toBe('Geändert: Neumitgliedertreffen Neukölln')
    expect(changed.text).toContain('Zeit: 03.12.2026 19:00–21:00 → 10.12.2026 20:00–22:00')
    expect(changed.text).toContain(
      'Ort: Nachbarschaftsheim, Schierker Str. 53, 12051 Berlin → Rathaus Neukölln, Karl-Marx-Str. 83, 12043 Berlin',
    )
    expect(changed.text).not.toContain('Online-Link')
    const [entry] = veventsOf(changed)
    expect(entry!.getFirstPropertyValue('uid')).toBe(`${event.id}@localhost:3000`)
    // The description edit raised it once, this edit once more.
    expect(Number(entry!.getFirstPropertyValue('sequence'))).toBe(sequenceBefore + 2)
    const start = new ICAL.Event(entry!).startDate
    expect([start.year, start.month, start.day, start.hour, start.minute]).toEqual([2026, 12, 10, 20, 0])
    expect(start.toJSDate().toISOString()).toBe('2026-12-10T19:00:00.000Z')
    expect(entry!.getFirstPropertyValue('location')).toBe('Rathaus Neukölln, Karl-Marx-Str. 83, 12043 Berlin')

    const waiting = await smtp.nextMailTo(second.email)
    expect(waiting.subject).toBe('Changed: Neumitgliedertreffen Neukölln')
    expect(waiting.text).toContain('Time: 03/12/2026 19:00–21:00 → 10/12/2026 20:00–22:00')
    expect(veventsOf(waiting)).toHaveLength(1)

    // A new online link: only the person with a place sees links, so only they hear of it.
    expect(
      (await post(`/events/${event.id}`, session, { ...moved, onlineUrl: 'https://treffen.example.org/neu' }))
        .statusCode,
    ).toBe(303)
    await t.deliverMail()
    const link = await smtp.nextMailTo(first.email)
    expect(link.text).toContain(
      'Online-Link: https://treffen.example.org/alt → https://treffen.example.org/neu',
    )
    expect(link.text).not.toContain('Zeit:')
    expect(smtp.mailsTo(second.email)).toHaveLength(2)
    expect(smtp.mailsTo(bystander.email)).toEqual([])
    expect(smtp.mailsTo(organiser.email)).toEqual([])
  })
})
