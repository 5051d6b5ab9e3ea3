import { type IncomingHttpHeaders, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildEvent,
  buildFederation,
  buildKeyedState,
  buildLocalGroup,
  buildMappedDistrict,
  buildUser,
  sessionFor,
} from '../../../test/support/factories.js'
import type { OrgUnit } from '../org-units/index.js'
import { invalidatePublicCalendar } from './index.js'
import type { Event } from './tables.js'

// The test clock stands at 2026-11-21 10:00 UTC (11:00 in Berlin).
let t: TestApp
const w = {} as {
  th: OrgUnit
  hh: OrgUnit
  saaleOrla: OrgUnit
  weimar: OrgUnit
  hamburg: OrgUnit
  gefellGroup: OrgUnit
  stammtisch: Event
  infostand: Event
  familyFest: Event
  online: Event
  cancelled: Event
  hamburgEvent: Event
  weimarDecember: Event
}

const at = (iso: string) => new Date(iso)
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers })

/** The titles of the events a calendar page lists, in order. */
function titles(body: string) {
  return [...body.matchAll(/<a href="\/events\/[^"]+"[^>]*>(?:<s>)?([^<]+)/g)].map((m) => m[1]!.trim())
}

function parseCalendar(body: string) {
  const cal = new ICAL.Component(ICAL.parse(body))
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  return cal
}

beforeAll(async () => {
  t = await buildTestApp({ env: { EMBED_ORIGINS: 'https://kv.example.org' } })
  const db = t.database.db
  const federal = await buildFederation(db)
  w.th = await buildKeyedState(db, '16', federal)
  w.hh = await buildKeyedState(db, '02', federal)
  w.saaleOrla = await buildMappedDistrict(db, w.th, {
    name: 'KV Saale-Orla',
    ags: '16075',
    lon: 11.7455,
    lat: 50.57449,
  })
  w.weimar = await buildMappedDistrict(db, w.th, { name: 'KV Weimar', ags: '16055', lon: 11.33, lat: 50.98 })
  w.hamburg = await buildMappedDistrict(db, w.hh, { name: 'KV Hamburg-Mitte', lon: 10.0, lat: 53.55 })
  w.gefellGroup = await buildLocalGroup(db, w.saaleOrla)
  const inclusion = (p: Record<string, unknown>) => ({
    stepFree: false,
    accessibleToilet: false,
    childcare: null,
    childFriendly: { nursingSpace: false, changingTable: false },
    quietRoom: false,
    signLanguageOnRequest: false,
    captionsOnRequest: false,
    onlineParticipation: false,
    languages: ['Deutsch'],
    ...p,
  })
  w.stammtisch = await buildEvent(db, [w.saaleOrla], {
    title: 'Stammtisch Schleiz',
    type: 'stammtisch',
    address: 'Markt 1, 07907 Schleiz',
    startsAt: at('2026-11-24T18:00:00Z'),
    endsAt: at('2026-11-24T20:00:00Z'),
    inclusion: inclusion({ stepFree: true, quietRoom: true }),
  })
  w.infostand = await buildEvent(db, [w.gefellGroup], {
    title: 'Infostand Gefell',
    type: 'infostand',
    address: 'Marktplatz, 07926 Gefell',
    startsAt: at('2026-11-28T09:00:00Z'),
    endsAt: at('2026-11-28T12:00:00Z'),
  })
  w.familyFest = await buildEvent(db, [w.weimar], {
    title: 'Familienfest Weimar',
    type: 'fest',
    address: 'Theaterplatz, 99423 Weimar',
    startsAt: at('2026-12-05T13:00:00Z'),
    endsAt: at('2026-12-05T17:00:00Z'),
    inclusion: inclusion({
      childcare: { minAge: 2, maxAge: 10, signUpBy: null },
      signLanguageOnRequest: true,
    }),
  })
  w.online = await buildEvent(db, [w.weimar], {
    title: 'Online-Workshop Kommunalpolitik',
    type: 'online',
    startsAt: at('2026-12-08T18:00:00Z'),
    endsAt: at('2026-12-08T19:30:00Z'),
  })
  w.cancelled = await buildEvent(db, [w.saaleOrla], {
    title: 'Abgesagte Wanderung',
    type: 'aktionstag',
    status: 'cancelled',
    startsAt: at('2026-12-12T09:00:00Z'),
    endsAt: at('2026-12-12T15:00:00Z'),
  })
  w.weimarDecember = await buildEvent(db, [w.weimar], {
    title: 'Podium zur Landtagswahl',
    type: 'podium',
    address: 'Marktstraße 3, 99423 Weimar',
    startsAt: at('2026-12-31T17:00:00Z'),
    endsAt: at('2026-12-31T19:00:00Z'),
  })
  w.hamburgEvent = await buildEvent(db, [w.hamburg], {
    title: 'Hamburger Stammtisch',
    type: 'stammtisch',
    address: 'Rathausmarkt 1, 20095 Hamburg',
    startsAt: at('2026-11-25T18:00:00Z'),
    endsAt: at('2026-11-25T20:00:00Z'),
  })
  // Never shown: members only, a draft, and one that is over.
  await buildEvent(db, [w.saaleOrla], { title: 'Nur für Mitglieder', audience: 'own_members' })
  await buildEvent(db, [w.saaleOrla], { title: 'Ein Entwurf', status: 'draft' })
  await buildEvent(db, [w.saaleOrla], {
    title: 'Schon vorbei',
    startsAt: at('2026-11-20T18:00:00Z'),
    endsAt: at('2026-11-20T20:00:00Z'),
  })
  invalidatePublicCalendar()
})
afterAll(() => t.close())

describe('the public calendar as a list', () => {
  test('shows the whole party’s upcoming public events by day, without login, and nothing that is not public', async () => {
    const res = await get('/termine')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1>Termine der ganzen Partei</h1>')
    expect(titles(res.body)).toEqual([
      'Stammtisch Schleiz',
      'Hamburger Stammtisch',
      'Infostand Gefell',
      'Familienfest Weimar',
      'Online-Workshop Kommunalpolitik',
      'Abgesagte Wanderung',
      'Podium zur Landtagswahl',
    ])
    expect(res.body).toContain('<h2 id="tag-2026-11-24">Dienstag, 24. November 2026</h2>')
    expect(res.body).toMatch(/Aktionstag · abgesagt/)
    for (const hidden of ['Nur für Mitglieder', 'Ein Entwurf', 'Schon vorbei'])
      expect(res.body).not.toContain(hidden)
  })

  test.each([
    [
      'a state, by its key',
      '/termine?land=16',
      [
        'Stammtisch Schleiz',
        'Infostand Gefell',
        'Familienfest Weimar',
        'Online-Workshop Kommunalpolitik',
        'Abgesagte Wanderung',
      ],
    ],
    [
      'a KV with its local groups, by id',
      () => `/termine?kv=${w.saaleOrla.id}`,
      ['Stammtisch Schleiz', 'Infostand Gefell', 'Abgesagte Wanderung'],
    ],
    ['a type', '/termine?art=stammtisch', ['Stammtisch Schleiz', 'Hamburger Stammtisch']],
    [
      'dates',
      '/termine?von=2026-11-28&bis=2026-12-08',
      ['Infostand Gefell', 'Familienfest Weimar', 'Online-Workshop Kommunalpolitik'],
    ],
    ['childcare', '/termine?kinderbetreuung=ja', ['Familienfest Weimar']],
    ['step-free access', '/termine?stufenlos=ja', ['Stammtisch Schleiz']],
    ['online participation', '/termine?online=ja', ['Online-Workshop Kommunalpolitik']],
    ['sign language', '/termine?gebaerdensprache=ja', ['Familienfest Weimar']],
    ['a quiet room', '/termine?ruheraum=ja', ['Stammtisch Schleiz']],
    ['two needs at once', '/termine?stufenlos=ja&ruheraum=ja&kinderbetreuung=ja', []],
  ])('narrows to %s', async (_what, url, expected) => {
    const res = await get(typeof url === 'function' ? url() : url)
    expect(res.statusCode).toBe(200)
    const listed = titles(res.body)
    for (const title of expected) expect(listed).toContain(title)
    const all = [
      'Stammtisch Schleiz',
      'Hamburger Stammtisch',
      'Infostand Gefell',
      'Familienfest Weimar',
      'Online-Workshop Kommunalpolitik',
      'Abgesagte Wanderung',
    ]
    for (const title of all.filter((x) => !expected.includes(x))) expect(listed).not.toContain(title)
    if (expected.length === 0)
      expect(res.body).toContain('Für diese Auswahl gibt es keine öffentlichen Termine.')
  })

  test('a postal code with a radius finds events by the postal code of their address, else by the host’s place, and says how far', async () => {
    const res = await get('/termine?plz=07926&km=25')
    expect(res.statusCode).toBe(200)
    // Schleiz is about 20 km from Gefell, the cancelled walk has no address and takes Saale-Orla's anchor; Weimar is farther.
    expect(titles(res.body)).toEqual(['Stammtisch Schleiz', 'Infostand Gefell', 'Abgesagte Wanderung'])
    expect(res.body).toMatch(/etwa \d+ km entfernt/)
    const wide = titles((await get('/termine?plz=07926&km=100')).body)
    expect(wide).toContain('Familienfest Weimar')
    expect(wide).not.toContain('Hamburger Stammtisch')
    // An event held only online has no place and drops out of a search by distance.
    expect(wide).not.toContain('Online-Workshop Kommunalpolitik')
  })

  test.each([
    ['an unknown postal code', '/termine?plz=00000', 'Diese Postleitzahl kennen wir nicht.'],
    [
      'a postal code that is not five digits',
      '/termine?plz=0792',
      'Bitte eine Postleitzahl mit fünf Ziffern angeben.',
    ],
    ['a day that does not exist', '/termine?von=2026-02-31', 'f-von'],
    ['an end before the start', '/termine?von=2026-12-10&bis=2026-12-01', 'Das Ende liegt vor dem Anfang.'],
    [
      'a month that does not exist',
      '/termine?ansicht=monat&monat=2026-13',
      'Bitte einen Monat wie 2026-12 angeben.',
    ],
    ['a repeated postal code', '/termine?plz=07926&plz=99423', 'f-plz'],
  ])('%s answers 422 with the form and the error beside the field', async (_what, url, text) => {
    const res = await get(url)
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('class="error-summary"')
    expect(res.body).toContain(text)
  })

  test('choices that are not offered fall back to their defaults; an unknown region is 404', async () => {
    const res = await get('/termine?art=karaoke&km=7&ansicht=jahr&stufenlos=vielleicht')
    expect(res.statusCode).toBe(200)
    expect(titles(res.body)).toContain('Hamburger Stammtisch')
    expect((await get('/termine?land=99')).statusCode).toBe(404)
    expect((await get(`/termine?kv=${w.th.id}`)).statusCode).toBe(404)
    expect((await get('/termine.ics?land=99')).statusCode).toBe(404)
  })

  test('the form keeps the choices, the region of a KV names it and leads to its state', async () => {
    const res = await get(`/termine?kv=${w.saaleOrla.id}&art=stammtisch&plz=07907&km=50&stufenlos=ja`)
    expect(res.body).toContain('<h1>Termine: KV Saale-Orla</h1>')
    expect(res.body).toContain('Nur KV Saale-Orla.')
    expect(res.body).toContain(
      `href="/termine?land=${w.th.id}&amp;art=stammtisch&amp;plz=07907&amp;km=50&amp;stufenlos=ja"`,
    )
    expect(res.body).toMatch(/<option value="stammtisch" selected/)
    expect(res.body).toMatch(/<option value="50" selected/)
    expect(res.body).toMatch(/name="stufenlos" value="ja" checked/)
    expect(res.body).toContain('value="07907"')
  })
})

describe('the month view', () => {
  test('lays the month out in weeks from Monday, each event on its Berlin day, with the months around it', async () => {
    const res = await get('/termine?land=16&ansicht=monat&monat=2026-12')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<caption>Termine im Dezember 2026</caption>')
    // 1 December 2026 is a Tuesday: one blank cell before it.
    const firstRow = res.body.match(/<tbody><tr>(.*?)<\/tr>/)![1]!
    expect(firstRow.startsWith('<td class="month-grid__blank"></td><td>')).toBe(true)
    const cellOf = (title: string) => res.body.split('<td').find((c) => c.includes(title))
    expect(cellOf('Familienfest Weimar')).toContain('Samstag, 5. Dezember 2026')
    expect(cellOf('Familienfest Weimar')).toContain('14:00 Familienfest Weimar')
    // 17:00 UTC on New Year’s Eve is 18:00 in Berlin, still the 31st.
    expect(cellOf('Podium zur Landtagswahl')).toContain('Donnerstag, 31. Dezember 2026')
    expect(cellOf('Abgesagte Wanderung')).toContain('<s>Abgesagte Wanderung (abgesagt)</s>')
    expect(res.body).not.toContain('Infostand Gefell')
    expect(res.body).toContain('href="/termine?land=16&amp;ansicht=monat&amp;monat=2026-11"')
    expect(res.body).toContain('href="/termine?land=16&amp;ansicht=monat&amp;monat=2027-01"')
  })

  test('without a month it shows the current one, today marked', async () => {
    const res = await get('/termine?ansicht=monat')
    expect(res.body).toContain('<caption>Termine im November 2026</caption>')
    expect(res.body).toContain('class="month-grid__today"')
    expect(res.body).toContain('Infostand Gefell')
  })
})

describe('the iCal feed of every choice', () => {
  test('the page links to the feed of its own filters, as a subscription and a file', async () => {
    const res = await get('/termine?land=16&kinderbetreuung=ja&ansicht=monat&monat=2026-12')
    expect(res.body).toContain('href="/termine.ics?land=16&amp;kinderbetreuung=ja"')
    expect(res.body).toContain('href="webcal://localhost:3000/termine.ics?land=16&amp;kinderbetreuung=ja"')
  })

  test('holds exactly the chosen events, cancelled ones marked, and installs in a calendar program', async () => {
    const res = await get(`/termine.ics?kv=${w.saaleOrla.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(res.headers['content-disposition']).toBe('inline; filename="termine.ics"')
    const cal = parseCalendar(res.body)
    expect(cal.getFirstPropertyValue('version')).toBe('2.0')
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH')
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Termine: KV Saale-Orla')
    const events = cal.getAllSubcomponents('vevent').map((v) => ({
      summary: new ICAL.Event(v).summary,
      status: v.getFirstPropertyValue('status'),
      start: new ICAL.Event(v).startDate,
    }))
    // 90 days back: the event that is over is in the feed, so calendars keep it.
    expect(events.map((e) => e.summary)).toEqual([
      'Schon vorbei',
      'Stammtisch Schleiz',
      'Infostand Gefell',
      'Abgesagte Wanderung',
    ])
    expect(events.find((e) => e.summary === 'Abgesagte Wanderung')!.status).toBe('CANCELLED')
    const stammtisch = events.find((e) => e.summary === 'Stammtisch Schleiz')!
    expect([stammtisch.start.hour, stammtisch.start.zone?.tzid]).toEqual([19, 'Europe/Berlin'])
    expect(stammtisch.start.toJSDate().toISOString()).toBe('2026-11-24T18:00:00.000Z')
  })

  test.each([
    ['/termine.ics?art=stammtisch', ['Stammtisch Schleiz', 'Hamburger Stammtisch']],
    ['/termine.ics?plz=07926&km=10', ['Infostand Gefell']],
    ['/termine.ics?gebaerdensprache=ja', ['Familienfest Weimar']],
    ['/termine.ics?land=02', ['Hamburger Stammtisch']],
  ])('%s has its filters', async (url, expected) => {
    const res = await get(url)
    expect(res.statusCode).toBe(200)
    const summaries = parseCalendar(res.body)
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v).summary)
      .filter((s) => s !== 'Schon vorbei')
    expect(summaries).toEqual(expected)
  })

  test('a postal code it cannot use is 422, not an empty calendar', async () => {
    expect((await get('/termine.ics?plz=00000')).statusCode).toBe(422)
    expect((await get('/termine.ics?plz=abc')).statusCode).toBe(422)
  })
})

describe('the embedded event lists', () => {
  test.each([
    [
      'a KV',
      () => `/embed/kv/${w.saaleOrla.id}/events`,
      ['Stammtisch Schleiz', 'Infostand Gefell', 'Abgesagte Wanderung'],
    ],
    ['a state', () => `/embed/state/${w.th.id}/events?anzahl=2`, ['Stammtisch Schleiz', 'Infostand Gefell']],
  ])(
    'of %s set no cookie, may be framed only by the allowed origins and open events on the platform',
    async (_what, url, expected) => {
      const res = await get(url(), { cookie: 'bs_session=whatever; bs_flash=success:common.flash.saved' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['set-cookie']).toBeUndefined()
      expect(res.headers['content-security-policy']).toContain('frame-ancestors https://kv.example.org')
      expect(res.headers['x-frame-options']).toBeUndefined()
      expect(titles(res.body)).toEqual(expected)
      expect(res.body).not.toContain('class="site-header"')
      expect(res.body).toContain(`<a href="/events/${w.stammtisch.id}" target="_top">`)
      expect(res.body).toMatch(
        /<a href="\/termine\?(kv|land)=[^"]+" target="_top">Alle Termine auf Brückenschlag<\/a>/,
      )
    },
  )

  test('the calendar page itself may not be framed', async () => {
    const res = await get('/termine')
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  })

  test.each([
    ['a malformed id', '/embed/kv/not-a-uuid/events'],
    ['an unknown id', '/embed/kv/00000000-0000-4000-8000-000000000000/events'],
    ['a state on the KV path', () => `/embed/kv/${w.th.id}/events`],
    ['a KV on the state path', () => `/embed/state/${w.saaleOrla.id}/events`],
  ])('%s is 404', async (_what, url) => {
    const res = await get(typeof url === 'function' ? url() : url)
    expect(res.statusCode).toBe(404)
    expect(res.headers['set-cookie']).toBeUndefined()
  })
})

describe('the way to the calendar', () => {
  test('the home page and every KV page link to it', async () => {
    const home = await get('/')
    expect(home.body).toContain('<a href="/termine">Öffentliche Termine in deiner Nähe</a>')
    expect(home.body).toContain('<a href="/termine">Termine</a>')
    const kv = await get(`/units/${w.saaleOrla.id}`)
    expect(kv.body).toContain(`href="/termine?kv=${w.saaleOrla.id}"`)
    const empty = await buildMappedDistrict(t.database.db, w.th, { name: 'KV ohne Termine' })
    expect((await get(`/units/${empty.id}`)).body).toContain(`href="/termine?kv=${empty.id}"`)
  })
})

describe('served from the cache', () => {
  test('an organiser’s new event is on the anonymous calendar at once; the front cache answers the same bytes and never a session', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = t.app.server.address() as AddressInfo
    const answeredInFront = vi.spyOn(t.app.frontCache, 'tryAnswer')
    const inFront = () => answeredInFront.mock.results.at(-1)?.value as boolean
    const fetchRaw = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path, headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          )
        })
          .on('error', reject)
          .end()
      })
    const withoutDate = (h: IncomingHttpHeaders) => {
      const { date: _date, connection: _c, 'keep-alive': _k, ...rest } = h
      return rest
    }
    const paths = [
      '/termine?land=16&km=50',
      '/termine.ics?land=16&km=50',
      `/embed/kv/${w.saaleOrla.id}/events?anzahl=20`,
    ]
    invalidatePublicCalendar()
    for (const path of paths) {
      const built = await fetchRaw(path)
      expect([built.status, inFront()], path).toEqual([200, false])
      const served = await fetchRaw(path)
      expect([served.status, inFront()], path).toEqual([200, true])
      expect(served.body).toBe(built.body)
      expect(withoutDate(served.headers)).toEqual(withoutDate(built.headers))
    }

    const coordinator = await buildUser(t.database.db, { roles: [['coordinator', w.saaleOrla]] })
    const session = await sessionFor(t.database.db, coordinator)
    const signedIn = await fetchRaw(paths[0]!, session.headers)
    expect(inFront()).toBe(false)
    expect(signedIn.body).toContain('action="/logout"')

    const body = new URLSearchParams({
      _csrf: session.csrf,
      hostUnitIds: w.saaleOrla.id,
      type: 'infostand',
      title: 'Neuer Infostand in Pößneck',
      day: '2026-11-30',
      startTime: '10:00',
      endTime: '12:00',
      address: 'Markt, 07381 Pößneck',
      audience: 'public',
      publish: 'on',
    })
    const created = await t.app.inject({
      method: 'POST',
      url: '/events',
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    })
    expect(created.statusCode).toBe(303)
    for (const path of paths) {
      const after = await fetchRaw(path)
      expect(inFront(), path).toBe(false)
      expect(after.body, path).toContain('Neuer Infostand in Pößneck')
    }
  })
})
