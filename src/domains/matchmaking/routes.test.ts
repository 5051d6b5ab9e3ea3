import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildFederation,
  buildKeyedState,
  buildMember,
  buildUser,
  form,
  insertPartnershipRow,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import { partnershipStatusChanges, partnerships } from '../partnerships/index.js'
import { electionDates, matchmakingWeights, municipalTwinTowns, seekingProfiles } from './tables.js'

let t: TestApp
let hamburgMitte: OrgUnit
let hamburgAltona: OrgUnit
let saaleOrla: OrgUnit
let ludwigsburg: OrgUnit
let bonn: OrgUnit
let weimar: OrgUnit
let boardHh: Session
let boardSo: Session
let member: Session
let federal: Session

const district = (
  state: OrgUnit,
  name: string,
  ags: string,
  v: { pop: number; area: number; lat: number; lon: number },
) =>
  insertUnit(t.database.db, {
    kind: 'district',
    name,
    parentId: state.id,
    ags,
    population: v.pop,
    areaKm2: v.area,
    anchorLat: v.lat,
    anchorLon: v.lon,
  })

async function members(unit: OrgUnit, n: number) {
  for (let i = 0; i < n; i++) await buildMember(t.database.db, unit)
}

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const fed = await buildFederation(db)
  const hh = await buildKeyedState(db, '02', fed)
  const th = await buildKeyedState(db, '16', fed)
  const bw = await buildKeyedState(db, '08', fed)
  const nw = await buildKeyedState(db, '05', fed)
  hamburgMitte = await district(hh, 'Hamburg-Mitte', '02000', {
    pop: 30_100,
    area: 142,
    lat: 53.5503,
    lon: 10.0006,
  })
  hamburgAltona = await district(hh, 'Hamburg-Altona', '02000', {
    pop: 27_500,
    area: 78,
    lat: 53.5456,
    lon: 9.9382,
  })
  saaleOrla = await district(th, 'Saale-Orla-Kreis', '16075', {
    pop: 81_000,
    area: 1151,
    lat: 50.59,
    lon: 11.71,
  })
  ludwigsburg = await district(bw, 'Ludwigsburg', '08118', { pop: 54_500, area: 687, lat: 48.93, lon: 9.19 })
  bonn = await district(nw, 'Bonn', '05314', { pop: 32_900, area: 141, lat: 50.73, lon: 7.1 })
  weimar = await district(th, 'Weimar', '16055', { pop: 65_000, area: 84, lat: 50.98, lon: 11.32 })
  // Many members in the city, few in the countryside (population scaled down with them).
  await members(hamburgMitte, 14)
  await members(hamburgAltona, 13)
  await members(saaleOrla, 1)
  await members(ludwigsburg, 9)
  await members(bonn, 15)
  await members(weimar, 2)
  // Bonn and Weimar are partners already.
  await insertPartnershipRow(db, bonn, weimar, { status: 'active' })
  boardHh = await sessionFor(
    db,
    await buildUser(db, { member: hamburgMitte, roles: [['board', hamburgMitte]] }),
  )
  boardSo = await sessionFor(db, await buildUser(db, { member: saaleOrla, roles: [['board', saaleOrla]] }))
  member = await sessionFor(db, await buildUser(db, { member: hamburgMitte }))
  federal = await sessionFor(db, await buildUser(db, { roles: [['federal_office', fed]] }))
  // Sixty members and four accounts (argon2 each): generous on a loaded machine.
}, 120_000)
afterAll(() => t.close())

function post(session: Session, url: string, fields: Record<string, string | string[]> = {}) {
  const params = new URLSearchParams()
  params.append('_csrf', session.csrf)
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x)
  return t.app.inject({
    method: 'POST',
    url,
    payload: params.toString(),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

describe('the seeking profile', () => {
  test('the board saves it; other boards read it; members and other boards may not change it', async () => {
    const bad = await post(boardSo, `/units/${saaleOrla.id}/seeking`, {
      looking: 'yes',
      maxTravelKm: '5',
      seeks: 'beer',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('ganze Zahl zwischen 10 und 1500')
    const ok = await post(boardSo, `/units/${saaleOrla.id}/seeking`, {
      looking: 'yes',
      seeks: ['campaign_help', 'money'],
      offers: 'experience',
      preferredStates: ['02', '08'],
      maxTravelKm: '600',
      note: 'Wir freuen uns auf <b>euch</b>',
    })
    expect(ok.statusCode).toBe(303)
    const [row] = await t.database.db
      .select()
      .from(seekingProfiles)
      .where(eq(seekingProfiles.unitId, saaleOrla.id))
    expect(row).toMatchObject({
      looking: true,
      seeks: ['campaign_help', 'money'],
      preferredStates: ['02', '08'],
      maxTravelKm: 600,
    })

    const seen = await get(boardHh, `/units/${saaleOrla.id}/seeking`)
    expect(seen.statusCode).toBe(200)
    expect(seen.body).toContain('Wahlkampfhilfe')
    expect(seen.body).toContain('Wir freuen uns auf &lt;b>euch&lt;/b>')
    expect(seen.body).not.toContain(`/units/${saaleOrla.id}/seeking/edit`)
    expect((await get(boardHh, `/units/${saaleOrla.id}/seeking/edit`)).statusCode).toBe(403)
    expect((await post(boardHh, `/units/${saaleOrla.id}/seeking`, { looking: 'no' })).statusCode).toBe(403)
    expect((await get(member, `/units/${saaleOrla.id}/seeking`)).statusCode).toBe(403)
    // The KV's page shows the profile to boards, with the way to the suggestions for its own board.
    const unitPage = await get(boardSo, `/units/${saaleOrla.id}`)
    expect(unitPage.body).toContain(`/units/${saaleOrla.id}/matchmaking`)
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'matchmaking.profile_saved'), eq(auditEvents.objectId, saaleOrla.id)))
    expect(audit).toHaveLength(1)
  })
})

describe('suggestions and proposing', () => {
  test('the board of Hamburg-Mitte sees Saale-Orla ahead of its neighbour Altona, explained factor by factor', async () => {
    const res = await get(boardHh, `/units/${hamburgMitte.id}/matchmaking`)
    expect(res.statusCode).toBe(200)
    const body = res.body
    expect(body.indexOf('Saale-Orla-Kreis')).toBeGreaterThan(-1)
    expect(body.indexOf('Saale-Orla-Kreis')).toBeLessThan(body.indexOf('Hamburg-Altona'))
    expect(body).toContain('Ergänzung: Mitglieder je 1.000 Einwohner:innen')
    expect(body).toContain('km Luftlinie')
    // Weimar has a partner (Bonn); a KV with an open partnership is not suggested to its partner.
    const bonnBoard = await sessionFor(
      t.database.db,
      await buildUser(t.database.db, { roles: [['board', bonn]] }),
    )
    expect((await get(bonnBoard, `/units/${bonn.id}/matchmaking`)).body).not.toContain(`value="${weimar.id}"`)
    // Another KV's board and members may not look at Hamburg-Mitte's suggestions.
    expect((await get(boardSo, `/units/${hamburgMitte.id}/matchmaking`)).statusCode).toBe(403)
    expect((await get(member, `/units/${hamburgMitte.id}/matchmaking`)).statusCode).toBe(403)
  })

  test('"Propose" makes a proposed partnership whose history keeps the explanation', async () => {
    const res = await post(boardHh, `/units/${hamburgMitte.id}/matchmaking/propose`, {
      partnerId: saaleOrla.id,
    })
    expect(res.statusCode).toBe(303)
    const id = String(res.headers.location).split('/').pop()!
    const [p] = await t.database.db.select().from(partnerships).where(eq(partnerships.id, id))
    expect(p).toMatchObject({ unitAId: hamburgMitte.id, unitBId: saaleOrla.id, status: 'proposed' })
    expect(p!.tags).toContain('east_west')
    const [change] = await t.database.db
      .select()
      .from(partnershipStatusChanges)
      .where(eq(partnershipStatusChanges.partnershipId, id))
    expect(change!.note).toMatch(/^Vorschlag aus der Partnersuche, \d+ von 100 Punkten\./)
    expect(change!.note).toContain(
      'Ost und West 1,00 × 2: Hamburg-Mitte liegt im Westen, Saale-Orla-Kreis im Osten.',
    )
    const page = await get(boardSo, `/partnerships/${id}`)
    expect(page.body).toContain('Vorschlag aus der Partnersuche')
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'matchmaking.proposed'), eq(auditEvents.objectId, id)))
    expect((audit!.data as { factors: unknown[] }).factors).toHaveLength(9)
    // Now the pair is open: proposing again is refused at the form, and Saale-Orla is no longer suggested.
    const again = await post(boardHh, `/units/${hamburgMitte.id}/matchmaking/propose`, {
      partnerId: saaleOrla.id,
    })
    expect(again.statusCode).toBe(422)
    expect((await get(boardHh, `/units/${hamburgMitte.id}/matchmaking`)).body).not.toContain(
      `value="${saaleOrla.id}"`,
    )
    expect(
      (await post(boardHh, `/units/${hamburgMitte.id}/matchmaking/propose`, { partnerId: 'nope' }))
        .statusCode,
    ).toBe(422)
    expect(
      (await post(boardSo, `/units/${hamburgMitte.id}/matchmaking/propose`, { partnerId: ludwigsburg.id }))
        .statusCode,
    ).toBe(403)
  })

  test('a KV that is not looking is not suggested', async () => {
    const fedBoard = federal
    await post(fedBoard, `/units/${ludwigsburg.id}/seeking`, { looking: 'no' })
    const res = await get(fedBoard, `/units/${hamburgAltona.id}/matchmaking`)
    expect(res.statusCode).toBe(200)
    expect(res.body).not.toContain(`value="${ludwigsburg.id}"`)
    await post(fedBoard, `/units/${ludwigsburg.id}/seeking`, { looking: 'yes' })
    expect((await get(fedBoard, `/units/${hamburgAltona.id}/matchmaking`)).body).toContain(
      `value="${ludwigsburg.id}"`,
    )
  })
})

describe('the federal office', () => {
  test('the overview lists KVs with no or one partner and their best suggestion; others may not open it', async () => {
    const res = await get(federal, '/matchmaking')
    expect(res.statusCode).toBe(200)
    for (const u of [hamburgAltona, ludwigsburg, bonn, weimar])
      expect(res.body).toContain(`/units/${u.id}/matchmaking`)
    expect((await get(boardHh, '/matchmaking')).statusCode).toBe(403)
  })

  test('travel times: the office imports them as CSV; a pair with one is explained in minutes', async () => {
    expect((await get(boardHh, '/matchmaking/travel-times')).statusCode).toBe(403)
    const csv = [
      'kreis_a;kreis_b;minuten',
      '16075;02000;290',
      '02000;99;10',
      '05314;16055;0',
      '05314;16055;250',
    ].join('\n')
    const res = await post(federal, '/matchmaking/travel-times', { csv })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('2 neu, 0 schon bekannt.')
    expect(res.body).toContain('Zeile 3: 99')
    expect(res.body).toContain('02000 – 16075: 290 Minuten')
    // Imported again with a new time: the pair keeps one row, with the new minutes.
    const again = await post(federal, '/matchmaking/travel-times', {
      csv: 'kreis_a,kreis_b,minuten\n02000,16075,300',
    })
    expect(again.body).toContain('0 neu, 1 schon bekannt.')
    expect(again.body).toContain('02000 – 16075: 300 Minuten')
    const page = await get(federal, `/units/${hamburgAltona.id}/matchmaking`)
    expect(page.body).toContain('300 Minuten Reisezeit laut Reisezeittabelle')
    expect((await post(federal, '/matchmaking/travel-times', { csv: '' })).statusCode).toBe(422)
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'matchmaking.travel_times_imported'))
    expect(audit?.data).toMatchObject({ added: 2, problems: 2 })
  })

  test('weights: a preview shows how the best suggestions change, saving stores them', async () => {
    const page = await get(federal, '/matchmaking/weights')
    expect(page.statusCode).toBe(200)
    const distanceOnly = {
      strength: '0',
      cityCountry: '0',
      eastWest: '0',
      distance: '10',
      elections: '0',
      twinTowns: '0',
      partnerCount: '0',
      endedBefore: '0',
      profileFit: '0',
    }
    const preview = await get(federal, `/matchmaking/weights?${new URLSearchParams(distanceOnly)}`)
    expect(preview.statusCode).toBe(200)
    expect(preview.body).toContain('Vorschau')
    expect(preview.body).toMatch(/Bei \d+ Kreisverbänden (ohne Partner bleibt|ändert sich)/)
    expect(await t.database.db.select().from(matchmakingWeights)).toHaveLength(0)
    const bad = await get(
      federal,
      `/matchmaking/weights?${new URLSearchParams({ ...distanceOnly, distance: '11' })}`,
    )
    expect(bad.statusCode).toBe(422)
    const saved = await post(federal, '/matchmaking/weights', distanceOnly)
    expect(saved.statusCode).toBe(303)
    const rows = await t.database.db.select().from(matchmakingWeights)
    expect(rows.find((r) => r.factor === 'distance')?.weight).toBe(10)
    expect(rows.find((r) => r.factor === 'strength')?.weight).toBe(0)
    // With distance alone, the neighbour Altona comes last for Hamburg-Mitte.
    const ranked = (await get(federal, `/units/${hamburgAltona.id}/matchmaking`)).body
    expect(ranked.lastIndexOf('value="')).toBe(ranked.indexOf(`value="${hamburgMitte.id}"`))
    expect((await post(federal, '/matchmaking/weights', { ...distanceOnly, distance: 'x' })).statusCode).toBe(
      422,
    )
    expect((await post(boardHh, '/matchmaking/weights', distanceOnly)).statusCode).toBe(403)
    await t.database.db.delete(matchmakingWeights)
  })

  test('the election calendar: load the shipped dates, add one with its source, refuse a duplicate, remove it', async () => {
    expect((await post(federal, '/matchmaking/elections/load')).statusCode).toBe(303)
    const loaded = await t.database.db.select().from(electionDates)
    expect(loaded.length).toBeGreaterThan(10)
    expect(loaded.every((e) => e.source.length > 0)).toBe(true)
    const fields = {
      stateAgs: '02',
      kind: 'state',
      heldOn: '2027-09-12',
      source: 'Landeswahlleitung Hamburg',
    }
    expect((await post(federal, '/matchmaking/elections', fields)).statusCode).toBe(303)
    const dup = await post(federal, '/matchmaking/elections', fields)
    expect(dup.statusCode).toBe(422)
    expect(dup.body).toContain('Diesen Termin gibt es schon.')
    expect((await post(federal, '/matchmaking/elections', { ...fields, stateAgs: '99' })).statusCode).toBe(
      422,
    )
    expect((await post(federal, '/matchmaking/elections', { ...fields, source: ' ' })).statusCode).toBe(422)
    const [row] = await t.database.db
      .select()
      .from(electionDates)
      .where(eq(electionDates.heldOn, '2027-09-12'))
    // Hamburg votes on 12 September 2027 and Thuringia has nothing then: the explanation says who can help.
    expect((await get(boardHh, `/units/${hamburgMitte.id}/matchmaking`)).body).toContain(
      'wählt am 12.09.2027',
    )
    expect((await post(federal, `/matchmaking/elections/${row!.id}/delete`)).statusCode).toBe(303)
    expect((await post(federal, `/matchmaking/elections/${row!.id}/delete`)).statusCode).toBe(404)
  })

  test('twin towns are imported as CSV; bad keys are reported by line; the pair then counts', async () => {
    const csv = 'gemeinde_a;gemeinde_b\n08118019;16075131\n123;16075131\n'
    const res = await post(federal, '/matchmaking/twin-towns', { csv })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('1 neu, 0 schon bekannt.')
    expect(res.body).toContain('Zeile 3: 123')
    expect(res.body).toContain('Gerlingen (08118019) – Gefell (16075131)')
    expect(await t.database.db.select().from(municipalTwinTowns)).toHaveLength(1)
    expect((await post(federal, '/matchmaking/twin-towns', { csv: 'a,b\n1,2' })).statusCode).toBe(422)
    const ludwigsburgBoard = await sessionFor(
      t.database.db,
      await buildUser(t.database.db, { roles: [['board', ludwigsburg]] }),
    )
    const body = (await get(ludwigsburgBoard, `/units/${ludwigsburg.id}/matchmaking`)).body
    expect(body).toContain('Gemeinden der beiden Gebiete sind Partnerstädte.')
  })
})
