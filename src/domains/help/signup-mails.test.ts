import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildHelpRequest,
  buildState,
  buildUser,
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

function signUp(shiftId: string, session: { cookie: string; csrf: string }) {
  return t.app.inject({
    method: 'POST',
    url: `/help/shifts/${shiftId}/signup`,
    payload: new URLSearchParams({ _csrf: session.csrf }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
  })
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
    const cal = new ICAL.Component(ICAL.parse(attachmentText(confirmation, 'einsatz.ics')!))
    for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
    const vevent = new ICAL.Event(cal.getFirstSubcomponent('vevent')!)
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
