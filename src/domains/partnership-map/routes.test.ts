import { type IncomingHttpHeaders, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildFederation,
  buildKeyedState,
  buildMappedDistrict,
  buildMember,
  buildUser,
  insertPartnershipRow,
  sessionFor,
} from '../../../test/support/factories.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import type { Partnership } from '../partnerships/tables.js'
import { invalidateMapCache } from './page-cache.js'

let t: TestApp
const w = {} as {
  federal: OrgUnit
  saaleOrla: OrgUnit
  hamburgMitte: OrgUnit
  gerlingen: OrgUnit
  steinfurt: OrgUnit
  seenplatte: OrgUnit
  bonn: OrgUnit
  weimar: OrgUnit
  lonely: OrgUnit
  secretA: OrgUnit
  secretB: OrgUnit
  secretC: OrgUnit
  hamburgSaale: Partnership
  saaleGerlingen: Partnership
  steinfurtSeenplatte: Partnership
  bonnWeimar: Partnership
  hidden: Partnership[]
  consenting: { email: string; lastName: string; id: string }
  private: { email: string; lastName: string; id: string }
  unconfirmed: { email: string; firstName: string; lastName: string; id: string }
}

beforeAll(async () => {
  t = await buildTestApp({ env: { EMBED_ORIGINS: 'https://kv.example.org' } })
  const db = t.database.db
  w.federal = await buildFederation(db)
  const th = await buildKeyedState(db, '16', w.federal)
  const hh = await buildKeyedState(db, '02', w.federal)
  const bw = await buildKeyedState(db, '08', w.federal)
  const nrw = await buildKeyedState(db, '05', w.federal)
  const mv = await buildKeyedState(db, '13', w.federal)
  w.saaleOrla = await buildMappedDistrict(db, th, {
    name: 'KV Saale-Orla',
    ags: '16075',
    lon: 11.7455,
    lat: 50.57449,
  })
  w.weimar = await buildMappedDistrict(db, th, {
    name: 'KV Weimar',
    ags: '16055',
    lon: 11.31711,
    lat: 50.97815,
  })
  w.hamburgMitte = await buildMappedDistrict(db, hh, {
    name: 'KV Hamburg-Mitte',
    ags: '02000',
    lon: 10.0,
    lat: 53.55,
  })
  const ludwigsburg = await buildMappedDistrict(db, bw, {
    name: 'KV Ludwigsburg',
    ags: '08118',
    lon: 9.12,
    lat: 48.95,
  })
  w.gerlingen = await insertUnit(db, {
    kind: 'local',
    name: 'OV Gerlingen',
    parentId: ludwigsburg.id,
    anchorLon: 9.06,
    anchorLat: 48.8,
  })
  w.steinfurt = await buildMappedDistrict(db, nrw, {
    name: 'KV Steinfurt',
    ags: '05566',
    lon: 7.58,
    lat: 52.21,
  })
  w.bonn = await buildMappedDistrict(db, nrw, { name: 'KV Bonn', ags: '05314', lon: 7.11, lat: 50.71 })
  w.seenplatte = await buildMappedDistrict(db, mv, {
    name: 'KV Mecklenburgische Seenplatte',
    ags: '13071',
    lon: 13.0,
    lat: 53.54,
  })
  w.lonely = await buildMappedDistrict(db, mv, { name: 'KV Einsam', ags: '13072', lon: 12.1, lat: 54.0 })
  // Units that take part only in non-public partnerships and have no point: nothing may reveal them.
  const secret = (name: string) => insertUnit(db, { kind: 'district', name, parentId: th.id })
  w.secretA = await secret('KV Verborgen-Eins')
  w.secretB = await secret('KV Verborgen-Zwei')
  w.secretC = await secret('KV Verborgen-Drei')

  const consenting = await buildMember(db, w.hamburgMitte, {
    lastName: 'Zustimmend',
    email: 'zu@example.org',
  })
  const privateOne = await buildMember(db, w.saaleOrla, {
    lastName: 'Verschwiegen',
    email: 'still@example.org',
  })
  w.consenting = { email: consenting.email!, lastName: consenting.lastName, id: consenting.id }
  w.private = { email: privateOne.email!, lastName: privateOne.lastName, id: privateOne.id }

  w.hamburgSaale = await insertPartnershipRow(db, w.hamburgMitte, w.saaleOrla, {
    status: 'active',
    kind: 'partnership',
    startedOn: '2019-05-01',
    story: 'Haustürwahlkampf, Plakate und ein Festival.',
    coordinatorAMemberId: consenting.id,
    coordinatorAEmailPublic: true,
    coordinatorAAcceptedAt: new Date('2019-05-02T10:00:00Z'),
    coordinatorBMemberId: privateOne.id,
    coordinatorBEmailPublic: false,
    coordinatorBAcceptedAt: new Date('2019-05-03T10:00:00Z'),
  })
  // Named by the board of Saale-Orla, but has not accepted the role: the public sees the role only.
  const unconfirmed = await buildMember(db, w.saaleOrla, {
    firstName: 'Ungefragt',
    lastName: 'Nochnichtbestätigt',
    email: 'ungefragt@example.org',
  })
  w.unconfirmed = {
    email: unconfirmed.email!,
    firstName: unconfirmed.firstName,
    lastName: unconfirmed.lastName,
    id: unconfirmed.id,
  }
  w.saaleGerlingen = await insertPartnershipRow(db, w.gerlingen, w.saaleOrla, {
    status: 'agreed',
    kind: 'friendship',
    startedOn: '2023-03-01',
    coordinatorBMemberId: unconfirmed.id,
    coordinatorBEmailPublic: true,
  })
  w.steinfurtSeenplatte = await insertPartnershipRow(db, w.steinfurt, w.seenplatte, {
    status: 'dormant',
    kind: 'project',
    startedOn: '2012-11-10',
  })
  w.bonnWeimar = await insertPartnershipRow(db, w.bonn, w.weimar, {
    status: 'ended',
    startedOn: '2015-01-01',
  })
  const hiddenCoordinator = await buildMember(db, w.secretA, { lastName: 'Unsichtbar' })
  w.hidden = [
    await insertPartnershipRow(db, w.secretA, w.secretB, {
      status: 'proposed',
      coordinatorAMemberId: hiddenCoordinator.id,
    }),
    await insertPartnershipRow(db, w.secretB, w.secretC, { status: 'active', isPublic: false }),
    await insertPartnershipRow(db, w.secretA, w.secretC, { status: 'declined' }),
    await insertPartnershipRow(db, w.secretA, w.saaleOrla, { status: 'active', isPublic: false }),
  ]
  invalidateMapCache()
})
afterAll(() => t.close())

const publicIds = () =>
  [w.hamburgSaale, w.saaleGerlingen, w.steinfurtSeenplatte, w.bonnWeimar].map((p) => p.id)
const lineIds = (body: string) => [...body.matchAll(/data-partnership="([^"]+)"/g)].map((m) => m[1])
const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers })

function expectNothingHidden(body: string) {
  for (const p of w.hidden) expect(body).not.toContain(p.id)
  for (const name of ['Verborgen-Eins', 'Verborgen-Zwei', 'Verborgen-Drei', 'Unsichtbar']) {
    expect(body).not.toContain(name)
  }
}

describe('GET /map', () => {
  test('the map holds exactly one line per public partnership and nothing of the others', async () => {
    const res = await get('/map')
    expect(res.statusCode).toBe(200)
    expect(lineIds(res.body).sort()).toEqual(publicIds().sort())
    expectNothingHidden(res.body)
    expect(res.body.match(/class="pm-kreis"/g)?.length).toBeGreaterThanOrEqual(8)
    expect(res.body).toContain(`href="/units/${w.saaleOrla.id}"`)
    // The local group has no Kreis of its own, so it is a dot that links to its page.
    expect(res.body).toContain(`href="/units/${w.gerlingen.id}"`)
  })

  test('the page names its sources, offers a skip link and lists the same partnerships in a table', async () => {
    const res = await get('/map')
    expect(res.body).toContain('© GeoBasis-DE / BKG 2021 (Daten verändert)')
    expect(res.body).toContain('href="https://www.bkg.bund.de"')
    expect(res.body).toContain('Statistisches Bundesamt (Destatis)')
    expect(res.body).toContain('href="#pm-list"')
    expect(res.body).toContain('id="pm-list"')
    const rows = res.body.split('<tbody>')[1]!.split('</tbody>')[0]!.match(/<tr>/g)
    expect(rows).toHaveLength(4)
    expect(res.body).not.toMatch(/\sstyle="/)
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/)
  })

  test.each([
    ['status=dormant', () => [w.steinfurtSeenplatte.id]],
    ['kind=friendship', () => [w.saaleGerlingen.id]],
    ['state=02', () => [w.hamburgSaale.id]],
    ['state=16&kind=partnership', () => [w.hamburgSaale.id, w.bonnWeimar.id]],
    ['since=2020', () => [w.saaleGerlingen.id]],
    ['status=proposed&state=99&since=abc', publicIds],
  ])('the filter %s shows only the matching partnerships', async (query, expected) => {
    const res = await get(`/map?${query}`)
    expect(res.statusCode).toBe(200)
    expect(lineIds(res.body).sort()).toEqual(expected().sort())
    expectNothingHidden(res.body)
  })

  test('the page comes gzipped with a validator, and a matching validator answers 304', async () => {
    const zipped = await get('/map', { 'accept-encoding': 'gzip, deflate, br' })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(String(zipped.headers.vary)).toMatch(/accept-encoding/)
    const plain = await get('/map')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body)
    expect(zipped.rawPayload.length).toBeLessThan(150 * 1024)
    const again = await get('/map', {
      'accept-encoding': 'gzip',
      'if-none-match': String(zipped.headers.etag),
    })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    // Cached pages go out without the platform's onSend hook; they must carry the same protections.
    const ordinary = await get('/directory')
    for (const name of [
      'content-security-policy',
      'x-frame-options',
      'x-content-type-options',
      'referrer-policy',
    ]) {
      expect(zipped.headers[name]).toBe(ordinary.headers[name])
    }
  })

  test('a signed-in visitor gets the map rendered for them, never cached for others', async () => {
    const member = await buildUser(t.database.db, { member: w.saaleOrla })
    const session = await sessionFor(t.database.db, member)
    const res = await get('/map', { ...session.headers, 'accept-encoding': 'gzip' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body).toContain('action="/logout"')
    expect(lineIds(res.body).sort()).toEqual(publicIds().sort())
    expect((await get('/map')).body).not.toContain('action="/logout"')
  })
})

/** The Kreise and dots the map marks as found, by the unit pages they link to. */
const markedOnMap = (body: string) => {
  const svg = body.slice(
    body.indexOf('<svg class="pm-svg"'),
    body.indexOf('</svg>', body.indexOf('<svg class="pm-svg"')),
  )
  return [
    ...svg.matchAll(
      /<a href="\/units\/([^"]+)"><title>[^<]*<\/title><(?:path|circle) class="pm-(?:kreis|dot) pm-(?:kreis|dot)--hit"/g,
    ),
  ].map((m) => m[1])
}

describe('a search on /map', () => {
  test.each([
    ['a part of its name', 'saale', undefined],
    ['a town in its Kreis', 'Gefell', 'über den Ort Gefell'],
    ['a postal code in its Kreis', '07926', 'über die Postleitzahl 07926'],
  ])(
    'finds a KV by %s, marks it on the map and keeps its partnerships in the map and the list',
    async (_how, q, via) => {
      const res = await get(`/map?q=${encodeURIComponent(q)}`)
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain(`Ergebnisse für „${q}“`)
      expect(res.body).toMatch(
        new RegExp(`<ul class="pm-hits"><li><a href="/units/${w.saaleOrla.id}">KV Saale-Orla</a>`),
      )
      if (via) expect(res.body).toContain(`KV Saale-Orla</a> (${via})`)
      expect(markedOnMap(res.body)).toEqual([w.saaleOrla.id])
      expect(lineIds(res.body).sort()).toEqual([w.hamburgSaale.id, w.saaleGerlingen.id].sort())
      const rows = res.body.split('<tbody>')[1]!.split('</tbody>')[0]!.match(/<tr>/g)
      expect(rows).toHaveLength(2)
      // The field keeps what was typed; the legend names the mark; the way back to the whole map.
      expect(res.body).toContain(`name="q" type="search" value="${q}"`)
      expect(res.body).toContain('Suchtreffer')
      expect(res.body).toContain('<a href="/map">Suche zurücksetzen</a>')
      expectNothingHidden(res.body)
    },
  )

  test('the search and the filters keep each other, without a script', async () => {
    const res = await get('/map?q=saale&kind=friendship')
    expect(lineIds(res.body)).toEqual([w.saaleGerlingen.id])
    const [search, filters] = res.body.split('class="pm-filters"')
    expect(search).toContain('<input type="hidden" name="kind" value="friendship"/>')
    expect(filters).toContain('<input type="hidden" name="q" value="saale"/>')
    expect(res.body).toContain('<a href="/map?kind=friendship">Suche zurücksetzen</a>')
    // The exports are not searched: their links carry the filters only.
    expect(res.body).toContain('href="/partnerships.csv?kind=friendship"')
  })

  test('a search that finds nothing says so and shows the whole map; one letter is no search', async () => {
    const none = await get('/map?q=Atlantis')
    expect(none.body).toContain('Kein Kreisverband gefunden. Die Karte zeigt alle Partnerschaften.')
    expect(markedOnMap(none.body)).toEqual([])
    expect(lineIds(none.body).sort()).toEqual(publicIds().sort())
    const short = await get('/map?q=a')
    expect(short.body).not.toContain('Ergebnisse für')
    expect(lineIds(short.body).sort()).toEqual(publicIds().sort())
    // The units are part of the public structure; their partnerships that are not public stay hidden.
    const hidden = await get(`/map?q=${encodeURIComponent('Verborgen')}`)
    expect(hidden.body).toContain(
      `<a href="/units/${w.secretA.id}">KV Verborgen-Eins</a><br/>noch ohne öffentliche Partnerschaft`,
    )
    expect(lineIds(hidden.body)).toEqual([])
    for (const p of w.hidden) expect(hidden.body).not.toContain(p.id)
    expect(hidden.body).not.toContain('Unsichtbar')
  })

  test('the answer is gzipped within the budget, and the widget has no search', async () => {
    const zipped = await get('/map?q=Gefell', { 'accept-encoding': 'gzip' })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.rawPayload.length).toBeLessThan(150 * 1024)
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toContain('über den Ort Gefell')
    const embed = await get('/embed/map?q=Gefell')
    expect(embed.body).not.toContain('Ergebnisse für')
    expect(lineIds(embed.body).sort()).toEqual(publicIds().sort())
  })

  test('searches are limited per address, the map itself is not', async () => {
    const from = (url: string) => t.app.inject({ method: 'GET', url, remoteAddress: '198.51.100.60' })
    const codes: number[] = []
    for (let i = 0; i < 61; i++) codes.push((await from('/map?q=Gefell')).statusCode)
    expect(codes.slice(0, 60).every((c) => c === 200)).toBe(true)
    expect(codes[60]).toBe(429)
    expect((await from('/map')).statusCode).toBe(200)
    expect((await from('/map?kind=friendship')).statusCode).toBe(200)
  })
})

describe('exports', () => {
  test('the CSV parses back to the public partnerships, with e-mail only by consent', async () => {
    const res = await get('/partnerships.csv')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/csv/)
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"$/)
    const rows = parse(res.body, { columns: true, bom: true }) as Record<string, string>[]
    expect(rows.map((r) => r.id).sort()).toEqual(publicIds().sort())
    const hs = rows.find((r) => r.id === w.hamburgSaale.id)!
    expect(hs.unit_a_name).toBe('KV Hamburg-Mitte')
    expect(hs.coordinator_a_email).toBe(w.consenting.email)
    expect(hs.coordinator_b).toContain(w.private.lastName)
    expect(hs.coordinator_b_email).toBe('')
    expect(res.body).not.toContain(w.private.email)
    expect(res.body).not.toContain(w.consenting.id)
    expectNothingHidden(res.body)
  })

  test('the GeoJSON holds one LineString per public partnership between the anchor points', async () => {
    const res = await get('/partnerships.geojson')
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
    const fc = JSON.parse(res.body) as {
      type: string
      features: { id: string; geometry: { type: string; coordinates: number[][] } }[]
    }
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(4)
    const hs = fc.features.find((f) => f.id === w.hamburgSaale.id)!
    expect(hs.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [10.0, 53.55],
        [11.7455, 50.57449],
      ],
    })
    expectNothingHidden(res.body)
  })

  test('the JSON lists the public partnerships without member ids or private addresses', async () => {
    const res = await get('/partnerships.json?kind=project')
    const data = JSON.parse(res.body) as { partnerships: { id: string }[] }
    expect(data.partnerships.map((p) => p.id)).toEqual([w.steinfurtSeenplatte.id])
    const all = await get('/partnerships.json')
    const list = (JSON.parse(all.body) as { partnerships: { id: string; a: { coordinatorEmail: string } }[] })
      .partnerships
    expect(list).toHaveLength(4)
    expect(list.find((p) => p.id === w.hamburgSaale.id)!.a.coordinatorEmail).toBe(w.consenting.email)
    expect(all.body).not.toContain(w.private.email)
    expect(all.body).not.toContain(w.private.id)
    expectNothingHidden(all.body)
  })
})

describe('embeds', () => {
  test('the embedded map sets no cookie and may be framed only by the configured origins', async () => {
    const res = await get('/embed/map', {
      cookie: 'bs_session=whatever; bs_flash=success:common.flash.saved',
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(res.headers['content-security-policy']).toContain('frame-ancestors https://kv.example.org')
    expect(res.headers['x-frame-options']).toBeUndefined()
    expect(lineIds(res.body).sort()).toEqual(publicIds().sort())
    expect(res.body).not.toContain('class="site-header"')
    expect(res.body).toContain('target="_top"')
  })

  test('the embedded KV shows its public partners and a link to open it on the platform', async () => {
    const res = await get(`/embed/kv/${w.saaleOrla.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(res.headers['content-security-policy']).toContain('frame-ancestors https://kv.example.org')
    expect(res.body).toContain('KV Hamburg-Mitte')
    expect(res.body).toContain('OV Gerlingen')
    expect(res.body).toContain(
      `<a href="/units/${w.saaleOrla.id}" target="_top">Auf Brückenschlag öffnen</a>`,
    )
    expectNothingHidden(res.body)
  })

  test.each([
    ['a malformed id', () => 'not-a-uuid'],
    ['an unknown id', () => '00000000-0000-4000-8000-000000000000'],
    ['the id of a federation', () => w.federal.id],
  ])('%s on /embed/kv answers 404', async (_what, id) => {
    const res = await get(`/embed/kv/${id()}`)
    expect(res.statusCode).toBe(404)
    expect(res.headers['set-cookie']).toBeUndefined()
  })
})

describe('GET /directory', () => {
  test.each([
    ['a part of the name', 'saale'],
    ['a town in its Kreis', 'Gefell'],
    ['a postal code in its Kreis', '07926'],
  ])('finds a KV by %s and lists its public partners', async (_how, q) => {
    const res = await get(`/directory?q=${encodeURIComponent(q)}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`href="/units/${w.saaleOrla.id}"`)
    expect(res.body).toContain(`href="/units/${w.hamburgMitte.id}"`)
    expectNothingHidden(res.body)
  })

  test('a query that matches nothing says so', async () => {
    const res = await get('/directory?q=Atlantis')
    expect(res.body).toContain('Kein Kreisverband gefunden.')
  })
})

describe('the partnerships section of a unit page', () => {
  test('shows the public partners, story and coordinators, and an e-mail address only with consent', async () => {
    const res = await get(`/units/${w.saaleOrla.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('KV Hamburg-Mitte')
    expect(res.body).toContain('Haustürwahlkampf, Plakate und ein Festival.')
    expect(res.body).toContain(w.consenting.lastName)
    expect(res.body).toContain(`mailto:${w.consenting.email}`)
    expect(res.body).toContain(w.private.lastName)
    expect(res.body).not.toContain(w.private.email)
    expectNothingHidden(res.body)
  })
})

describe('a coordinator who has not accepted the role', () => {
  const noTraceOfTheName = (body: string) => {
    expect(body).not.toContain(w.unconfirmed.firstName)
    expect(body).not.toContain(w.unconfirmed.lastName)
    expect(body).not.toContain(w.unconfirmed.email)
  }

  test('is named in no public export, map, directory, embed or page; the page shows the role only', async () => {
    for (const url of [
      '/partnerships.csv',
      '/partnerships.json',
      '/partnerships.geojson',
      '/map',
      '/embed/map',
      `/directory?q=${encodeURIComponent('Saale-Orla')}`,
      `/units/${w.saaleOrla.id}`,
      `/units/${w.gerlingen.id}`,
      `/embed/kv/${w.saaleOrla.id}`,
      `/partnerships/${w.saaleGerlingen.id}`,
    ]) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(200)
      noTraceOfTheName(res.body)
    }
    const unitPage = await get(`/units/${w.gerlingen.id}`)
    expect(unitPage.body).toContain('Koordination benannt, Name noch nicht bestätigt')
    const rows = parse((await get('/partnerships.csv')).body, { columns: true, bom: true }) as Record<
      string,
      string
    >[]
    const row = rows.find((r) => r.id === w.saaleGerlingen.id)!
    expect(row.coordinator_b).toBe('')
    expect(row.coordinator_b_email).toBe('')
  })

  test("is shown by name to the boards that may name the side's coordinator", async () => {
    const board = await buildUser(t.database.db, { member: w.saaleOrla, roles: [['board', w.saaleOrla]] })
    const session = await sessionFor(t.database.db, board)
    const res = await get(`/partnerships/${w.saaleGerlingen.id}`, session.headers)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(w.unconfirmed.lastName)
    expect(res.body).not.toContain(w.unconfirmed.email)
  })
})

describe('GET /partnerships/unpartnered', () => {
  test('the federal office sees the KVs without an open partnership', async () => {
    const office = await buildUser(t.database.db, { roles: [['federal_office', w.federal]] })
    const session = await sessionFor(t.database.db, office)
    const res = await get('/partnerships/unpartnered?sort=population', session.headers)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`href="/units/${w.lonely.id}"`)
    expect(res.body).not.toContain(`href="/units/${w.saaleOrla.id}"`)
    // Bonn and Weimar only had a partnership that ended.
    expect(res.body).toContain(`href="/units/${w.bonn.id}"`)
  })

  test('a member may not see it and a visitor is asked to log in', async () => {
    const member = await buildUser(t.database.db, { member: w.saaleOrla, roles: [['board', w.saaleOrla]] })
    const session = await sessionFor(t.database.db, member)
    expect((await get('/partnerships/unpartnered', session.headers)).statusCode).toBe(403)
    expect((await get('/partnerships/unpartnered')).statusCode).toBe(303)
  })
})

describe('the page cache', () => {
  let own: TestApp
  beforeAll(async () => {
    own = await buildTestApp()
  })
  afterAll(() => own.close())

  test('a new partnership appears once the version is checked again or the registry invalidates the cache', async () => {
    const db = own.database.db
    const state = await buildKeyedState(db, '01')
    const [a, b, c] = [
      await buildMappedDistrict(db, state, { ags: '01001', lon: 9.42, lat: 54.78 }),
      await buildMappedDistrict(db, state, { ags: '01002', lon: 10.11, lat: 54.31 }),
      await buildMappedDistrict(db, state, { ags: '01003', lon: 10.7, lat: 53.87 }),
    ]
    const load = async () => lineIds((await own.app.inject({ method: 'GET', url: '/map' })).body).sort()
    expect(await load()).toEqual([])
    const p = await insertPartnershipRow(db, a!, b!)
    expect(await load()).toEqual([])
    own.clock.advance(10_000)
    expect(await load()).toEqual([p.id])
    const q = await insertPartnershipRow(db, a!, c!)
    invalidateMapCache()
    expect(await load()).toEqual([p.id, q.id].sort())
  })

  test('over a socket, a built page is answered in front of the framework: same bytes, same headers, never for a session, never stale', async () => {
    await own.app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = own.app.server.address() as AddressInfo
    const answeredInFront = vi.spyOn(own.app.frontCache, 'tryAnswer')
    const inFront = () => answeredInFront.mock.results.at(-1)?.value as boolean
    const fetchRaw = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path, headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          )
        })
          .on('error', reject)
          .end()
      })
    const withoutDate = (h: IncomingHttpHeaders) => {
      const { date: _date, connection: _c, 'keep-alive': _k, ...rest } = h
      return rest
    }
    const db = own.database.db
    const state = await buildKeyedState(db, '03')
    const a = await buildMappedDistrict(db, state, { ags: '03101', lon: 10.52, lat: 52.27 })
    const b = await buildMappedDistrict(db, state, { ags: '03102', lon: 10.4, lat: 52.15 })
    invalidateMapCache()

    const built = await fetchRaw('/map?state=03', { 'accept-encoding': 'gzip' })
    expect(inFront()).toBe(false)
    const served = await fetchRaw('/map?state=03', { 'accept-encoding': 'gzip' })
    expect(inFront()).toBe(true)
    expect(served.status).toBe(200)
    expect(served.body.equals(built.body)).toBe(true)
    expect(withoutDate(served.headers)).toEqual(withoutDate(built.headers))
    expect(served.headers['content-security-policy']).toContain("default-src 'self'")

    // The language and the encoding are part of the answer.
    const english = await fetchRaw('/map?state=03', { 'accept-language': 'en', cookie: 'bs_lang=en' })
    expect(inFront()).toBe(false)
    expect(english.body.toString('utf8')).toContain('lang="en"')
    expect((await fetchRaw('/map?state=03', { cookie: 'bs_lang=en' })).body.equals(english.body)).toBe(true)
    expect(inFront()).toBe(true)

    const revalidated = await fetchRaw('/map?state=03', {
      'accept-encoding': 'gzip',
      'if-none-match': String(built.headers.etag),
    })
    expect([revalidated.status, inFront(), revalidated.body.length]).toEqual([304, true, 0])

    // A session or a flash message goes through the application.
    const member = await buildUser(db, { member: a })
    const session = await sessionFor(db, member)
    const signedIn = await fetchRaw('/map?state=03', session.headers)
    expect(inFront()).toBe(false)
    expect(signedIn.body.toString('utf8')).toContain('action="/logout"')
    await fetchRaw('/map?state=03', { cookie: 'bs_flash=success:common.flash.saved' })
    expect(inFront()).toBe(false)

    // A write in this process is visible on the very next request.
    const p = await insertPartnershipRow(db, a, b)
    invalidateMapCache()
    const after = await fetchRaw('/map?state=03')
    expect(inFront()).toBe(false)
    expect(lineIds(after.body.toString('utf8'))).toEqual([p.id])
    // A write by another process is picked up once the version is checked again.
    const q = await insertPartnershipRow(db, a, (await buildMappedDistrict(db, state, { ags: '03103' }))!)
    await fetchRaw('/map?state=03')
    expect(inFront()).toBe(true)
    own.clock.advance(10_000)
    const later = await fetchRaw('/map?state=03')
    expect(inFront()).toBe(false)
    expect(lineIds(later.body.toString('utf8')).sort()).toEqual([p.id, q.id].sort())

    // A search is never answered in front with the plain map, however warm the cache is.
    await fetchRaw('/map?state=03&q=Braunschweig')
    const searched = await fetchRaw('/map?state=03&q=Braunschweig')
    expect(inFront()).toBe(false)
    expect(searched.body.toString('utf8')).toContain('Ergebnisse für „Braunschweig“')

    // Other methods and paths are never answered in front.
    await fetchRaw('/map/?state=03')
    expect(inFront()).toBe(false)
  })
})
