import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { pdfText } from '../../../test/support/pdf.js'
import { mailOutbox } from '../../platform/mail/tables.js'
import { type OrgUnit, orgUnits } from '../org-units/index.js'
import { boardReportSections, boardReports } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

function post(url: string, s: Session, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    ...form({ _csrf: s.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: s.cookie },
  })
}
const get = (url: string, s: Session) => t.app.inject({ method: 'GET', url, headers: s.headers })

async function world() {
  const state = await buildState(db())
  const kv: OrgUnit = await buildDistrict(db(), state)
  const other = await buildDistrict(db(), state)
  const board = await sessionFor(db(), await buildUser(db(), { member: kv, roles: [['board', kv]] }))
  const member = await sessionFor(db(), await buildUser(db(), { member: kv }))
  const strangerUser = await buildUser(db(), { member: other })
  const stranger = await sessionFor(db(), strangerUser)
  return { kv, board, member, stranger, strangerUser }
}

const reportsOf = (kv: OrgUnit) => db().select().from(boardReports).where(eq(boardReports.unitId, kv.id))

describe('starting a report', () => {
  test('bad dates come back as field errors and write nothing', async () => {
    const w = await world()
    const page = await get(`/units/${w.kv.id}/reports`, w.board)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Bericht beginnen')

    const bad = await post(`/units/${w.kv.id}/reports`, w.board, { from: '2026-02-30', to: 'gestern' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Bitte ein Datum im Format JJJJ-MM-TT.')
    const reversed = await post(`/units/${w.kv.id}/reports`, w.board, {
      from: '2026-06-01',
      to: '2026-05-01',
    })
    expect(reversed.statusCode).toBe(422)
    expect(reversed.body).toContain('Das Ende liegt vor dem Anfang.')
    const long = await post(`/units/${w.kv.id}/reports`, w.board, { from: '1900-01-01', to: '2026-05-01' })
    expect(long.statusCode).toBe(422)
    const odd = await t.app.inject({
      method: 'POST',
      url: `/units/${w.kv.id}/reports`,
      payload: `_csrf=${w.board.csrf}&from=a&from=b&to[x]=1`,
      headers: { ...form({}).headers, cookie: w.board.cookie },
    })
    expect(odd.statusCode).toBe(422)
    expect(await reportsOf(w.kv)).toHaveLength(0)
  })

  test('a member or a stranger may not start one, and sees no drafts', async () => {
    const w = await world()
    await post(`/units/${w.kv.id}/reports`, w.board, {})
    expect((await post(`/units/${w.kv.id}/reports`, w.member, {})).statusCode).toBe(403)
    expect((await post(`/units/${w.kv.id}/reports`, w.stranger, {})).statusCode).toBe(403)
    expect(await reportsOf(w.kv)).toHaveLength(1)
    for (const who of [w.member, w.stranger]) {
      const list = await get(`/units/${w.kv.id}/reports`, who)
      expect(list.statusCode).toBe(200)
      expect(list.body).not.toContain('Bericht beginnen')
      expect(list.body).not.toContain('Halbjahresbericht')
    }
  })
})

describe('the draft editor and publishing', () => {
  test('the board writes, publishes, and the members read it', async () => {
    const w = await world()
    const started = await post(`/units/${w.kv.id}/reports`, w.board, { from: '2026-01-01', to: '2026-06-30' })
    expect(started.statusCode).toBe(303)
    const url = started.headers.location as string
    expect(url).toMatch(/^\/reports\/[0-9a-f-]{36}$/)
    const id = url.split('/')[2]!

    const editor = await get(url, w.board)
    expect(editor.statusCode).toBe(200)
    expect(editor.body).toContain('Neumitgliedereinbindung')
    expect(editor.body).toContain('die Zahlen sind live')
    // The draft is not for the members yet.
    expect((await get(url, w.member)).statusCode).toBe(404)

    const sections = await db().select().from(boardReportSections).where(eq(boardReportSections.reportId, id))
    const events = sections.find((s) => s.kind === 'events')!
    const help = sections.find((s) => s.kind === 'help')!

    const empty = await post(url, w.board, { title: '', authors: 'Vorstand', salutation: 'Hallo' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('f-title-error')

    const saved = await post(url, w.board, {
      title: '1. Halbjahresbericht des Kreisvorstands',
      authors: 'Dariush Hassanpour',
      salutation: 'Liebe Genoss:innen,',
      introduction: 'Das erste Halbjahr ist vorbei.\n\nEin guter Zeitpunkt <b>zurückzublicken</b>.',
      outlook: 'Mehr Veranstaltungen.',
      thanks: 'Wir danken euch.',
      [`section_${events.id}`]: 'Ein Sommerfest am Weserwehr.',
      [`section_${help.id}`]: 'Nicht gezeigt.',
      [`hide_${help.id}`]: 'on',
    })
    expect(saved.statusCode).toBe(303)

    expect((await post(`${url}/publish`, w.member, { audience: 'members' })).statusCode).toBe(403)
    const unchosen = await post(`${url}/publish`, w.board, { audience: 'everyone' })
    expect(unchosen.statusCode).toBe(422)
    expect(unchosen.body).toContain('Bitte wähle, wer den Bericht lesen soll.')
    const published = await post(`${url}/publish`, w.board, { audience: 'members' })
    expect(published.statusCode).toBe(303)

    const read = await get(url, w.member)
    expect(read.statusCode).toBe(200)
    expect(read.body).toContain('Dariush Hassanpour')
    expect(read.body).toContain('Ein Sommerfest am Weserwehr.')
    expect(read.body).toContain('&lt;b>zurückzublicken&lt;/b>')
    expect(read.body).not.toContain('Nicht gezeigt.')
    expect(read.body).toContain('Was erwartet uns?')
    expect(read.body).toContain('Zahlen mit Stand vom')
    expect((await get(`/units/${w.kv.id}/reports`, w.member)).body).toContain(
      '1. Halbjahresbericht des Kreisvorstands',
    )
    // Published is final: saving again is refused with a message, not a 500.
    const again = await post(url, w.board, { title: 'Neu', authors: 'X', salutation: 'Y' })
    expect(again.statusCode).toBe(422)
    const [row] = await db().select().from(boardReports).where(eq(boardReports.id, id))
    expect(row?.title).toBe('1. Halbjahresbericht des Kreisvorstands')
  })

  test('unknown and malformed ids answer 404', async () => {
    const w = await world()
    expect((await get('/reports/not-a-uuid', w.board)).statusCode).toBe(404)
    expect((await get('/reports/00000000-0000-4000-8000-000000000000', w.board)).statusCode).toBe(404)
    expect(
      (
        await post('/reports/00000000-0000-4000-8000-000000000000', w.board, {
          title: 'x',
          authors: 'y',
          salutation: 'z',
        })
      ).statusCode,
    ).toBe(404)
    expect((await get('/units/not-a-uuid/reports', w.board)).statusCode).toBe(404)
  })
})

describe('the report as a file', () => {
  test('a PDF with the title, the sections, a figure and page numbers, read back by pdftotext; Markdown too', async () => {
    const w = await world()
    const started = await post(`/units/${w.kv.id}/reports`, w.board, { from: '2026-01-01', to: '2026-06-30' })
    const url = started.headers.location as string
    const sections = await db()
      .select()
      .from(boardReportSections)
      .where(eq(boardReportSections.reportId, url.split('/')[2]!))
    const events = sections.find((s) => s.kind === 'events')!
    await post(url, w.board, {
      title: '1. Halbjahresbericht des Kreisvorstands',
      authors: 'Dariush Hassanpour',
      salutation: 'Liebe Mitglieder,',
      introduction: 'Größer als gedacht: „Brücken“ über die Weser.\n\n- erstens\n- zweitens',
      [`section_${events.id}`]: 'Ein Sommerfest am *Weserwehr*.',
    })

    const pdf = await get(`${url}/pdf`, w.board)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toMatch(/^inline; filename="[\w .-]+\.pdf"$/)
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    const text = pdfText(pdf.rawPayload)
    expect(text).toContain('1. Halbjahresbericht des Kreisvorstands')
    expect(text).toContain('Größer als gedacht: „Brücken“ über die Weser.')
    expect(text).toContain('2. Veranstaltungen')
    expect(text).toMatch(/Veranstaltungen\s+0/)
    expect(text).toContain('Ein Sommerfest am *Weserwehr*.')
    expect(text).toContain('Seite 1 von')
    expect(text).toContain(w.kv.name)

    const md = await get(`${url}/markdown`, w.board)
    expect(md.statusCode).toBe(200)
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8')
    expect(md.body).toContain('# 1. Halbjahresbericht des Kreisvorstands')
    expect(md.body).toContain('## 2. Veranstaltungen')
    expect(md.body).toContain('- erstens\n- zweitens')
    expect(md.body).toContain('Ein Sommerfest am \\*Weserwehr\\*.')
    expect(md.body).toMatch(/\| Veranstaltungen \| 0 \|/)

    // A draft is the board's: members and strangers get no file of it.
    expect((await get(`${url}/pdf`, w.member)).statusCode).toBe(404)
    expect((await get(`${url}/markdown`, w.stranger)).statusCode).toBe(404)
    expect((await get('/reports/not-a-uuid/pdf', w.board)).statusCode).toBe(404)
  })
})

describe('publishing to the members or to the public', () => {
  const mailsTo = (address: string) =>
    db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, address.toLowerCase()))

  async function publishedReport(w: Awaited<ReturnType<typeof world>>, audience: 'members' | 'public') {
    const started = await post(`/units/${w.kv.id}/reports`, w.board, { from: '2026-01-01', to: '2026-06-30' })
    const url = started.headers.location as string
    await post(url, w.board, {
      title: `Bericht an ${audience}`,
      authors: 'Dariush Hassanpour',
      salutation: 'Liebe Mitglieder,',
      introduction: 'Ein Halbjahr voller Brücken & Begegnungen.',
    })
    expect((await post(`${url}/publish`, w.board, { audience })).statusCode).toBe(303)
    return url
  }

  test('to the members: each member gets one mail with the link; outsiders read nothing', async () => {
    const w = await world()
    const withAddress = await buildUser(db(), { member: w.kv })
    const url = await publishedReport(w, 'members')
    const [mail, ...more] = await mailsTo(withAddress.email)
    expect(more).toHaveLength(0)
    expect(mail?.subject).toBe('Neuer Bericht des Vorstands: Bericht an members')
    expect(mail?.body).toContain(`${t.app.config.http.publicUrl}${url}`)
    expect(await mailsTo(w.strangerUser.email)).toHaveLength(0)

    expect((await get(url, w.member)).statusCode).toBe(200)
    expect((await get(url, w.stranger)).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404)
    const feed = await t.app.inject({ method: 'GET', url: `/units/${w.kv.id}/reports.atom` })
    expect(feed.body).not.toContain('Bericht an members')
    // The unit's page shows it to its members, not to strangers.
    expect((await get(`/units/${w.kv.id}`, w.member)).body).toContain('Bericht an members')
    expect((await get(`/units/${w.kv.id}`, w.stranger)).body).not.toContain('Bericht an members')
  })

  test('to the public: anyone reads it, on the unit page, as PDF and in the Atom feed', async () => {
    const w = await world()
    const soon = (days: number) => new Date(t.clock.now().getTime() + days * 86_400_000)
    await buildEvent(db(), [w.kv], {
      title: 'Sommerfest am Weserwehr',
      startsAt: soon(10),
      endsAt: soon(10.1),
    })
    await buildEvent(db(), [w.kv], {
      title: 'Stammtisch nur für Mitglieder',
      audience: 'own_members',
      startsAt: soon(12),
      endsAt: soon(12.1),
    })
    const members = await publishedReport(w, 'members')
    const memberView = (await get(members, w.member)).body
    expect(memberView).toContain('Die nächsten Termine')
    expect(memberView).toContain('Sommerfest am Weserwehr')
    expect(memberView).toContain('Stammtisch nur für Mitglieder')
    const url = await publishedReport(w, 'public')
    // The public report's outlook lists only public events.
    const publicView = (await t.app.inject({ method: 'GET', url })).body
    expect(publicView).toContain('Sommerfest am Weserwehr')
    expect(publicView).not.toContain('Stammtisch nur für Mitglieder')
    const anonymous = await t.app.inject({ method: 'GET', url })
    expect(anonymous.statusCode).toBe(200)
    expect(anonymous.body).toContain('Ein Halbjahr voller Brücken &amp; Begegnungen.')
    expect((await t.app.inject({ method: 'GET', url: `${url}/pdf` })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: `/units/${w.kv.id}` })).body).toContain(
      'Bericht an public',
    )

    const feed = await t.app.inject({ method: 'GET', url: `/units/${w.kv.id}/reports.atom` })
    expect(feed.statusCode).toBe(200)
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8')
    expect(feed.body).toContain('<title>Bericht an public</title>')
    expect(feed.body).toContain(`href="${t.app.config.http.publicUrl}${url}"`)
    expect(feed.body).toContain('Brücken &amp; Begegnungen')
    expect(feed.body).toMatch(/<updated>\d{4}-\d\d-\d\dT/)
    expect((await t.app.inject({ method: 'GET', url: '/units/not-a-uuid/reports.atom' })).statusCode).toBe(
      404,
    )
  })
})

describe('the offices’ overview', () => {
  test('a state office sees which of its KVs have published a report for the last half-year', async () => {
    const w = await world()
    const state = (await db().select().from(orgUnits).where(eq(orgUnits.id, w.kv.parentId!)))[0]!
    const office = await sessionFor(db(), await buildUser(db(), { roles: [['state_office', state]] }))
    // The test clock's last half-year; a report for it, published, by the KV's board.
    const started = await post(`/units/${w.kv.id}/reports`, w.board, {})
    const url = started.headers.location as string
    await post(`${url}/publish`, w.board, { audience: 'members' })

    const page = await get(`/units/${state.id}/reports/overview`, office)
    expect(page.statusCode).toBe(200)
    const rows = [...page.body.matchAll(/<tr><th scope="row"><a href="\/units\/([0-9a-f-]+)\/reports">/g)]
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(page.body).toMatch(/1 von \d+ Kreisverbänden haben einen Bericht/)
    expect(page.body).toContain(`href="${url}"`)
    expect(page.body).toContain('noch keiner')
    expect((await get(`/units/${state.id}/reports`, office)).body).toContain(
      'Welche Kreisverbände haben berichtet?',
    )
    // A KV's board is refused; a KV is not a unit with an overview.
    expect((await get(`/units/${state.id}/reports/overview`, w.board)).statusCode).toBe(403)
    expect((await get(`/units/${w.kv.id}/reports/overview`, office)).statusCode).toBe(404)
  })
})

describe('approval, versions and where the figures come from', () => {
  test('the board asks for approval; the second board member approves in the editor; versions are listed', async () => {
    const w = await world()
    const second = await sessionFor(db(), await buildUser(db(), { member: w.kv, roles: [['board', w.kv]] }))
    const setting = await post(`/units/${w.kv.id}/reports/settings`, w.board, { requiresApproval: 'on' })
    expect(setting.statusCode).toBe(303)
    expect((await post(`/units/${w.kv.id}/reports/settings`, w.member, {})).statusCode).toBe(403)
    expect((await get(`/units/${w.kv.id}/reports`, w.board)).body).toMatch(
      /name="requiresApproval"[^>]*checked/,
    )

    const url = (await post(`/units/${w.kv.id}/reports`, w.board, {})).headers.location as string
    const id = url.split('/')[2]!
    const texts = { title: 'Bericht', authors: 'Vorstand', salutation: 'Hallo,', introduction: 'Erst.' }
    expect((await post(url, w.board, texts)).statusCode).toBe(303)

    const refused = await post(`${url}/publish`, w.board, { audience: 'members' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Ein zweites Vorstandsmitglied muss den Bericht erst freigeben.')
    const own = await get(url, w.board)
    expect(own.body).toContain('Die letzte Änderung ist von dir')
    expect(own.body).not.toContain(`action="${url}/approve"`)
    expect(own.body).toContain(`href="${url}/versions/1"`)

    const theirs = await get(url, second)
    expect(theirs.body).toContain(`action="${url}/approve"`)
    expect((await post(`${url}/approve`, second, {})).statusCode).toBe(303)
    expect((await get(url, w.board)).body).toContain('Freigegeben von')

    const version = await get(`${url}/versions/1`, second)
    expect(version.statusCode).toBe(200)
    expect(version.body).toContain('Erst.')
    expect((await get(`${url}/versions/1`, w.member)).statusCode).toBe(403)
    expect((await get(`${url}/versions/x`, w.board)).statusCode).toBe(404)

    expect((await post(`${url}/publish`, w.board, { audience: 'members' })).statusCode).toBe(303)
    const [row] = await db().select().from(boardReports).where(eq(boardReports.id, id))
    expect(row!.status).toBe('published')
  })

  test('a figure links to its page: the events for every reader, the board pages for the board only', async () => {
    const w = await world()
    const url = (await post(`/units/${w.kv.id}/reports`, w.board, {})).headers.location as string
    const editor = await get(url, w.board)
    expect(editor.body).toContain(`href="/units/${w.kv.id}/events"`)
    expect(editor.body).toContain(`href="/onboarding/units/${w.kv.id}?show=all"`)
    await post(`${url}/publish`, w.board, { audience: 'members' })
    const read = await get(url, w.member)
    expect(read.statusCode).toBe(200)
    expect(read.body).toContain(`href="/units/${w.kv.id}/events"`)
    expect(read.body).not.toContain('/onboarding/units/')
    // Every link a member is shown opens for the member.
    expect((await get(`/units/${w.kv.id}/events`, w.member)).statusCode).toBe(200)
  })
})

describe('the board’s text on the page', () => {
  test('paragraphs, lists and web addresses as links; markup stays text; the board previews the draft', async () => {
    const w = await world()
    const url = (await post(`/units/${w.kv.id}/reports`, w.board, {})).headers.location as string
    await post(url, w.board, {
      title: 'Bericht',
      authors: 'Vorstand',
      salutation: 'Hallo,',
      introduction:
        'Wir waren unterwegs:\n\n- Plakate in Schleiz\n- Stände in Pößneck\n\nMehr unter https://example.org/bericht. <script>alert(1)</script>\nZweite Zeile.',
    })
    const preview = await get(`${url}/preview`, w.board)
    expect(preview.statusCode).toBe(200)
    expect(preview.body).toContain('Vorschau des Entwurfs')
    expect(preview.body).toMatch(
      /<ul class="report-text"><li>Plakate in Schleiz<\/li><li>Stände in Pößneck<\/li><\/ul>/,
    )
    expect(preview.body).toContain(
      '<a href="https://example.org/bericht" rel="noopener noreferrer nofollow">https://example.org/bericht</a>.',
    )
    expect(preview.body).toContain('&lt;script>alert(1)&lt;/script>')
    expect(preview.body).not.toContain('<script>alert(1)')
    // Not for the members, and only while it is a draft.
    expect((await get(`${url}/preview`, w.member)).statusCode).toBe(403)
    await post(`${url}/publish`, w.board, { audience: 'members' })
    expect((await get(`${url}/preview`, w.board)).statusCode).toBe(404)
    const read = await get(url, w.member)
    expect(read.body).toContain('<li>Plakate in Schleiz</li>')
  })
})
