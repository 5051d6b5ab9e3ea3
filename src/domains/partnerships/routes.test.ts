import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildFederation,
  buildPartnership,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { partnershipReports, partnerships } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

/** The path of the one link of the platform in a mail's text. */
function linkIn(text: string) {
  const links = [...text.matchAll(new RegExp(`${t.app.config.http.publicUrl}(/\\S*)`, 'g'))]
    .map((m) => m[1]!)
    .filter((path) => path !== '/partnerships/report')
  expect(links).toHaveLength(1)
  return links[0]!
}

function post(url: string, s: Session, fields: Record<string, string>, remoteAddress?: string) {
  return t.app.inject({
    method: 'POST',
    url,
    ...form({ _csrf: s.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: s.cookie },
    ...(remoteAddress ? { remoteAddress } : {}),
  })
}

describe('proposing on the pages', () => {
  test('the board of A proposes through the form, the board of B accepts, C gets 404', async () => {
    const state = await buildState(db())
    const a = await buildDistrict(db(), state)
    const b = await buildDistrict(db(), state, `Saale-Test ${Date.now()}`)
    const c = await buildDistrict(db(), state)
    const boardA = await sessionFor(db(), await buildUser(db(), { roles: [['board', a]] }))
    const boardB = await sessionFor(db(), await buildUser(db(), { roles: [['board', b]] }))
    const boardC = await sessionFor(db(), await buildUser(db(), { roles: [['board', c]] }))

    const search = await t.app.inject({
      url: `/partnerships/new?q=${encodeURIComponent(b.name)}`,
      headers: boardA.headers,
    })
    expect(search.statusCode).toBe(200)
    expect(search.body).toContain(`value="${b.id}"`)

    const res = await post('/partnerships', boardA, {
      unitAId: a.id,
      unitBId: b.id,
      kind: 'friendship',
      tags: 'east_west',
    })
    expect(res.statusCode).toBe(303)
    const id = res.headers.location!.split('/').pop()!

    const hidden = await t.app.inject({ url: `/partnerships/${id}`, headers: boardC.headers })
    expect(hidden.statusCode).toBe(404)
    expect(hidden.body).not.toContain(b.name)
    const listC = await t.app.inject({ url: '/partnerships', headers: boardC.headers })
    expect(listC.body).not.toContain(id)
    const anonymous = await t.app.inject({ url: `/partnerships/${id}` })
    expect(anonymous.statusCode).toBe(404)

    const pageB = await t.app.inject({ url: `/partnerships/${id}`, headers: boardB.headers })
    expect(pageB.body).toContain(`/partnerships/${id}/accept`)
    const accept = await post(`/partnerships/${id}/accept`, boardB, {})
    expect(accept.statusCode).toBe(303)
    const [row] = await db().select().from(partnerships).where(eq(partnerships.id, id))
    expect(row?.status).toBe('agreed')
    expect((await t.app.inject({ url: `/partnerships/${id}` })).statusCode).toBe(200)
  })

  test('a plain member of A is refused', async () => {
    const a = await buildDistrict(db())
    const b = await buildDistrict(db())
    const member = await sessionFor(db(), await buildUser(db(), { member: a, roles: [['member', a]] }))
    const res = await post('/partnerships', member, { unitAId: a.id, unitBId: b.id, kind: 'partnership' })
    expect(res.statusCode).toBe(403)
    expect(await db().select().from(partnerships).where(eq(partnerships.unitAId, a.id))).toHaveLength(0)
  })

  test('a partnership with itself or an unknown unit comes back with 422 and the error at the field', async () => {
    const a = await buildDistrict(db())
    const boardA = await sessionFor(db(), await buildUser(db(), { roles: [['board', a]] }))
    const self = await post('/partnerships', boardA, { unitAId: a.id, unitBId: a.id, kind: 'partnership' })
    expect(self.statusCode).toBe(422)
    expect(self.body).toContain('id="f-unitBId-error"')
    expect(self.body).toContain('mit sich selbst')
    const unknown = await post('/partnerships', boardA, {
      unitAId: a.id,
      unitBId: '00000000-0000-4000-8000-000000000001',
      kind: 'partnership',
    })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.body).toContain('Diesen Verband gibt es nicht.')
    const empty = await post('/partnerships', boardA, { unitAId: a.id, unitBId: '', kind: 'partnership' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('id="f-unitBId-error"')
  })

  test('a second open partnership for the same pair comes back with 422', async () => {
    const { unitA, unitB, boardA } = await buildPartnership(db(), { status: 'active' })
    const s = await sessionFor(db(), boardA)
    const res = await post('/partnerships', s, {
      unitAId: unitB.id === unitA.id ? '' : unitA.id,
      unitBId: unitB.id,
      kind: 'partnership',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('bereits eine offene Partnerschaft')
  })

  test('tampered and foreign ids answer 404', async () => {
    const { partnership, boardA } = await buildPartnership(db(), { status: 'proposed' })
    const other = await buildPartnership(db(), { status: 'proposed' })
    const s = await sessionFor(db(), boardA)
    expect((await t.app.inject({ url: '/partnerships/not-a-uuid', headers: s.headers })).statusCode).toBe(404)
    expect(
      (await t.app.inject({ url: `/partnerships/${other.partnership.id}`, headers: s.headers })).statusCode,
    ).toBe(404)
    expect((await post(`/partnerships/${other.partnership.id}/accept`, s, {})).statusCode).toBe(404)
    expect(
      (await post(`/partnerships/${partnership.id}/twin-towns/not-a-uuid/delete`, s, {})).statusCode,
    ).toBe(404)
  })

  test('declining needs a reason, which the proposing board reads as such in the history', async () => {
    const { partnership, boardA, boardB, unitA } = await buildPartnership(db(), { status: 'proposed' })
    const s = await sessionFor(db(), boardB)
    const form = await t.app.inject({ url: `/partnerships/${partnership.id}`, headers: s.headers })
    expect(form.body).toContain(
      `Der Vorstand von ${unitA.name} liest eure Begründung im Verlauf dieser Partnerschaft.`,
    )
    const res = await post(`/partnerships/${partnership.id}/decline`, s, { reason: '' })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('id="f-reason-error"')
    const ok = await post(`/partnerships/${partnership.id}/decline`, s, { reason: 'Passt gerade nicht.' })
    expect(ok.statusCode).toBe(303)
    const proposer = await sessionFor(db(), boardA)
    const page = await t.app.inject({ url: `/partnerships/${partnership.id}`, headers: proposer.headers })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Begründung der Ablehnung: Passt gerade nicht.')
  })
})

describe('reporting a missing partnership', () => {
  test('a report is stored, accepted by the federal office into a partnership, and the reporter is told', async () => {
    const federal = await buildFederation(db())
    const state = await buildState(db(), federal)
    const a = await buildDistrict(db(), state)
    const b = await buildDistrict(db(), state)
    const v = anonymousVisitor()
    const email = `reporter-${Date.now()}@example.org`
    const sent = await post(
      '/partnerships/report',
      v,
      {
        reporterName: 'Sonja',
        reporterEmail: email,
        unitAText: a.name,
        unitAId: a.id,
        unitBText: b.name,
        unitBId: '',
        message: 'Wir sind seit 2019 Partner.',
        website: '',
      },
      '198.51.100.1',
    )
    expect(sent.statusCode).toBe(303)
    const [report] = await db()
      .select()
      .from(partnershipReports)
      .where(eq(partnershipReports.reporterEmail, email))
    expect(report?.status).toBe('pending')
    expect(report?.unitAId).toBe(a.id)

    const office = await sessionFor(db(), await buildUser(db(), { roles: [['federal_office', federal]] }))
    const queue = await t.app.inject({ url: '/partnerships/reports', headers: office.headers })
    expect(queue.body).toContain(`/partnerships/reports/${report!.id}`)
    const accepted = await post(`/partnerships/reports/${report!.id}/accept`, office, {
      unitAId: a.id,
      unitBId: b.id,
      status: 'active',
      kind: 'partnership',
      startedOn: '2019-05-01',
      isPublic: 'on',
    })
    expect(accepted.statusCode).toBe(303)
    const [decided] = await db()
      .select()
      .from(partnershipReports)
      .where(eq(partnershipReports.id, report!.id))
    expect(decided?.status).toBe('accepted')
    const [created] = await db()
      .select()
      .from(partnerships)
      .where(eq(partnerships.id, decided!.partnershipId!))
    expect([created?.unitAId, created?.unitBId, created?.status]).toEqual([a.id, b.id, 'active'])
    const mail = (await t.outbox()).find((m) => m.to === email)
    expect(mail?.subject).toContain('übernommen')
    expect(mail?.text).toContain(`${t.app.config.http.publicUrl}/partnerships/${created!.id}`)
    // The reporter has no account: the link opens for a visitor.
    const followed = await t.app.inject({ url: linkIn(mail!.text) })
    expect(followed.statusCode).toBe(200)
    expect(followed.body).toContain(a.name)
  })

  test('a partnership accepted as not public: the mail links no page that answers 404, but the list its boards open', async () => {
    const federal = await buildFederation(db())
    const state = await buildState(db(), federal)
    const a = await buildDistrict(db(), state)
    const b = await buildDistrict(db(), state)
    const email = `private-${Date.now()}@example.org`
    await post(
      '/partnerships/report',
      anonymousVisitor(),
      {
        reporterName: 'Kai',
        reporterEmail: email,
        unitAText: a.name,
        unitAId: a.id,
        unitBText: b.name,
        unitBId: b.id,
        message: 'Wir arbeiten seit 2021 zusammen, wollen aber nicht auf die Karte.',
        website: '',
      },
      '198.51.100.3',
    )
    const [report] = await db()
      .select()
      .from(partnershipReports)
      .where(eq(partnershipReports.reporterEmail, email))
    const office = await sessionFor(db(), await buildUser(db(), { roles: [['federal_office', federal]] }))
    const accepted = await post(`/partnerships/reports/${report!.id}/accept`, office, {
      unitAId: a.id,
      unitBId: b.id,
      status: 'active',
      kind: 'partnership',
    })
    expect(accepted.statusCode).toBe(303)
    const [decided] = await db()
      .select()
      .from(partnershipReports)
      .where(eq(partnershipReports.id, report!.id))
    const id = decided!.partnershipId!
    expect((await t.app.inject({ url: `/partnerships/${id}` })).statusCode).toBe(404)

    const mail = (await t.outbox()).find((m) => m.to === email)
    expect(mail?.subject).toBe('Deine Meldung zur KV-Partnerschaft wurde übernommen')
    expect(mail?.text).not.toContain(`/partnerships/${id}`)
    expect(mail?.text).toContain('Die Partnerschaft wird nicht öffentlich gezeigt.')
    expect(mail?.text).toContain(`Die Vorstände von ${a.name} und ${b.name} finden sie nach der Anmeldung`)
    // Followed by a board of either side, signed in, the link leads to the partnership.
    const board = await sessionFor(db(), await buildUser(db(), { roles: [['board', b]] }))
    const list = await t.app.inject({ url: linkIn(mail!.text), headers: board.headers })
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(`href="/partnerships/${id}"`)
    expect((await t.app.inject({ url: `/partnerships/${id}`, headers: board.headers })).statusCode).toBe(200)
  })

  test('a rejection needs a reason, which the reporter receives', async () => {
    const federal = await buildFederation(db())
    const email = `reject-${Date.now()}@example.org`
    await post(
      '/partnerships/report',
      anonymousVisitor(),
      { reporterName: 'R', reporterEmail: email, unitAText: 'KV X', unitBText: 'KV Y', message: 'Fehlt.' },
      '198.51.100.2',
    )
    const [report] = await db()
      .select()
      .from(partnershipReports)
      .where(eq(partnershipReports.reporterEmail, email))
    const office = await sessionFor(db(), await buildUser(db(), { roles: [['federal_office', federal]] }))
    const noReason = await post(`/partnerships/reports/${report!.id}/reject`, office, { reason: ' ' })
    expect(noReason.statusCode).toBe(422)
    const ok = await post(`/partnerships/reports/${report!.id}/reject`, office, {
      reason: 'Diese KVs gibt es nicht.',
    })
    expect(ok.statusCode).toBe(303)
    const mail = (await t.outbox()).find((m) => m.to === email)
    expect(mail?.text).toContain('Diese KVs gibt es nicht.')
  })

  test('a filled honeypot pretends success and stores nothing', async () => {
    const email = `bot-${Date.now()}@example.org`
    const res = await post(
      '/partnerships/report',
      anonymousVisitor(),
      {
        reporterName: 'Bot',
        reporterEmail: email,
        unitAText: 'A',
        unitBText: 'B',
        message: 'spam',
        website: 'http://spam',
      },
      '198.51.100.3',
    )
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/partnerships/report/thanks')
    expect(
      await db().select().from(partnershipReports).where(eq(partnershipReports.reporterEmail, email)),
    ).toHaveLength(0)
  })

  test('the form hides the honeypot with a class, not as a hidden input, and reports are rate-limited', async () => {
    const page = await t.app.inject({ url: '/partnerships/report' })
    expect(page.body).toMatch(/class="hp-field"[^>]*>[\s\S]*?name="website" type="text"/)
    const codes: number[] = []
    for (let i = 0; i < 6; i++) {
      const res = await post(
        '/partnerships/report',
        anonymousVisitor(),
        { reporterName: '' },
        '198.51.100.99',
      )
      codes.push(res.statusCode)
    }
    expect(codes).toEqual([422, 422, 422, 422, 422, 429])
  })

  test('the moderation queue is for the federal office only', async () => {
    const a = await buildDistrict(db())
    const board = await sessionFor(db(), await buildUser(db(), { roles: [['board', a]] }))
    expect((await t.app.inject({ url: '/partnerships/reports', headers: board.headers })).statusCode).toBe(
      403,
    )
  })
})

describe('the KV search of the report form', () => {
  test('a search term with a control character is no search, not a failure', async () => {
    for (const q of ['%00', 'a%00b', '%1F', 'Saale%0Aorla']) {
      const res = await t.app.inject({ url: `/partnerships/report?qa=${q}&qb=${q}` })
      expect(res.statusCode, q).toBe(200)
    }
    const found = await t.app.inject({ url: '/partnerships/report?qa=zz-nothing-zz' })
    expect(found.statusCode).toBe(200)
  })
})

describe('"Partnerschaft melden" wherever partnerships are shown', () => {
  test('the map, the directory, a KV page and a public partnership page link to the form, which starts with what the page is about', async () => {
    const p = await buildPartnership(db(), { status: 'active', isPublic: true })
    const hidden = await buildPartnership(db(), { status: 'active', isPublic: false })
    const get = (url: string) => t.app.inject({ url })
    const map = (await get('/map')).body
    expect(map).toContain('href="/partnerships/report"')
    // Every page has a meta description: its own where it has one, else its title and the tagline.
    expect(map).toContain(
      '<meta name="description" content="Kreisverbände, die sich gegenseitig unterstützen.',
    )
    expect((await get('/partnerships/report')).body).toContain(
      '<meta name="description" content="Partnerschaft fehlt oder hat sich geändert? · Brückenschlag: Partnerschaften zwischen Kreisverbänden und eine Partei zum Mitmachen"',
    )
    expect((await get('/directory')).body).toContain('href="/partnerships/report"')
    expect((await get(`/units/${p.unitA.id}`)).body).toContain(
      `href="/partnerships/report?unit=${p.unitA.id}"`,
    )
    const page = (await get(`/partnerships/${p.partnership.id}`)).body
    expect(page).toContain(`href="/partnerships/report?partnership=${p.partnership.id}"`)

    const fromPartnership = (await get(`/partnerships/report?partnership=${p.partnership.id}`)).body
    expect(fromPartnership).toContain(`name="partnershipId" value="${p.partnership.id}"`)
    expect(fromPartnership).toContain(
      `Deine Meldung betrifft die Partnerschaft ${p.unitA.name} – ${p.unitB.name}.`,
    )
    expect(fromPartnership).toMatch(new RegExp(`name="unitAText"[^>]*value="${p.unitA.name}"`))
    // A partnership that is not public is not named, and nothing of it is filled in.
    const fromHidden = (await get(`/partnerships/report?partnership=${hidden.partnership.id}`)).body
    expect(fromHidden).not.toContain(hidden.partnership.id)
    expect(fromHidden).not.toContain(hidden.unitA.name)
    const fromUnit = (await get(`/partnerships/report?unit=${p.unitB.id}`)).body
    expect(fromUnit).toMatch(new RegExp(`name="unitAText"[^>]*value="${p.unitB.name}"`))
    expect(fromUnit).toContain(`value="${p.unitB.id}" checked`)
    expect((await get('/partnerships/report?partnership=kaputt&unit=x')).statusCode).toBe(200)

    // Sent from the partnership's page, the report refers to it.
    const visitor = anonymousVisitor()
    const sent = await post(
      '/partnerships/report',
      visitor,
      {
        reporterName: 'Jonas',
        reporterEmail: `jonas-${Date.now()}@example.org`,
        unitAText: p.unitA.name,
        unitBText: p.unitB.name,
        message: 'Die Partnerschaft ruht seit dem Sommer.',
        partnershipId: p.partnership.id,
        website: '',
      },
      '198.51.100.9',
    )
    expect(sent.statusCode).toBe(303)
    const [report] = await db()
      .select()
      .from(partnershipReports)
      .where(eq(partnershipReports.partnershipId, p.partnership.id))
    expect(report?.message).toBe('Die Partnerschaft ruht seit dem Sommer.')
  })
})

describe('the report form searches without losing what was typed', () => {
  test('a search button inside the form finds the KV by name and brings the form back filled in', async () => {
    const state = await buildState(db())
    const steinfurt = await buildDistrict(db(), state, `Steinfurt ${Date.now()}`)
    const visitor = anonymousVisitor()
    const typed = {
      reporterName: 'Sonja',
      reporterEmail: 'sonja@example.org',
      unitAText: steinfurt.name.slice(0, 12),
      unitBText: '',
      message: 'Seit 2019 Partner.',
      search: 'a',
    }
    const res = await post('/partnerships/report/search', visitor, typed, '198.51.100.10')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`value="${steinfurt.id}"`)
    expect(res.body).toContain(steinfurt.name)
    expect(res.body).toMatch(/name="reporterName"[^>]*value="Sonja"/)
    expect(res.body).toMatch(/name="reporterEmail"[^>]*value="sonja@example.org"/)
    expect(res.body).toContain('Seit 2019 Partner.</textarea>')
    expect(res.body).toContain('formaction="/partnerships/report/search"')
    // A postal code finds the KV whose territory holds its Kreis (07926 Gefell: Saale-Orla-Kreis).
    const { unitKreise } = await import('../org-units/index.js')
    const saaleOrla = await buildDistrict(db(), state, 'KV Saale-Orla')
    await db().delete(unitKreise).where(eq(unitKreise.kreisAgs, '16075'))
    await db().insert(unitKreise).values({ kreisAgs: '16075', unitId: saaleOrla.id })
    const byCode = await post(
      '/partnerships/report/search',
      visitor,
      { ...typed, unitAText: '07926' },
      '198.51.100.10',
    )
    expect(byCode.body).toContain(`value="${saaleOrla.id}"`)
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/partnerships/report/search',
      ...form({ unitAText: 'Stein' }),
      remoteAddress: '198.51.100.11',
    })
    expect(noToken.statusCode).toBe(403)
  })
})
