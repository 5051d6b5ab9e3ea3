import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  actorFor,
  buildDistrict,
  buildHelpRequest,
  buildMember,
  buildPartnership,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import { viewBalance } from './service/index.js'
import { donationPledges, helpRecords, helpRequests, helpShifts, helpSignups } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

function post(url: string, s: Session, fields: Record<string, string | string[]> = {}) {
  const params = new URLSearchParams()
  params.append('_csrf', s.csrf)
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) params.append(k, one)
  return t.app.inject({
    method: 'POST',
    url,
    payload: params.toString(),
    headers: { ...form({}).headers, cookie: s.cookie },
  })
}

const get = (url: string, s?: Session) => t.app.inject({ url, ...(s ? { headers: s.headers } : {}) })

async function memberSession(unit: OrgUnit) {
  const user = await buildUser(db(), { member: unit })
  return { user, session: await sessionFor(db(), user) }
}

describe('posting and seeing help requests', () => {
  test('a coordinator posts a request with a shift; a partner member signs up; a stranger gets 404', async () => {
    const { unitA, unitB, state } = await buildPartnership(db(), { status: 'active' })
    const coordinator = await buildUser(db(), { member: unitA, roles: [['coordinator', unitA]] })
    const coord = await sessionFor(db(), coordinator)
    const created = await post('/help', coord, {
      unitId: unitA.id,
      direction: 'request',
      kind: 'haustuerwahlkampf',
      title: 'Haustürwahlkampf in Gefell',
      municipalityAgs: '16075131',
      visibility: 'partners',
      contactMemberId: coordinator.memberId!,
    })
    expect(created.statusCode).toBe(303)
    const requestId = created.headers.location!.split('/').pop()!
    const shift = await post(`/help/${requestId}/shifts`, coord, {
      startsAt: '2026-12-05T10:00',
      endsAt: '2026-12-05T14:00',
      capacity: '20',
      meetingPoint: 'Marktplatz Gefell',
    })
    expect(shift.statusCode).toBe(303)

    const partner = await memberSession(unitB)
    const page = await get(`/help/${requestId}`, partner.session)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Gefell (Saale-Orla-Kreis)')
    expect(page.body).not.toContain('16075131')
    expect(page.body).toContain('0 von 20 belegt')
    // Who sees it is said for the reader, a member of the partner: the posting KV by name, not "our".
    expect(page.body).toContain(`<dd>Mitglieder von ${unitA.name} und seinen Partner-KVs</dd>`)
    expect(page.body).not.toContain('unserer Partner-KVs')
    const shiftId = /action="\/help\/shifts\/([0-9a-f-]{36})\/signup"/.exec(page.body)![1]!
    // The button says which shift it is for, also to a screen reader listing the page's buttons.
    const button = /<button type="submit">(.*?)<\/button>/s.exec(
      page.body.slice(page.body.indexOf(`${shiftId}/signup`)),
    )![1]!
    expect(button.replace(/<[^>]+>/g, '')).toMatch(/^Eintragen – Schicht am 05\.12\.2026,? 10:00 – 14:00$/)
    const signed = await post(`/help/shifts/${shiftId}/signup`, partner.session)
    expect(signed.statusCode).toBe(303)
    expect((await get(`/help/${requestId}`, partner.session)).body).toContain('1 von 20 belegt')

    const strangerUnit = await buildDistrict(db(), await buildState(db()))
    const stranger = await memberSession(strangerUnit)
    expect((await get(`/help/${requestId}`, stranger.session)).statusCode).toBe(404)
    expect((await post(`/help/shifts/${shiftId}/signup`, stranger.session)).statusCode).toBe(404)
    // A neighbour in the same state sees it only once the circle is widened to the state.
    const neighbour = await memberSession(await buildDistrict(db(), state))
    expect((await get(`/help/${requestId}`, neighbour.session)).statusCode).toBe(404)
    await db().update(helpRequests).set({ visibility: 'state' }).where(eq(helpRequests.id, requestId))
    const widened = await get(`/help/${requestId}`, neighbour.session)
    expect(widened.statusCode).toBe(200)
    expect(widened.body).toContain(
      `<dd>Mitglieder im Landesverband von ${unitA.name} und in den Partner-KVs von ${unitA.name}</dd>`,
    )
    expect((await get(`/help/${requestId}`, stranger.session)).statusCode).toBe(404)
    const list = await get('/help', stranger.session)
    expect(list.body).not.toContain('Haustürwahlkampf in Gefell')
  })

  test('a shift typed as people write dates ("6.12.2026 9:00") is taken; a day that does not exist is a field error', async () => {
    const unit = await buildDistrict(db())
    const { request } = await buildHelpRequest(db(), unit, { visibility: 'party' })
    const coord = await sessionFor(
      db(),
      await buildUser(db(), { member: unit, roles: [['coordinator', unit]] }),
    )
    const form = await get(`/help/${request.id}`, coord)
    expect(form.body).toContain('Datum und Uhrzeit, z. B. 15.08.2026 09:00')
    const added = await post(`/help/${request.id}/shifts`, coord, {
      startsAt: '6.12.2026 9:00',
      endsAt: '06.12.2026 13:30',
      capacity: '5',
      meetingPoint: 'Bahnhof',
    })
    expect(added.statusCode).toBe(303)
    const [shift] = await db()
      .select()
      .from(helpShifts)
      .where(and(eq(helpShifts.requestId, request.id), eq(helpShifts.meetingPoint, 'Bahnhof')))
    expect(shift!.startsAt.toISOString()).toBe('2026-12-06T08:00:00.000Z')
    expect(shift!.endsAt.toISOString()).toBe('2026-12-06T12:30:00.000Z')
    const wrong = await post(`/help/${request.id}/shifts`, coord, {
      startsAt: '31.02.2026 10:00',
      endsAt: '2026-12-06T14:00',
      capacity: '5',
      meetingPoint: 'Rathaus',
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('Bitte Datum und Uhrzeit angeben, z. B. 15.08.2026 09:00.')
    expect(wrong.body).toContain('value="31.02.2026 10:00"')
  })

  test('the place is found by name or postal code; several matches are offered with their Kreis, the rest of the form kept', async () => {
    const unit = await buildDistrict(db())
    const coordinator = await buildUser(db(), { member: unit, roles: [['coordinator', unit]] })
    const session = await sessionFor(db(), coordinator)
    const fields = {
      unitId: unit.id,
      direction: 'request',
      kind: 'flyer',
      title: 'Flyer verteilen',
      visibility: 'party',
      contactMemberId: coordinator.memberId!,
    }
    const none = await post('/help', session, { ...fields, municipality: 'Nirgendwohausen' })
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Unter diesem Namen oder dieser Postleitzahl gibt es keine Gemeinde.')
    expect(none.body).toContain('value="Flyer verteilen"')

    // Two municipalities are called Gefell: the form asks which, naming the Kreis, and keeps the title.
    const two = await post('/help', session, { ...fields, municipality: 'gefell' })
    expect(two.statusCode).toBe(422)
    expect(two.body).toContain('Welche Gemeinde meinst du?')
    expect(two.body).toContain('Gefell (Saale-Orla-Kreis)')
    expect(two.body).toContain('Gefell (Vulkaneifel)')
    expect(two.body).toContain('value="Flyer verteilen"')
    const chosen = await post('/help', session, {
      ...fields,
      municipality: 'gefell',
      municipalityAgs: '16075131',
    })
    expect(chosen.statusCode).toBe(303)
    const [request] = await db().select().from(helpRequests).where(eq(helpRequests.title, 'Flyer verteilen'))
    expect(request!.municipalityAgs).toBe('16075131')

    // A postal code that reaches one municipality needs no choice; a key typed by hand still works.
    const byCode = await post('/help', session, { ...fields, title: 'Per PLZ', municipality: '07926' })
    expect(byCode.statusCode).toBe(303)
    const byKey = await post('/help', session, {
      ...fields,
      title: 'Per Schlüssel',
      municipality: '99999999',
    })
    expect(byKey.statusCode).toBe(422)
    const page = await get(`/help/new?unit=${unit.id}&ags=16075131`, session)
    expect(page.body).toContain('Gewählt: Gefell, Saale-Orla-Kreis.')
  })

  test('the contact list names the unit’s coordinators and board, never its other members', async () => {
    const unit = await buildDistrict(db())
    const plain = await buildMember(db(), unit, { lastName: 'Nurmitglied' })
    await buildUser(db(), { member: unit, roles: [['board', unit]] })
    const coordinator = await buildUser(db(), { member: unit, roles: [['coordinator', unit]] })
    const session = await sessionFor(db(), coordinator)
    const page = await get(`/help/new?unit=${unit.id}`, session)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Nurmitglied')
    expect(page.body.match(/<option value="[0-9a-f-]{36}"/g)?.length).toBeGreaterThanOrEqual(2)
    const res = await post('/help', session, {
      unitId: unit.id,
      direction: 'request',
      kind: 'infostand',
      title: 'Infostand',
      municipalityAgs: '16075131',
      visibility: 'party',
      contactMemberId: plain.id,
    })
    expect(res.statusCode).toBe(422)
  })

  test('a double click on "sign up" leaves exactly one sign-up', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'agreed' })
    const { shift } = await buildHelpRequest(db(), unitA, { capacity: 3 })
    const { user, session } = await memberSession(unitB)
    const [a, b] = await Promise.all([
      post(`/help/shifts/${shift.id}/signup`, session),
      post(`/help/shifts/${shift.id}/signup`, session),
    ])
    expect([a.statusCode, b.statusCode]).toEqual([303, 303])
    const rows = await db()
      .select()
      .from(helpSignups)
      .where(and(eq(helpSignups.shiftId, shift.id), eq(helpSignups.memberId, user.memberId!)))
    expect(rows).toHaveLength(1)
  })

  test('the unit page lists the open requests the actor may see', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { request } = await buildHelpRequest(db(), unitA, { visibility: 'partners' })
    const partner = await memberSession(unitB)
    expect((await get(`/units/${unitA.id}`, partner.session)).body).toContain(request.title)
    const stranger = await memberSession(await buildDistrict(db()))
    expect((await get(`/units/${unitA.id}`, stranger.session)).body).not.toContain(request.title)
  })
})

describe('the coordinator and the participants', () => {
  test('the coordinator sees the roster and writes to everyone; nobody sees the others’ addresses', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { request, shift } = await buildHelpRequest(db(), unitA)
    const one = await memberSession(unitB)
    const two = await memberSession(unitB)
    await post(`/help/shifts/${shift.id}/signup`, one.session)
    await post(`/help/shifts/${shift.id}/signup`, two.session)
    const coord = await sessionFor(
      db(),
      await buildUser(db(), { member: unitA, roles: [['coordinator', unitA]] }),
    )
    const roster = await get(`/help/${request.id}/roster`, coord)
    expect(roster.statusCode).toBe(200)
    expect(roster.body).toContain(unitB.name)
    expect((await get(`/help/${request.id}/roster`, one.session)).statusCode).toBe(403)

    const sent = await post(`/help/${request.id}/message`, coord, {
      subject: 'Treffpunkt',
      body: 'Bis Samstag!',
    })
    expect(sent.statusCode).toBe(303)
    const mails = (await t.outbox()).filter((m) => m.subject === `[${request.title}] Treffpunkt`)
    expect(mails).toHaveLength(2)
    expect(mails.every((m) => !m.to.includes(','))).toBe(true)
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'help.participants.messaged'), eq(auditEvents.objectId, request.id)))
    expect(audit?.data).toMatchObject({ recipients: 2 })
  })

  test('rides and beds are shown to participants, not to others who can see the request', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { request, shift } = await buildHelpRequest(db(), unitA)
    const driver = await memberSession(unitB)
    await post(`/help/shifts/${shift.id}/signup`, driver.session)
    const added = await post(`/help/${request.id}/travel`, driver.session, {
      kind: 'ride_offer',
      place: 'Hamburg Hbf',
      places: '3',
      departsAt: '2026-12-04T16:00',
    })
    expect(added.statusCode).toBe(303)
    expect((await get(`/help/${request.id}`, driver.session)).body).toContain('Hamburg Hbf')
    const onlooker = await memberSession(unitB)
    const page = await get(`/help/${request.id}`, onlooker.session)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Hamburg Hbf')
  })
})

describe('white spots', () => {
  test('for the Saale-Orla-Kreis the largest municipality without a member comes first; counts, no names', async () => {
    const state = await buildState(db())
    const kv = await insertUnit(db(), {
      kind: 'district',
      name: 'Saale-Orla Test',
      ags: '16075',
      parentId: state.id,
    })
    // Pößneck (07381) and Schleiz (07907) have members; Neustadt an der Orla (9,198) is then the largest gap.
    await buildMember(db(), kv, { postalCode: '07381', lastName: 'Geheimname' })
    await buildMember(db(), kv, { postalCode: '07381' })
    await buildMember(db(), kv, { postalCode: '07907' })
    await buildMember(db(), kv, { postalCode: '20095' })
    const board = await sessionFor(db(), await buildUser(db(), { roles: [['board', kv]] }))
    const res = await get(`/units/${kv.id}/white-spots`, board)
    expect(res.statusCode).toBe(200)
    const firstRow = /<tbody><tr><td>([^<]+)<\/td>/.exec(res.body)?.[1]
    expect(firstRow).toBe('Neustadt an der Orla')
    expect(res.body).not.toContain('Pößneck</td>')
    expect(res.body).toContain('38 von 59 Gemeinden ohne Mitglied')
    expect(res.body).toContain('class="help-map__point help-map__point--spot"')
    expect(res.body).toContain(`/help/new?unit=${kv.id}&amp;ags=16075073`)
    expect(res.body).not.toContain('Geheimname')
    expect(res.body).not.toMatch(/style=/)

    const coordinator = await sessionFor(db(), await buildUser(db(), { roles: [['coordinator', kv]] }))
    expect((await get(`/units/${kv.id}/white-spots`, coordinator)).statusCode).toBe(403)
    const otherBoard = await sessionFor(
      db(),
      await buildUser(db(), { roles: [['board', await buildDistrict(db())]] }),
    )
    expect((await get(`/units/${kv.id}/white-spots`, otherBoard)).statusCode).toBe(404)

    const office = await sessionFor(db(), await buildUser(db(), { roles: [['state_office', state]] }))
    const totals = await get('/help/white-spots', office)
    expect(totals.statusCode).toBe(200)
    expect(totals.body).toContain('Saale-Orla Test')
    expect(totals.body).toContain('51.771')
  })
})

describe('white spots of a KV whose territory is single municipalities', () => {
  test('are its own municipalities without a member, on a map of the Kreis they lie in', async () => {
    const state = await buildState(db())
    // After a reform the KV holds three towns of the Saale-Orla-Kreis; members live in Schleiz only.
    const kv = await insertUnit(db(), {
      kind: 'district',
      name: 'KV Oberland',
      parentId: state.id,
      municipalities: ['16075098', '16075131', '16075132'],
    })
    await buildMember(db(), kv, { postalCode: '07907' })
    await buildMember(db(), kv, { postalCode: '07381' }) // Pößneck: not in the territory
    const board = await sessionFor(db(), await buildUser(db(), { roles: [['board', kv]] }))
    expect((await get(`/units/${kv.id}`, board)).body).toContain(`/units/${kv.id}/white-spots`)
    const res = await get(`/units/${kv.id}/white-spots`, board)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('2 von 3 Gemeinden ohne Mitglied, dort leben 5.991 Menschen')
    expect(res.body).toContain('Mitglieder ohne zuordenbare Postleitzahl: 1.')
    const rows = [...res.body.matchAll(/<tr><td>([^<]+)<\/td>/g)].map((m) => m[1])
    expect(rows).toEqual(['Tanna', 'Gefell'])
    expect(res.body).toContain(`/help/new?unit=${kv.id}&amp;ags=16075131`)
    expect(res.body).toContain('class="help-map__kreis"')
    expect(res.body.match(/help-map__point--/g)).toHaveLength(3)

    const office = await sessionFor(db(), await buildUser(db(), { roles: [['state_office', state]] }))
    const totals = await get('/help/white-spots', office)
    expect(totals.body).toContain('KV Oberland')
  })

  test('a KV without any territory says so', async () => {
    const kv = await buildDistrict(db())
    const board = await sessionFor(db(), await buildUser(db(), { roles: [['board', kv]] }))
    const res = await get(`/units/${kv.id}/white-spots`, board)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('kein Gebiet hinterlegt')
  })
})

describe('the solidarity balance', () => {
  test('totals per direction and year, entered by hand and from a completed shift, with an SVG chart', async () => {
    const { unitA, unitB, partnership, boardA, boardB } = await buildPartnership(db(), { status: 'active' })
    const a = await sessionFor(db(), boardA)
    const b = await sessionFor(db(), boardB)
    const entry = (s: Session, helper: OrgUnit, helped: OrgUnit, fields: Record<string, string>) =>
      post(`/help/partnerships/${partnership.id}/records`, s, {
        helperUnitId: helper.id,
        helpedUnitId: helped.id,
        kind: 'other',
        ...fields,
      })
    expect(
      (await entry(a, unitA, unitB, { helpedOn: '2025-08-16', people: '3', hours: '12', euros: '250' }))
        .statusCode,
    ).toBe(303)
    expect(
      (await entry(a, unitA, unitB, { helpedOn: '2025-09-01', people: '2', hours: '6', euros: '' }))
        .statusCode,
    ).toBe(303)
    expect(
      (await entry(b, unitB, unitA, { helpedOn: '2026-02-28', people: '2', hours: '', euros: '12,50' }))
        .statusCode,
    ).toBe(303)
    expect((await entry(b, unitB, unitB, { helpedOn: '2026-02-28' })).statusCode).toBe(422)

    await expect(viewBalance(t.app.deps, undefined, partnership.id)).rejects.toMatchObject({ status: 404 })
    const data = await viewBalance(t.app.deps, actorFor(boardA, [['board', unitA]]), partnership.id)
    expect(data.rows).toEqual([
      { year: 2026, fromUnitId: unitB.id, people: 2, hours: 0, euros: 12.5, events: 1 },
      { year: 2025, fromUnitId: unitA.id, people: 5, hours: 18, euros: 250, events: 2 },
    ])
    const page = await get(`/help/partnerships/${partnership.id}/balance`, b)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<svg class="help-chart"')
    expect(page.body).toContain('18 h')
    expect(page.body).not.toMatch(/style=/)
    const stranger = await memberSession(await buildDistrict(db()))
    expect((await get(`/help/partnerships/${partnership.id}/balance`, stranger.session)).statusCode).toBe(404)
    const records = await db().select().from(helpRecords).where(eq(helpRecords.helperUnitId, unitA.id))
    expect(records).toHaveLength(2)
  })
})

describe('donation drives', () => {
  test('pledges add up, anonymous ones without a name, and the coordinator marks them received', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const coord = await sessionFor(
      db(),
      await buildUser(db(), { member: unitA, roles: [['coordinator', unitA]] }),
    )
    const started = await post('/help/drives', coord, {
      collectingUnitId: unitA.id,
      beneficiaryUnitId: unitB.id,
      title: 'Für den Landtagswahlkampf',
      target: '1000',
    })
    expect(started.statusCode).toBe(303)
    const driveUrl = started.headers.location!
    const giver = await memberSession(unitA)
    expect((await post(`${driveUrl}/pledges`, giver.session, { amount: '50' })).statusCode).toBe(303)
    const shy = await memberSession(unitA)
    expect(
      (await post(`${driveUrl}/pledges`, shy.session, { amount: '25,50', anonymous: 'on' })).statusCode,
    ).toBe(303)
    const page = await get(driveUrl, coord)
    expect(page.body).toContain('<progress')
    expect(page.body).toContain('8 %')
    expect(page.body).toContain('anonym')
    expect(page.body).toContain('Parteiengesetz')
    const [pledge] = await db()
      .select()
      .from(donationPledges)
      .where(eq(donationPledges.memberId, giver.user.memberId!))
    expect((await post(`${driveUrl}/pledges/${pledge!.id}/received`, coord)).statusCode).toBe(303)
    expect((await post(`${driveUrl}/pledges/${pledge!.id}/received`, giver.session)).statusCode).toBe(403)
    expect((await get(driveUrl, coord)).body).toContain('davon 50')
    expect((await get(`/units/${unitA.id}`, coord)).body).toContain('75,50\u00a0€ / 1.000\u00a0€')
  })
})
