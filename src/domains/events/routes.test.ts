import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildEvent,
  buildUser,
  sessionFor,
} from '../../../test/support/factories.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

function post(
  url: string,
  session: { cookie: string; csrf: string },
  fields: Record<string, string | string[]> = {},
) {
  const body = new URLSearchParams()
  body.append('_csrf', session.csrf)
  for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) body.append(k, x)
  return t.app.inject({
    method: 'POST',
    url,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
  })
}

/** Parses a calendar the way calendar programs do, with the VTIMEZONE it carries registered. */
function parseCalendar(body: string) {
  const cal = new ICAL.Component(ICAL.parse(body))
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  return cal
}

describe('calendar files', () => {
  test('an event .ics is valid iCalendar with Berlin time, folded lines and escaped text', async () => {
    const kv = await buildDistrict(db())
    const title =
      'Sommerfest; mit Podium, Kinderbetreuung \\ Grillen und einem sehr langen Titel, der gefaltet werden muss'
    const event = await buildEvent(db(), [kv], {
      title,
      description: 'Zeile eins\nZeile zwei',
      startsAt: new Date('2027-03-28T17:00:00Z'),
      endsAt: new Date('2027-03-28T19:00:00Z'),
    })
    const res = await t.app.inject({ url: `/events/${event.id}.ics` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/calendar')
    const lines = res.body.split('\r\n')
    expect(res.body.replace(/\r\n/g, '')).not.toContain('\n')
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    expect(res.body).toContain('DTSTART;TZID=Europe/Berlin:20270328T190000')
    const cal = parseCalendar(res.body)
    expect(cal.getFirstPropertyValue('prodid')).toBeTruthy()
    expect(cal.getFirstPropertyValue('version')).toBe('2.0')
    const vevent = new ICAL.Event(cal.getFirstSubcomponent('vevent')!)
    expect(vevent.summary).toBe(title)
    expect(vevent.description).toBe('Zeile eins\nZeile zwei')
    expect(vevent.uid).toContain(event.id)
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2027-03-28T17:00:00.000Z')
    expect(cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('url')).toBe(
      `${t.app.config.http.publicUrl}/events/${event.id}`,
    )
  })

  test('a KV feed lists its public events at 19:00 local on both sides of the October DST change', async () => {
    const kv = await buildDistrict(db())
    await buildEvent(db(), [kv], {
      title: 'Vorher',
      startsAt: new Date('2027-10-24T17:00:00Z'),
      endsAt: new Date('2027-10-24T19:00:00Z'),
    })
    await buildEvent(db(), [kv], {
      title: 'Nachher',
      startsAt: new Date('2027-10-31T18:00:00Z'),
      endsAt: new Date('2027-10-31T20:00:00Z'),
    })
    await buildEvent(db(), [kv], { title: 'Nur Mitglieder', audience: 'own_members' })
    const res = await t.app.inject({ url: `/units/${kv.id}/events.ics` })
    expect(res.statusCode).toBe(200)
    const cal = parseCalendar(res.body)
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    expect(events.map((e) => e.summary).sort()).toEqual(['Nachher', 'Vorher'])
    for (const e of events) {
      expect(e.startDate.hour).toBe(19)
      expect(e.startDate.zone?.tzid).toBe('Europe/Berlin')
    }
    const utc = Object.fromEntries(events.map((e) => [e.summary, e.startDate.toJSDate().toISOString()]))
    expect(utc).toEqual({ Vorher: '2027-10-24T17:00:00.000Z', Nachher: '2027-10-31T18:00:00.000Z' })
  })

  test('every change an organiser makes raises the SEQUENCE, so calendar programs replace their copy', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], {
      title: 'Infostand',
      startsAt: new Date('2027-05-08T08:00:00Z'),
      endsAt: new Date('2027-05-08T10:00:00Z'),
    })
    const sequence = async () => {
      const res = await t.app.inject({ url: `/events/${event.id}.ics` })
      expect(res.statusCode).toBe(200)
      const vevent = parseCalendar(res.body).getFirstSubcomponent('vevent')!
      return { sequence: vevent.getFirstPropertyValue('sequence'), summary: new ICAL.Event(vevent).summary }
    }
    expect(await sequence()).toEqual({ sequence: 0, summary: 'Infostand' })
    const session = await sessionFor(db(), await buildUser(db(), { roles: [['coordinator', kv]] }))
    const edited = await post(`/events/${event.id}`, session, {
      hostUnitIds: kv.id,
      type: 'infostand',
      title: 'Infostand am Markt',
      day: '2027-05-08',
      startTime: '11:00',
      endTime: '13:00',
      audience: 'public',
    })
    expect(edited.statusCode).toBe(303)
    expect(await sequence()).toEqual({ sequence: 1, summary: 'Infostand am Markt' })
    expect((await post(`/events/${event.id}/status`, session, { status: 'cancelled' })).statusCode).toBe(303)
    const cancelled = await t.app.inject({ url: `/events/${event.id}.ics` })
    const vevent = parseCalendar(cancelled.body).getFirstSubcomponent('vevent')!
    expect(vevent.getFirstPropertyValue('sequence')).toBe(2)
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED')
  })

  test("a status change the event's status does not allow is a conflict (409) for its organiser, a refusal (403) for others", async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv])
    const organiser = await sessionFor(db(), await buildUser(db(), { roles: [['coordinator', kv]] }))
    const member = await sessionFor(db(), await buildUser(db(), { roles: [['member', kv]] }))
    const change = (session: typeof member, status: string) =>
      post(`/events/${event.id}/status`, session, { status })
    expect((await change(member, 'cancelled')).statusCode).toBe(403)
    // Published: it goes back to no draft and is not published twice.
    expect((await change(organiser, 'draft')).statusCode).toBe(409)
    expect((await change(organiser, 'published')).statusCode).toBe(409)
    expect((await change(organiser, 'cancelled')).statusCode).toBe(303)
    const again = await change(organiser, 'cancelled')
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('eine abgesagte bleibt abgesagt')
    expect((await change(organiser, 'published')).statusCode).toBe(409)
    expect((await change(member, 'published')).statusCode).toBe(403)
    // Nor is a cancelled event edited: its organiser meets the conflict, anyone else the refusal.
    const editForm = (session: typeof member) =>
      t.app.inject({ url: `/events/${event.id}/edit`, headers: { cookie: session.cookie } })
    expect((await editForm(organiser)).statusCode).toBe(409)
    const edited = await post(`/events/${event.id}`, organiser, {
      hostUnitIds: kv.id,
      type: 'stammtisch',
      title: 'Doch noch',
      day: '2027-05-08',
      startTime: '19:00',
      endTime: '21:00',
      audience: 'public',
    })
    expect(edited.statusCode).toBe(409)
    expect(edited.body).toContain('Sie lässt sich nicht mehr bearbeiten')
    expect((await editForm(member)).statusCode).toBe(403)
  })

  test('a members-only event .ics is 404 for a stranger', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { audience: 'own_members' })
    expect((await t.app.inject({ url: `/events/${event.id}.ics` })).statusCode).toBe(404)
    expect((await t.app.inject({ url: `/events/${event.id}` })).statusCode).toBe(404)
  })

  test('a member renews their secret feed; the old URL stops working and the new one lists their events', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { audience: 'own_members', title: 'Neumitgliedertreffen' })
    const user = await buildUser(db(), { member: kv })
    const session = await sessionFor(db(), user)
    expect((await post(`/events/${event.id}/rsvp`, session, { participation: 'on_site' })).statusCode).toBe(
      303,
    )
    const first = await post('/calendar', session)
    const url1 = /\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(first.body)![0]
    const feed = await t.app.inject({ url: url1 })
    expect(feed.statusCode).toBe(200)
    const vevents = parseCalendar(feed.body).getAllSubcomponents('vevent')
    expect(vevents.map((v) => new ICAL.Event(v).summary)).toEqual(['Neumitgliedertreffen'])
    const second = await post('/calendar', session)
    const url2 = /\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(second.body)![0]
    expect(url2).not.toBe(url1)
    expect((await t.app.inject({ url: url1 })).statusCode).toBe(404)
    expect((await t.app.inject({ url: url2 })).statusCode).toBe(200)
  })
})

describe('pages', () => {
  test('a coordinator creates an event through the form and sees it with its inclusion profile in words', async () => {
    const kv = await buildDistrict(db())
    const user = await buildUser(db(), { member: kv, roles: [['coordinator', kv]] })
    const session = await sessionFor(db(), user)
    const form = await t.app.inject({ url: `/events/new?unit=${kv.id}`, headers: { cookie: session.cookie } })
    expect(form.statusCode).toBe(200)
    const bad = await post('/events', session, { hostUnitIds: kv.id, type: 'fest', title: '', day: '' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('id="f-title-error"')
    const res = await post('/events', session, {
      hostUnitIds: kv.id,
      type: 'fest',
      title: 'Sommerfest',
      day: '2027-07-03',
      startTime: '15:00',
      endTime: '20:00',
      hasFixedEnd: 'on',
      audience: 'public',
      stepFree: 'on',
      childcare: 'on',
      childcareMinAge: '3',
      childcareMaxAge: '10',
      publish: 'on',
      repeat: 'none',
    })
    expect(res.statusCode).toBe(303)
    const page = await t.app.inject({ url: res.headers.location as string })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Sommerfest')
    expect(page.body).toContain('Stufenloser Zugang')
    expect(page.body).toContain('Kinderbetreuung (3–10 Jahre)')
    expect(page.body).toContain('Festes Ende um 20:00')
    expect(page.body).toContain('aria-hidden="true"')
    const list = await t.app.inject({ url: `/units/${kv.id}/events?childcare=on` })
    expect(list.body).toContain('Sommerfest')
    const filtered = await t.app.inject({ url: `/units/${kv.id}/events?online=on` })
    expect(filtered.body).not.toContain('Sommerfest')
    const unitPage = await t.app.inject({ url: `/units/${kv.id}` })
    expect(unitPage.body).toContain('Sommerfest')
  })

  test('a language over 40 characters is a field error on the form, not a failure', async () => {
    const kv = await buildDistrict(db())
    const user = await buildUser(db(), { member: kv, roles: [['coordinator', kv]] })
    const session = await sessionFor(db(), user)
    const fields = {
      hostUnitIds: kv.id,
      type: 'fest',
      title: 'Sprachenfest',
      day: '2027-07-03',
      startTime: '15:00',
      endTime: '20:00',
      audience: 'public',
      repeat: 'none',
    }
    const res = await post('/events', session, { ...fields, languages: `Deutsch, ${'x'.repeat(41)}` })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('id="f-languages-error"')
    expect(res.body).toContain('höchstens 40 Zeichen')
    const ok = await post('/events', session, { ...fields, languages: `Deutsch, ${'x'.repeat(40)}` })
    expect(ok.statusCode).toBe(303)
  })

  test('a guest asks for a place, follows the link from the mail and is registered once', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { audience: 'public', title: 'Infostand am Markt' })
    const visitor = anonymousVisitor()
    const res = await post(`/events/${event.id}/guests`, visitor, {
      name: 'Gabi Gast',
      email: 'gabi@example.org',
      participation: 'on_site',
    })
    expect(res.statusCode).toBe(303)
    const mail = (await t.outbox()).find((m) => m.to === 'gabi@example.org')!
    const path = /\/events\/rsvp\/[A-Za-z0-9_-]+/.exec(mail.text)![0]
    const confirmPage = await t.app.inject({ url: path })
    expect(confirmPage.statusCode).toBe(200)
    expect(confirmPage.body).toContain('Infostand am Markt')
    const done = await post(path, visitor, { action: 'confirm' })
    expect(done.statusCode).toBe(200)
    expect(done.body).toContain('Du bist angemeldet')
    expect((await post(path, visitor)).statusCode).toBe(410)
    const second = (await t.outbox()).find(
      (m) => m.to === 'gabi@example.org' && m.subject.startsWith('Angemeldet'),
    )!
    const cancelPath = /\/events\/rsvp\/[A-Za-z0-9_-]+/.exec(second.text)![0]
    const manage = await t.app.inject({ url: cancelPath })
    expect(manage.body).toContain('Abmelden')
    const cancelled = await post(cancelPath, visitor, { action: 'cancel' })
    expect(cancelled.statusCode).toBe(200)
    expect(cancelled.body).toContain('abgemeldet')
  })

  test('access needs are ticked at the RSVP; the organisers see counts per need, the roster no need beside a name', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { audience: 'own_members', capacity: 1 })
    const organiser = await sessionFor(
      db(),
      await buildUser(db(), { member: kv, roles: [['coordinator', kv]] }),
    )
    const first = await sessionFor(db(), await buildUser(db(), { member: kv }))
    const second = await sessionFor(db(), await buildUser(db(), { member: kv }))
    // A value that is not on the list is a field error, and the ticks typed so far stay ticked.
    const wrong = await post(`/events/${event.id}/rsvp`, first, {
      accessNeedKinds: ['wheelchair', 'jetpack'],
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toMatch(/value="wheelchair"[^>]*checked/)
    expect(
      (await post(`/events/${event.id}/rsvp`, first, { accessNeedKinds: ['wheelchair', 'quiet_room'] }))
        .statusCode,
    ).toBe(303)
    // The second person waits (one place) and needs a quiet room and sign language.
    await post(`/events/${event.id}/rsvp`, second, { accessNeedKinds: ['quiet_room', 'sign_language'] })
    const page = await t.app.inject({ url: `/events/${event.id}/organise`, headers: organiser.headers })
    expect(page.statusCode).toBe(200)
    const row = (label: string) =>
      new RegExp(`<th scope="row">${label}</th><td>(\\d+)</td><td>(\\d+)</td>`).exec(page.body)?.slice(1)
    expect(row('Rollstuhlplatz')).toEqual(['1', '0'])
    expect(row('Ruheraum zum Zurückziehen')).toEqual(['1', '1'])
    expect(row('Gebärdensprachdolmetschung')).toEqual(['0', '1'])
    expect(row('Leichte Sprache')).toEqual(['0', '0'])
    const rosterAt = page.body.indexOf('<h2>Anmeldungen</h2>')
    expect(rosterAt).toBeGreaterThan(0)
    expect(page.body.slice(rosterAt)).not.toMatch(/Rollstuhl|Ruheraum|Gebärden/)
    // The member sees their own ticks again when they change their answers.
    const own = await t.app.inject({ url: `/events/${event.id}`, headers: first.headers })
    expect(own.body).toMatch(/value="wheelchair"[^>]*checked/)
    expect(own.body).toMatch(/value="quiet_room"[^>]*checked/)
    expect(own.body).not.toMatch(/value="sign_language"[^>]*checked/)
  })

  test('the organiser view shows figures and the roster; a member gets 403', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { audience: 'own_members' })
    const organiser = await sessionFor(
      db(),
      await buildUser(db(), { member: kv, roles: [['coordinator', kv]] }),
    )
    const member = await buildUser(db(), { member: kv })
    const memberSession = await sessionFor(db(), member)
    await post(`/events/${event.id}/rsvp`, memberSession, { accessNeeds: 'Induktionsschleife' })
    const page = await t.app.inject({
      url: `/events/${event.id}/organise`,
      headers: { cookie: organiser.cookie },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Induktionsschleife')
    const denied = await t.app.inject({
      url: `/events/${event.id}/organise`,
      headers: {
        cookie: (
          await sessionFor(
            db(),
            await buildUser(db(), { member: kv, roles: [['coordinator', await buildDistrict(db())]] }),
          )
        ).cookie,
      },
    })
    expect([403, 404]).toContain(denied.statusCode)
  })
})
