import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildState,
  buildUser,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { buildProgramme } from '../../../test/support/mentoring.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Event } from '../events/index.js'
import { mentoringProgrammeEvents } from './tables.js'

let t: TestApp
let programmeId: string
let office: Session
let member: Session
let boardPankow: Session
let stranger: Session
let kickOff: Event
let closing: Event
let draft: Event
let ofPankow: Event

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  const berlin = await buildState(db, federation)
  const pankow = await buildDistrict(db, berlin, 'Berlin-Pankow')
  const hamburg = await buildState(db, federation)
  const altona = await buildDistrict(db, hamburg, 'Hamburg-Altona')
  office = await sessionFor(db, await buildUser(db, { roles: [['state_office', berlin]] }))
  member = await sessionFor(db, await buildUser(db, { member: pankow }))
  boardPankow = await sessionFor(db, await buildUser(db, { member: pankow, roles: [['board', pankow]] }))
  stranger = await sessionFor(db, await buildUser(db, { member: altona }))
  const programme = await buildProgramme(db, berlin.id)
  programmeId = programme.id
  // Events of Berlin for the members of the state, a draft, and an event of Pankow.
  kickOff = await buildEvent(db, [berlin], { title: 'Mentoringbörse Berlin', audience: 'state' })
  closing = await buildEvent(db, [berlin], {
    title: 'Abschluss des Jahrgangs',
    audience: 'state',
    startsAt: new Date('2027-06-20T14:00:00Z'),
    endsAt: new Date('2027-06-20T18:00:00Z'),
  })
  draft = await buildEvent(db, [berlin], { title: 'Workshop Entwurf', audience: 'state', status: 'draft' })
  ofPankow = await buildEvent(db, [pankow], { title: 'Stammtisch Pankow', audience: 'state' })
})
afterAll(() => t.close())

function post(session: Session, url: string, fields: [string, string][] = []) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    payload: new URLSearchParams([['_csrf', session.csrf], ...fields]).toString(),
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

/** The text of the events section, or null when the page has none. */
function eventsOf(html: string) {
  const m = html.match(/<section aria-labelledby="programme-events-heading">([\s\S]*?)<\/section>/)
  return m ? m[1]! : null
}

describe("a programme's events", () => {
  test("the office links the unit's events to the cohort; members see them with what they are to the programme", async () => {
    const form = eventsOf((await get(office, `/mentoring/${programmeId}`)).body)!
    // The office may pick among Berlin's upcoming events, not Pankow's.
    expect(form).toContain('Mentoringbörse Berlin')
    expect(form).toContain('Workshop Entwurf')
    expect(form).not.toContain('Stammtisch Pankow')
    for (const [event, kind] of [
      [kickOff, 'kick_off'],
      [closing, 'closing'],
      [draft, 'workshop'],
    ] as const) {
      const res = await post(office, `/mentoring/${programmeId}/events`, [
        ['eventId', event.id],
        ['kind', kind],
      ])
      expect(res.statusCode).toBe(303)
    }
    const seen = eventsOf((await get(member, `/mentoring/${programmeId}`)).body)!
    expect(seen).toContain('Auftakt (Mentoringbörse)')
    expect(seen).toContain(`href="/events/${kickOff.id}"`)
    expect(seen).toContain('Abschluss des Jahrgangs')
    expect(seen.indexOf('Mentoringbörse Berlin')).toBeLessThan(seen.indexOf('Abschluss des Jahrgangs'))
    // A draft is seen by its organisers only, as on the event's own page; the member gets no form.
    expect(seen).not.toContain('Workshop Entwurf')
    expect(seen).not.toContain('<form method="post" action')
    expect(eventsOf((await get(office, `/mentoring/${programmeId}`)).body)).toContain('Workshop Entwurf')
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'mentoring.event_linked'), eq(auditEvents.objectId, programmeId)))
    expect(audit).toBeDefined()
  })

  test('an event of another unit, one linked already or no choice at all is refused at the field', async () => {
    for (const [fields, message] of [
      [
        [
          ['eventId', ofPankow.id],
          ['kind', 'meeting'],
        ],
        'nur Veranstaltungen der Gliederung',
      ],
      [
        [
          ['eventId', kickOff.id],
          ['kind', 'meeting'],
        ],
        'schon zugeordnet',
      ],
      [[['kind', 'meeting']], 'Bitte wähle eine Veranstaltung'],
    ] as const) {
      const res = await post(
        office,
        `/mentoring/${programmeId}/events`,
        fields.map((f) => [...f]),
      )
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain(message)
    }
  })

  test('only those who run the programme link and unlink: 403 for who sees it, 404 for who does not', async () => {
    const fields: [string, string][] = [
      ['eventId', closing.id],
      ['kind', 'meeting'],
    ]
    expect((await post(member, `/mentoring/${programmeId}/events`, fields)).statusCode).toBe(403)
    expect((await post(member, `/mentoring/${programmeId}/events`, [])).statusCode).toBe(403)
    expect((await post(boardPankow, `/mentoring/${programmeId}/events`, fields)).statusCode).toBe(403)
    expect((await post(stranger, `/mentoring/${programmeId}/events`, fields)).statusCode).toBe(404)
    const [link] = await t.database.db
      .select()
      .from(mentoringProgrammeEvents)
      .where(eq(mentoringProgrammeEvents.eventId, closing.id))
    const remove = `/mentoring/${programmeId}/events/${link!.id}/remove`
    expect((await post(member, remove)).statusCode).toBe(403)
    expect((await post(stranger, remove)).statusCode).toBe(404)
    expect((await post(office, remove)).statusCode).toBe(303)
    expect(eventsOf((await get(member, `/mentoring/${programmeId}`)).body)).not.toContain(
      'Abschluss des Jahrgangs',
    )
    // The event itself stays.
    expect((await get(member, `/events/${closing.id}`)).statusCode).toBe(200)
  })
})
