import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildHelpRequest,
  buildState,
  buildUser,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { attachmentText, startTestSmtp, type TestSmtp } from '../../../test/support/smtp.js'
import { createMailTransport } from '../../platform/mail/mailer.js'
import { users } from '../accounts/tables.js'
import { sendShiftReminders } from './service/index.js'

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

function signUp(shiftId: string, session: Session) {
  return post(`/help/shifts/${shiftId}/signup`, session)
}

describe('the mails of a shift sign-up', () => {
  test('the helper gets a confirmation with the shift as .ics; each coordinator of the posting KV is told, in their language', async () => {
    const state = await buildState(db())
    const saaleOrla = await buildDistrict(db(), state, 'KV Saale-Orla')
    const hamburg = await buildDistrict(db(), state, 'KV Hamburg-Mitte')
    const { request, shift } = await buildHelpRequest(db(), saaleOrla, {
      visibility: 'party',
      capacity: 1,
      shift: { startsAt: new Date('2026-11-28T09:00:00Z'), endsAt: new Date('2026-11-28T13:00:00Z') },
    })
    const coordinator = await buildUser(db(), { member: saaleOrla, roles: [['coordinator', saaleOrla]] })
    const englishCoordinator = await buildUser(db(), { roles: [['coordinator', saaleOrla]] })
    const { eq } = await import('drizzle-orm')
    await db().update(users).set({ locale: 'en' }).where(eq(users.id, englishCoordinator.id))
    const boardOnly = await buildUser(db(), { roles: [['board', saaleOrla]] })
    const helper = await buildUser(db(), { member: hamburg })
    const late = await buildUser(db(), { member: hamburg })

    expect((await signUp(shift.id, await sessionFor(db(), helper))).statusCode).toBe(303)
    await t.deliverMail()
    const confirmation = await smtp.nextMailTo(helper.email)
    expect(confirmation.subject).toBe(`Du bist eingetragen: ${request.title}, 28.11.2026 10:00`)
    expect(confirmation.text).toContain('Treffpunkt: Marktplatz')
    expect(confirmation.text).toContain('Ort: Gefell')
    expect(confirmation.text).toContain(`http://localhost:3000/help/${request.id}`)
    expect(confirmation.parsed.attachments.map((a) => a.mimeType)).toEqual(['text/calendar'])
    const vevent = eventOf(confirmation).event
    expect(vevent.summary).toBe(request.title)
    expect(vevent.location).toBe('Marktplatz, Gefell')
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2026-11-28T09:00:00.000Z')
    expect([vevent.startDate.hour, vevent.startDate.zone?.tzid]).toEqual([10, 'Europe/Berlin'])

    const told = await smtp.nextMailTo(coordinator.email)
    expect(told.subject).toBe(`Neue Anmeldung: ${request.title}, 28.11.2026 10:00`)
    expect(told.text).toContain('(fest eingeplant)')
    expect(told.text).toContain(`http://localhost:3000/help/${request.id}/roster`)
    const toldInEnglish = await smtp.nextMailTo(englishCoordinator.email)
    expect(toldInEnglish.subject).toBe(`New sign-up: ${request.title}, 28 Nov 2026 10:00`)
    expect(smtp.mailsTo(boardOnly.email)).toEqual([])

    // The shift is full: the next helper waits; no confirmation yet, the coordinators learn of it.
    expect((await signUp(shift.id, await sessionFor(db(), late))).statusCode).toBe(303)
    await t.deliverMail()
    expect((await smtp.nextMailTo(coordinator.email)).text).toContain('(auf der Warteliste)')
    expect(smtp.mailsTo(late.email)).toEqual([])

    // Signing up again changes nothing and sends nothing.
    await signUp(shift.id, await sessionFor(db(), helper))
    await t.deliverMail()
    expect(smtp.mailsTo(helper.email)).toHaveLength(1)
  })
})

function post(url: string, session: Session, fields: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
  })
}

/** The VEVENT of a mail's einsatz.ics, read by ical.js with the calendar's own time zone. */
function eventOf(mail: Awaited<ReturnType<TestSmtp['nextMailTo']>>) {
  const cal = new ICAL.Component(ICAL.parse(attachmentText(mail, 'einsatz.ics')!))
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  const vevent = cal.getFirstSubcomponent('vevent')!
  return { event: new ICAL.Event(vevent), status: vevent.getFirstPropertyValue('status') }
}

describe('the mails of a changed or cancelled shift', () => {
  test('helpers hear of a new time, meeting point or place with the same calendar entry, SEQUENCE raised; a cancellation drops it', async () => {
    const state = await buildState(db())
    const saaleOrla = await buildDistrict(db(), state, 'KV Saale-Orla')
    const hamburg = await buildDistrict(db(), state, 'KV Hamburg-Mitte')
    const { request, shift } = await buildHelpRequest(db(), saaleOrla, {
      visibility: 'party',
      capacity: 1,
      shift: { startsAt: new Date('2026-11-28T09:00:00Z'), endsAt: new Date('2026-11-28T13:00:00Z') },
    })
    const coordinator = await sessionFor(
      db(),
      await buildUser(db(), { member: saaleOrla, roles: [['coordinator', saaleOrla]] }),
    )
    const helper = await buildUser(db(), { member: hamburg })
    const waiting = await buildUser(db(), { member: hamburg })
    expect((await post(`/help/shifts/${shift.id}/signup`, await sessionFor(db(), helper))).statusCode).toBe(
      303,
    )
    expect((await post(`/help/shifts/${shift.id}/signup`, await sessionFor(db(), waiting))).statusCode).toBe(
      303,
    )
    await t.deliverMail()
    const first = eventOf(await smtp.nextMailTo(helper.email)).event
    expect(first.component.getFirstPropertyValue('sequence')).toBe(0)

    // A new time and meeting point; the capacity alone would tell nobody anything.
    const changed = await post(`/help/shifts/${shift.id}/edit`, coordinator, {
      startsAt: '2026-11-28T11:00',
      endsAt: '2026-11-28T15:00',
      capacity: '1',
      meetingPoint: 'Rathaus',
    })
    expect(changed.statusCode).toBe(303)
    await t.deliverMail()
    const mail = await smtp.nextMailTo(helper.email)
    expect(mail.subject).toBe(`Geändert: ${request.title}, 28.11.2026 11:00`)
    expect(mail.text).toContain('Treffpunkt: Rathaus')
    expect(mail.text).toContain('Ort: Gefell')
    expect(mail.text).toContain(`http://localhost:3000/help/${request.id}`)
    const moved = eventOf(mail)
    expect(moved.event.uid).toBe(first.uid)
    expect(moved.event.component.getFirstPropertyValue('sequence')).toBe(1)
    expect(moved.event.startDate.toJSDate().toISOString()).toBe('2026-11-28T10:00:00.000Z')
    expect([moved.event.startDate.hour, moved.event.startDate.zone?.tzid]).toEqual([11, 'Europe/Berlin'])
    expect(moved.event.location).toBe('Rathaus, Gefell')
    // Someone on the waitlist is told too, without a calendar entry they never had.
    const toWaiting = await smtp.nextMailTo(waiting.email)
    expect(toWaiting.subject).toBe(`Geändert: ${request.title}, 28.11.2026 11:00`)
    expect(toWaiting.parsed.attachments).toEqual([])

    // A new place for the request changes the entry of each coming shift.
    const placed = await post(`/help/${request.id}/edit`, coordinator, {
      title: request.title,
      municipality: 'Schleiz',
      municipalityAgs: '16075098',
    })
    expect(placed.statusCode).toBe(303)
    await t.deliverMail()
    const elsewhere = await smtp.nextMailTo(helper.email)
    expect(elsewhere.text).toContain('Ort: Schleiz')
    expect(eventOf(elsewhere).event.component.getFirstPropertyValue('sequence')).toBe(2)
    expect(eventOf(elsewhere).event.location).toBe('Rathaus, Schleiz')
    expect((await smtp.nextMailTo(waiting.email)).text).toContain('Ort: Schleiz')

    expect((await post(`/help/shifts/${shift.id}/call-off`, coordinator)).statusCode).toBe(303)
    await t.deliverMail()
    const off = await smtp.nextMailTo(helper.email)
    expect(off.subject).toBe(`Abgesagt: ${request.title}, 28.11.2026 11:00`)
    const dropped = eventOf(off)
    expect(dropped.event.uid).toBe(first.uid)
    expect(dropped.event.component.getFirstPropertyValue('sequence')).toBe(3)
    expect(dropped.status).toBe('CANCELLED')
    expect((await smtp.nextMailTo(waiting.email)).subject).toBe(
      `Abgesagt: ${request.title}, 28.11.2026 11:00`,
    )
  })
})

describe('the reminder the day before a shift', () => {
  test('everyone with a place on a shift tomorrow gets one reminder, however often the job runs; waiting, cancelled and later shifts get none', async () => {
    const state = await buildState(db())
    const saaleOrla = await buildDistrict(db(), state, 'KV Saale-Orla')
    const hamburg = await buildDistrict(db(), state, 'KV Hamburg-Mitte')
    // The clock stands at 2026-11-21 11:00 Berlin; this shift is tomorrow, 10:00–14:00.
    const { request, shift } = await buildHelpRequest(db(), saaleOrla, {
      visibility: 'party',
      capacity: 2,
      shift: { startsAt: new Date('2026-11-22T09:00:00Z'), endsAt: new Date('2026-11-22T13:00:00Z') },
    })
    const later = await buildHelpRequest(db(), saaleOrla, {
      visibility: 'party',
      shift: { startsAt: new Date('2026-11-23T09:00:00Z'), endsAt: new Date('2026-11-23T13:00:00Z') },
    })
    const helper = await buildUser(db(), { member: hamburg })
    const english = await buildUser(db(), { member: hamburg })
    const { eq } = await import('drizzle-orm')
    await db().update(users).set({ locale: 'en' }).where(eq(users.id, english.id))
    const cancelling = await buildUser(db(), { member: hamburg })
    const waiting = await buildUser(db(), { member: hamburg })
    for (const u of [helper, english, waiting]) await signUp(shift.id, await sessionFor(db(), u))
    await signUp(later.shift.id, await sessionFor(db(), helper))
    await signUp(later.shift.id, await sessionFor(db(), cancelling))
    await t.deliverMail()
    const reminders = (email: string) =>
      smtp.mailsTo(email).filter((m) => /^(Morgen|Tomorrow):/.test(m.subject))

    await sendShiftReminders(t.app.deps, t.app.config)
    await sendShiftReminders(t.app.deps, t.app.config)
    await t.deliverMail()
    const [reminder] = reminders(helper.email)
    expect(reminder!.subject).toBe(`Morgen: ${request.title}, 22.11.2026 10:00`)
    expect(reminder!.text).toContain('Treffpunkt: Marktplatz')
    expect(reminder!.text).toContain('Ort: Gefell')
    expect(reminder!.text).toContain(`http://localhost:3000/help/${request.id}`)
    expect(reminders(english.email).map((m) => m.subject)).toEqual([
      `Tomorrow: ${request.title}, 22 Nov 2026 10:00`,
    ])
    expect(reminders(helper.email)).toHaveLength(1)
    expect(reminders(waiting.email)).toEqual([])
    expect(reminders(cancelling.email)).toEqual([])

    // A day later the other shift is tomorrow: its helpers get theirs, nobody a second one.
    const session = await sessionFor(db(), cancelling)
    await t.app.inject({
      method: 'POST',
      url: `/help/shifts/${later.shift.id}/cancel`,
      payload: new URLSearchParams({ _csrf: session.csrf }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    })
    t.clock.advance(24 * 3600_000)
    await sendShiftReminders(t.app.deps, t.app.config)
    await sendShiftReminders(t.app.deps, t.app.config)
    await t.deliverMail()
    expect(reminders(helper.email).map((m) => m.subject)).toEqual([
      `Morgen: ${request.title}, 22.11.2026 10:00`,
      `Morgen: ${later.request.title}, 23.11.2026 10:00`,
    ])
    expect(reminders(english.email)).toHaveLength(1)
    expect(reminders(cancelling.email)).toEqual([])
  })
})
