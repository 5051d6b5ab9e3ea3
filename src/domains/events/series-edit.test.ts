import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildUser,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import { readInclusion } from './inclusion.js'
import { events } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => {
  await t.close()
})

const db = () => t.database.db

function post(url: string, session: Session, fields: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
  })
}

const berlin = (d: Date) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Berlin',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(d)

const baseForm = (kv: OrgUnit) => ({
  hostUnitIds: kv.id,
  type: 'stammtisch',
  title: 'Stammtisch Gefell',
  description: 'Jeden ersten Dienstag.',
  startTime: '19:00',
  endTime: '21:00',
  venueName: 'Gasthof Zur Linde',
  address: 'Marktplatz 1, 07926 Gefell',
  capacity: '30',
  audience: 'own_members',
  publish: 'on',
  childcare: 'on',
  childcareSignUpBy: '',
})

/**
 * A monthly series on the first Tuesday, from November 2026 to April 2027; the test clock stands at
 * 21.11.2026, so the November meeting is over.
 */
async function buildSeries() {
  const kv = await buildDistrict(db())
  const organiser = await buildUser(db(), { roles: [['coordinator', kv]] })
  const session = await sessionFor(db(), organiser)
  const created = await post('/events', session, {
    ...baseForm(kv),
    day: '2026-11-01',
    repeat: 'monthly',
    ordinal: '1',
    weekday: '2',
    months: '6',
  })
  expect(created.statusCode).toBe(303)
  const list = async () => {
    const first = await db()
      .select({ seriesId: events.seriesId })
      .from(events)
      .where(eq(events.id, created.headers.location!.split('/').pop()!))
    return db()
      .select()
      .from(events)
      .where(eq(events.seriesId, first[0]!.seriesId!))
      .orderBy(asc(events.startsAt))
  }
  const all = await list()
  expect(all.map((e) => berlin(e.startsAt))).toEqual([
    '2026-11-03 19:00',
    '2026-12-01 19:00',
    '2027-01-05 19:00',
    '2027-02-02 19:00',
    '2027-03-02 19:00',
    '2027-04-06 19:00',
  ])
  return { kv, session, all, list }
}

const formOf = (kv: OrgUnit, day: string, values: Record<string, string>) => ({
  ...baseForm(kv),
  day,
  ...values,
})

describe('editing an event of a series', () => {
  test('only this one, this and the following ones, or the whole series; past ones stay untouched; one audit row', async () => {
    const { kv, session, all, list } = await buildSeries()
    const [nov, dec, jan, feb] = all

    // Only January.
    const only = await post(`/events/${jan!.id}`, session, {
      ...formOf(kv, '2027-01-05', { title: 'Neujahrs-Stammtisch' }),
      applyTo: 'this',
    })
    expect(only.statusCode).toBe(303)
    let now = await list()
    expect(now.map((e) => e.title)).toEqual([
      'Stammtisch Gefell',
      'Stammtisch Gefell',
      'Neujahrs-Stammtisch',
      'Stammtisch Gefell',
      'Stammtisch Gefell',
      'Stammtisch Gefell',
    ])

    // February and everything after it: an earlier time, another place, a sign-up deadline a week before.
    const following = await post(`/events/${feb!.id}`, session, {
      ...formOf(kv, '2027-02-02', {
        startTime: '18:30',
        endTime: '20:30',
        venueName: 'Bürgerhaus',
        address: 'Schulstraße 4, 07926 Gefell',
        type: 'workshop',
        childcareSignUpBy: '2027-01-26',
        stepFree: 'on',
      }),
      applyTo: 'following',
    })
    expect(following.statusCode).toBe(303)
    now = await list()
    expect(now.map((e) => berlin(e.startsAt))).toEqual([
      '2026-11-03 19:00',
      '2026-12-01 19:00',
      '2027-01-05 19:00',
      '2027-02-02 18:30',
      '2027-03-02 18:30',
      '2027-04-06 18:30',
    ])
    expect(now.map((e) => berlin(e.endsAt).slice(11))).toEqual([
      '21:00',
      '21:00',
      '21:00',
      '20:30',
      '20:30',
      '20:30',
    ])
    expect(now.map((e) => e.venueName)).toEqual([
      'Gasthof Zur Linde',
      'Gasthof Zur Linde',
      'Gasthof Zur Linde',
      'Bürgerhaus',
      'Bürgerhaus',
      'Bürgerhaus',
    ])
    expect(now.map((e) => e.type)).toEqual([
      'stammtisch',
      'stammtisch',
      'stammtisch',
      'workshop',
      'workshop',
      'workshop',
    ])
    expect(now.map((e) => readInclusion(e.inclusion).stepFree)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ])
    // Each one's childcare sign-up closes a week before its own day.
    expect(now.slice(3).map((e) => readInclusion(e.inclusion).childcare?.signUpBy)).toEqual([
      '2027-01-26',
      '2027-02-23',
      '2027-03-30',
    ])

    // The whole series, edited from March: every coming one gets the title; November is over.
    const whole = await post(`/events/${now[4]!.id}`, session, {
      ...formOf(kv, '2027-03-02', {
        title: 'Stammtisch Gefell und Umgebung',
        startTime: '18:30',
        endTime: '20:30',
        venueName: 'Bürgerhaus',
        address: 'Schulstraße 4, 07926 Gefell',
        type: 'workshop',
      }),
      applyTo: 'series',
    })
    expect(whole.statusCode).toBe(303)
    now = await list()
    expect(now.map((e) => e.title)).toEqual([
      'Stammtisch Gefell',
      ...Array(5).fill('Stammtisch Gefell und Umgebung'),
    ])
    // The past meeting kept everything, its revision included.
    expect(now[0]).toEqual(nov)
    // The whole series takes the time and place too: December and January now meet at 18:30 in the Bürgerhaus.
    expect([berlin(now[1]!.startsAt), now[1]!.venueName]).toEqual(['2026-12-01 18:30', 'Bürgerhaus'])
    expect(now[1]!.revision).toBe(dec!.revision + 1)
    expect(now[2]!.revision).toBe(jan!.revision + 2)

    const rows = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'event.series_edited'), eq(auditEvents.objectId, nov!.seriesId!)))
      .orderBy(asc(auditEvents.id))
    expect(rows.map((r) => [r.objectType, r.data.applyTo, r.data.changed])).toEqual([
      ['event_series', 'following', 3],
      ['event_series', 'series', 5],
    ])
  })

  test('bad input writes nothing and shows the form again with what was typed and the error at its field', async () => {
    const { kv, session, all, list } = await buildSeries()
    const feb = all[3]!

    const movedDay = await post(`/events/${feb.id}`, session, {
      ...formOf(kv, '2027-02-09', { title: 'Verschobener Stammtisch' }),
      applyTo: 'series',
    })
    expect(movedDay.statusCode).toBe(422)
    expect(movedDay.body).toContain('Den Tag kannst du nur für diesen einen Termin ändern')
    expect(movedDay.body).toContain('value="Verschobener Stammtisch"')
    expect(movedDay.body).toMatch(/<input type="radio" name="applyTo" value="series" checked/)

    const noTitle = await post(`/events/${feb.id}`, session, {
      ...formOf(kv, '2027-02-02', { title: '', venueName: 'Bürgerhaus' }),
      applyTo: 'following',
    })
    expect(noTitle.statusCode).toBe(422)
    expect(noTitle.body).toContain('value="Bürgerhaus"')
    expect(noTitle.body).toMatch(/<input type="radio" name="applyTo" value="following" checked/)

    const badScope = await post(`/events/${feb.id}`, session, {
      ...formOf(kv, '2027-02-02', { title: 'Anders' }),
      applyTo: 'everything',
    })
    expect(badScope.statusCode).toBe(422)

    expect(await list()).toEqual(all)
  })

  test('only the organisers of the series edit it: another KV’s coordinator and a member change nothing', async () => {
    const { kv, all, list } = await buildSeries()
    const other = await buildDistrict(db())
    const stranger = await sessionFor(db(), await buildUser(db(), { roles: [['coordinator', other]] }))
    const member = await sessionFor(db(), await buildUser(db(), { member: kv }))
    for (const session of [stranger, member]) {
      const res = await post(`/events/${all[2]!.id}`, session, {
        ...formOf(kv, '2027-01-05', { title: 'Übernommen' }),
        applyTo: 'series',
      })
      expect([403, 404]).toContain(res.statusCode)
    }
    expect(await list()).toEqual(all)
  })

  test('the edit form of a series event offers the three choices, by keyboard and without script; a single event’s form does not', async () => {
    const { kv, session, all } = await buildSeries()
    const page = await t.app.inject({
      url: `/events/${all[1]!.id}/edit`,
      headers: { cookie: session.cookie },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Dieser Termin gehört zu einer Reihe. Was soll sich ändern?')
    expect(page.body).toMatch(/<input type="radio" name="applyTo" value="this" checked/)
    expect(page.body).toContain('value="following"')
    expect(page.body).toContain('value="series"')
    const single = await buildEvent(db(), [kv], { title: 'Einzeltermin' })
    const alone = await t.app.inject({
      url: `/events/${single.id}/edit`,
      headers: { cookie: session.cookie },
    })
    expect(alone.statusCode).toBe(200)
    expect(alone.body).not.toContain('name="applyTo"')
  })
})
