import { and, asc, eq } from 'drizzle-orm'
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
import { auditEvents } from '../../platform/audit/tables.js'
import { createMailTransport } from '../../platform/mail/mailer.js'
import { users } from '../accounts/tables.js'
import { events } from './tables.js'

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

/** A monthly series of Stammtisch meetings on the first Tuesday from December 2026, made through the form. */
async function buildSeries(months: number) {
  const kv = await buildDistrict(db())
  const organiser = await sessionFor(db(), await buildUser(db(), { roles: [['coordinator', kv]] }))
  const form = {
    hostUnitIds: kv.id,
    type: 'stammtisch',
    title: 'Stammtisch Neukölln',
    startTime: '19:00',
    endTime: '21:00',
    venueName: 'Café Rix',
    audience: 'own_members',
    publish: 'on',
  }
  const created = await post('/events', organiser, {
    ...form,
    day: '2026-12-01',
    repeat: 'monthly',
    ordinal: '1',
    weekday: '2',
    months: String(months),
  })
  expect(created.statusCode).toBe(303)
  const [first] = await db()
    .select()
    .from(events)
    .where(eq(events.id, created.headers.location!.slice(8)))
  const list = () =>
    db().select().from(events).where(eq(events.seriesId, first!.seriesId!)).orderBy(asc(events.startsAt))
  const series = await list()
  expect(series).toHaveLength(months)
  return { kv, organiser, form, series, list }
}

describe('the mail of a changed series', () => {
  test('a person with places at several changed dates gets one mail listing them, with every date in the .ics', async () => {
    const { kv, organiser, form, series } = await buildSeries(3)
    const regular = await buildUser(db(), { member: kv })
    const once = await buildUser(db(), { member: kv })
    const regularSession = await sessionFor(db(), regular)
    for (const e of series) await post(`/events/${e.id}/rsvp`, regularSession)
    await post(`/events/${series[2]!.id}/rsvp`, await sessionFor(db(), once))
    await t.deliverMail()
    for (let i = 0; i < 3; i++) await smtp.nextMailTo(regular.email)
    await smtp.nextMailTo(once.email)

    const edited = await post(`/events/${series[0]!.id}`, organiser, {
      ...form,
      day: '2026-12-01',
      startTime: '18:00',
      endTime: '20:00',
      applyTo: 'series',
    })
    expect(edited.statusCode).toBe(303)
    await t.deliverMail()
    const mail = await smtp.nextMailTo(regular.email)
    expect(mail.subject).toBe('Geänderte Termine: Stammtisch Neukölln')
    expect(mail.text).toContain('bei 3 Terminen von „Stammtisch Neukölln“')
    for (const [day, next] of [
      ['01.12.2026', '01.12.2026'],
      ['05.01.2027', '05.01.2027'],
      ['02.02.2027', '02.02.2027'],
    ])
      expect(mail.text).toContain(`Termin am ${day} 19:00:\n  Zeit: ${day} 19:00–21:00 → ${next} 18:00–20:00`)
    const entries = veventsOf(mail)
    expect(entries.map((v) => v.getFirstPropertyValue('uid'))).toEqual(
      series.map((e) => `${e.id}@localhost:3000`),
    )
    for (const [i, v] of entries.entries()) {
      expect(Number(v.getFirstPropertyValue('sequence'))).toBe(series[i]!.revision + 1)
      expect(new ICAL.Event(v).startDate.hour).toBe(18)
    }
    expect(smtp.mailsTo(regular.email)).toHaveLength(4)

    const single = await smtp.nextMailTo(once.email)
    expect(single.subject).toBe('Geändert: Stammtisch Neukölln')
    expect(single.text).toContain('Zeit: 02.02.2027 19:00–21:00 → 02.02.2027 18:00–20:00')
    expect(veventsOf(single)).toHaveLength(1)
    expect(smtp.mailsTo(once.email)).toHaveLength(2)
  })
})

describe('cancelling a series from a date on', () => {
  test('the date and the later ones are cancelled in one go; each person is told once, with every cancelled date in the .ics', async () => {
    const { kv, organiser, series, list } = await buildSeries(4)
    const [dec, jan, feb, mar] = series
    const regular = await buildUser(db(), { member: kv })
    const once = await buildUser(db(), { member: kv })
    const regularSession = await sessionFor(db(), regular)
    for (const e of series) await post(`/events/${e.id}/rsvp`, regularSession)
    await post(`/events/${mar!.id}/rsvp`, await sessionFor(db(), once))
    await t.deliverMail()
    for (let i = 0; i < 4; i++) await smtp.nextMailTo(regular.email)
    await smtp.nextMailTo(once.email)

    // January alone first: the usual mail for one date.
    expect(
      (await post(`/events/${jan!.id}/status`, organiser, { status: 'cancelled', applyTo: 'this' }))
        .statusCode,
    ).toBe(303)
    await t.deliverMail()
    const one = await smtp.nextMailTo(regular.email)
    expect(one.subject).toBe('Abgesagt: Stammtisch Neukölln')
    expect(one.text).toContain('am 05.01.2027 19:00 ist abgesagt')
    const janCancelled = (await list())[1]!

    const page = await t.app.inject({ url: `/events/${feb!.id}`, headers: { cookie: organiser.cookie } })
    expect(page.body).toContain('Welche Termine der Reihe absagen?')
    expect(page.body).toMatch(/<input type="radio" name="applyTo" value="following"/)
    const cancelled = await post(`/events/${feb!.id}/status`, organiser, {
      status: 'cancelled',
      applyTo: 'following',
    })
    expect(cancelled.statusCode).toBe(303)
    const after = await list()
    expect(after.map((e) => e.status)).toEqual(['published', 'cancelled', 'cancelled', 'cancelled'])
    expect(after[0]).toEqual(dec)
    expect(after[1]).toEqual(janCancelled)
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'event.series_cancelled'), eq(auditEvents.objectId, dec!.seriesId!)))
    expect(audit.map((r) => r.data.cancelled)).toEqual([2])

    await t.deliverMail()
    const both = await smtp.nextMailTo(regular.email)
    expect(both.subject).toBe('Abgesagt: 2 Termine von Stammtisch Neukölln')
    expect(both.text).toContain('- 02.02.2027 19:00\n- 02.03.2027 19:00')
    const entries = veventsOf(both)
    expect(entries.map((v) => [v.getFirstPropertyValue('uid'), v.getFirstPropertyValue('status')])).toEqual([
      [`${feb!.id}@localhost:3000`, 'CANCELLED'],
      [`${mar!.id}@localhost:3000`, 'CANCELLED'],
    ])
    expect(Number(entries[1]!.getFirstPropertyValue('sequence'))).toBe(mar!.revision + 1)
    expect(smtp.mailsTo(regular.email)).toHaveLength(6)
    const single = await smtp.nextMailTo(once.email)
    expect(single.subject).toBe('Abgesagt: Stammtisch Neukölln')
    expect(smtp.mailsTo(once.email)).toHaveLength(2)
  })
})
