import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildEvent,
  buildFederation,
  buildState,
  buildUser,
  form,
  multipart,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import {
  resolutionAddressees,
  resolutionLines,
  resolutionMeasures,
  resolutionProgressNotes,
  resolutions,
} from './tables.js'

const texts = join(import.meta.dirname, '../../demo/texts')
const mitmachPartei = readFileSync(join(texts, 'beschluss-3-3-6-mitmach-partei.txt'), 'utf8')
const workProgramme = readFileSync(join(texts, 'd-11-arbeitsprogramm-2025.txt'), 'utf8')

let t: TestApp
let berlin: OrgUnit
let pankow: OrgUnit
let mitte: OrgUnit
let other: OrgUnit
let office: Session
let boardPankow: Session
let memberPankow: Session
let memberOther: Session

const db = () => t.database.db

function post(url: string, s: Session, fields: Record<string, string | string[]>) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries({ _csrf: s.csrf, ...fields }))
    for (const one of ([] as string[]).concat(v)) params.append(k, one)
  return t.app.inject({
    method: 'POST',
    url,
    payload: params.toString(),
    headers: { ...form({}).headers, cookie: s.cookie },
  })
}

const get = (url: string, s?: Session) =>
  t.app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} })
const count = async (table: typeof resolutions | typeof resolutionLines | typeof resolutionMeasures) =>
  (await db().select().from(table)).length

beforeAll(async () => {
  t = await buildTestApp()
  const federal = await buildFederation(db())
  berlin = await buildState(db(), federal)
  pankow = await buildDistrict(db(), berlin, 'Pankow')
  mitte = await buildDistrict(db(), berlin, 'Mitte')
  const hamburg = await buildState(db(), federal)
  other = await buildDistrict(db(), hamburg, 'Altona')
  office = await sessionFor(db(), await buildUser(db(), { roles: [['state_office', berlin]] }))
  boardPankow = await sessionFor(db(), await buildUser(db(), { member: pankow, roles: [['board', pankow]] }))
  memberPankow = await sessionFor(db(), await buildUser(db(), { member: pankow }))
  memberOther = await sessionFor(db(), await buildUser(db(), { member: other }))
})
afterAll(() => t.close())

describe('importing a resolution', () => {
  test('the preview shows header, sections and numbered lines and saves nothing', async () => {
    const res = await post(`/units/${berlin.id}/resolutions/import`, office, {
      text: mitmachPartei,
      step: 'preview',
    })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Beschluss 3/3/6')
    expect(res.body).toContain('27 Zeilen wurden durchnummeriert, 4 Abschnitte')
    expect(res.body).toContain('Neumitgliedertreffen auf Landesebene sollen zukünftig monatlich')
    expect(res.body).toContain('Beschluss speichern')
    expect(await count(resolutions)).toBe(0)
  })

  test('an uploaded file is read like pasted text', async () => {
    const body = multipart(
      { _csrf: office.csrf, step: 'preview', text: '' },
      { name: 'file', filename: 'd-11.txt', content: workProgramme, type: 'text/plain' },
    )
    const res = await t.app.inject({
      method: 'POST',
      url: `/units/${berlin.id}/resolutions/import`,
      headers: { cookie: office.cookie, ...body.headers },
      payload: body.payload,
    })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('288 Zeilen mit ihren Nummern gelesen, 11 Abschnitte')
    expect(res.body).toContain('value="D-11"')
    expect(res.body).toContain('value="2024-11-05"')
  })

  test('a file that is not UTF-8 is a field error, not a 500', async () => {
    const body = multipart(
      { _csrf: office.csrf, step: 'preview', text: '' },
      {
        name: 'file',
        filename: 'latin1.txt',
        content: Buffer.from([0x54, 0x69, 0x74, 0x65, 0x6c, 0x0a, 0xfc, 0xe4]),
        type: 'text/plain',
      },
    )
    const res = await t.app.inject({
      method: 'POST',
      url: `/units/${berlin.id}/resolutions/import`,
      headers: { cookie: office.cookie, ...body.headers },
      payload: body.payload,
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('kein UTF-8-Text')
  })

  test('confirming saves header, every line and the addressees in one go, with an audit row', async () => {
    const res = await post(`/units/${berlin.id}/resolutions/import`, office, {
      text: mitmachPartei,
      step: 'confirm',
      decidedOn: '2017-12-09',
      visibility: 'members',
      addressees: [pankow.id, mitte.id],
    })
    expect(res.statusCode).toBe(303)
    const id = res.headers.location!.split('/').at(-1)!
    const [saved] = await db().select().from(resolutions).where(eq(resolutions.id, id))
    expect(saved).toMatchObject({
      code: 'Beschluss 3/3/6',
      title: 'DIE LINKE in Berlin zur Mitmach-Partei entwickeln',
      decidedOn: '2017-12-09',
      unitId: berlin.id,
      numbered: false,
    })
    expect(
      await db().select().from(resolutionLines).where(eq(resolutionLines.resolutionId, id)),
    ).toHaveLength(27)
    expect(
      await db().select().from(resolutionAddressees).where(eq(resolutionAddressees.resolutionId, id)),
    ).toHaveLength(2)
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.objectId, id))
    expect(audit.map((a) => a.action)).toEqual(['resolution.import'])
  })

  test('a text with a duplicate line number is refused with the line, and nothing is saved', async () => {
    const before = await count(resolutions)
    const res = await post(`/units/${berlin.id}/resolutions/import`, office, {
      text: '## A-1 Test\n\n1 eins\n2 zwei\n2 zwei noch einmal\n',
      step: 'confirm',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Zeile 5 des Textes')
    expect(res.body).toContain('Zeilennummer 2 kommt doppelt vor')
    expect(await count(resolutions)).toBe(before)
  })

  test.each([
    ['an empty text', { text: '', step: 'confirm' }],
    ['a megabyte of text', { text: 'x'.repeat(1_000_000), step: 'confirm' }],
    ['a decision date that is no date', { text: mitmachPartei, step: 'confirm', decidedOn: '2017-02-30' }],
    ['an unknown visibility', { text: mitmachPartei, step: 'confirm', visibility: 'everyone' }],
    ['an addressee outside the unit', { text: mitmachPartei, step: 'confirm', addressees: 'OTHER' }],
    ['an addressee that is no id', { text: mitmachPartei, step: 'confirm', addressees: 'nope' }],
  ])('%s is a field error (422) and saves nothing', async (_label, fields) => {
    const before = await count(resolutions)
    const values = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, v === 'OTHER' ? other.id : v]),
    ) as Record<string, string>
    const res = await post(`/units/${berlin.id}/resolutions/import`, office, values)
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('field-error')
    expect(await count(resolutions)).toBe(before)
  })

  test('a board member of a district may not import for the state (403); a made-up unit is 404', async () => {
    expect((await get(`/units/${berlin.id}/resolutions/import`, boardPankow)).statusCode).toBe(403)
    const res = await post(`/units/${berlin.id}/resolutions/import`, boardPankow, {
      text: mitmachPartei,
      step: 'confirm',
    })
    expect(res.statusCode).toBe(403)
    expect(
      (await get(`/units/00000000-0000-4000-8000-000000000000/resolutions/import`, office)).statusCode,
    ).toBe(404)
    expect((await get(`/units/${pankow.id}/resolutions/import`, boardPankow)).statusCode).toBe(200)
  })
})

describe('measures and their progress', () => {
  let resolutionId: string

  beforeAll(async () => {
    const res = await post(`/units/${berlin.id}/resolutions/import`, office, {
      text: mitmachPartei,
      step: 'confirm',
      decidedOn: '2026-08-01',
      addressees: [pankow.id, mitte.id],
    })
    resolutionId = res.headers.location!.split('/').at(-1)!
  })

  test('a measure for all districts is one row per district, quoting its line; the indicator counts their meetings', async () => {
    const form = await get(`/resolutions/${resolutionId}/measures/new?from=4&to=4`, office)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Neumitgliedertreffen auf Landesebene')
    const res = await post(`/resolutions/${resolutionId}/measures`, office, {
      title: 'Monatliche Neumitgliedertreffen',
      fromLine: '4',
      toLine: '4',
      unitIds: [pankow.id, mitte.id],
      indicator: 'newMemberMeetingsMonthly',
      dueText: 'ab sofort, jeden Monat',
    })
    expect(res.statusCode).toBe(303)
    const rows = await db()
      .select()
      .from(resolutionMeasures)
      .where(eq(resolutionMeasures.resolutionId, resolutionId))
    expect(rows).toHaveLength(2)
    expect(new Set(rows.map((r) => r.groupId)).size).toBe(1)
    expect(rows[0]!.quote).toBe(
      'Neumitgliedertreffen auf Landesebene sollen zukünftig monatlich durchgeführt werden',
    )
    expect(rows[0]!.indicatorTarget).toBe(1)

    // Pankow met September and October (Berlin time: the 31 October 23:30 UTC meeting is on 1 November).
    await buildEvent(db(), [pankow], {
      type: 'neumitgliedertreffen',
      startsAt: new Date('2026-09-10T17:00:00Z'),
      endsAt: new Date('2026-09-10T19:00:00Z'),
    })
    await buildEvent(db(), [pankow], {
      type: 'neumitgliedertreffen',
      startsAt: new Date('2026-10-08T17:00:00Z'),
      endsAt: new Date('2026-10-08T19:00:00Z'),
    })
    await buildEvent(db(), [mitte], {
      type: 'neumitgliedertreffen',
      startsAt: new Date('2026-10-31T23:30:00Z'),
      endsAt: new Date('2026-11-01T01:00:00Z'),
    })
    await buildEvent(db(), [mitte], {
      type: 'stammtisch',
      startsAt: new Date('2026-09-10T17:00:00Z'),
      endsAt: new Date('2026-09-10T19:00:00Z'),
    })
    const page = await get(`/resolutions/${resolutionId}`, memberPankow)
    expect(page.statusCode).toBe(200)
    const pankowRow = rows.find((r) => r.unitId === pankow.id)!
    const mitteRow = rows.find((r) => r.unitId === mitte.id)!
    const measurePankow = await get(`/measures/${pankowRow.id}`, memberPankow)
    expect(measurePankow.body).toContain('Ziel in 2 von 4 Monaten erreicht')
    const measureMitte = await get(`/measures/${mitteRow.id}`, memberPankow)
    // August and September missed, October missed (its meeting is on 1 November in Berlin), November met.
    expect(measureMitte.body).toContain('Ziel in 1 von 4 Monaten erreicht')
  })

  test("the state's KVs side by side: each one's months, figures about few people withheld", async () => {
    const page = await get(`/units/${berlin.id}/resolutions/compare`, office)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Monatliche Neumitgliedertreffen')
    const rowOf = (name: string) => page.body.slice(page.body.indexOf(`>${name}</a></th>`)).split('</tr>')[0]!
    expect(rowOf('Pankow')).toContain('Ziel in 2 von 4 erreicht')
    expect(rowOf('Mitte')).toContain('Ziel in 1 von 4 erreicht')
    // October, the last finished month: Pankow met it, Mitte did not.
    expect(page.body.slice(page.body.indexOf('<tfoot'))).toContain(
      '1 von 2 im letzten abgeschlossenen Zeitraum erreicht',
    )
    // A district is not a state; a members-only resolution stays hidden from outsiders.
    expect((await get(`/units/${pankow.id}/resolutions/compare`, office)).statusCode).toBe(404)
    const outside = await get(`/units/${berlin.id}/resolutions/compare`, memberOther)
    expect(outside.statusCode).toBe(200)
    expect(outside.body).not.toContain('Monatliche Neumitgliedertreffen')
  })

  test('bad measure input is a field error and saves nothing', async () => {
    const before = await count(resolutionMeasures)
    const cases: Record<string, string>[] = [
      { title: '', fromLine: '4', toLine: '4', unitIds: pankow.id },
      { title: 'X', fromLine: '9', toLine: '4', unitIds: pankow.id },
      { title: 'X', fromLine: '4', toLine: '400', unitIds: pankow.id },
      { title: 'X', fromLine: 'vier', toLine: '4', unitIds: pankow.id },
      { title: 'X', fromLine: '4', toLine: '4' },
      { title: 'X', fromLine: '4', toLine: '4', unitIds: other.id },
      { title: 'X', fromLine: '4', toLine: '4', unitIds: pankow.id, indicator: 'anything' },
    ]
    for (const fields of cases) {
      const res = await post(`/resolutions/${resolutionId}/measures`, office, fields)
      expect(res.statusCode, JSON.stringify(fields)).toBe(422)
    }
    expect(await count(resolutionMeasures)).toBe(before)
  })

  test('the responsible board reports progress; a member of it may read but not report', async () => {
    const [row] = await db().select().from(resolutionMeasures).where(eq(resolutionMeasures.unitId, pankow.id))
    const url = `/measures/${row!.id}/progress`
    expect((await post(url, memberPankow, { note: 'x', status: 'done', progress: '10' })).statusCode).toBe(
      403,
    )
    expect((await post(url, boardPankow, { note: '', status: 'done', progress: '10' })).statusCode).toBe(422)
    expect((await post(url, boardPankow, { note: 'x', status: 'finished', progress: '10' })).statusCode).toBe(
      422,
    )
    expect((await post(url, boardPankow, { note: 'x', status: 'open', progress: '101' })).statusCode).toBe(
      422,
    )
    expect(
      (
        await post(url, boardPankow, {
          note: 'x',
          status: 'open',
          progress: '1',
          evidenceUrl: 'javascript:alert(1)',
        })
      ).statusCode,
    ).toBe(422)
    const meeting = await buildEvent(db(), [pankow], { type: 'neumitgliedertreffen' })
    const noteCount = async () => (await db().select().from(resolutionProgressNotes)).length
    const notesBefore = await noteCount()
    const evidence = (evidenceKind: string, evidenceUrl: string) =>
      post(url, boardPankow, { note: 'x', status: 'open', progress: '1', evidenceKind, evidenceUrl })
    // A link without its kind, a link that is not of its kind, a platform object that does not exist,
    // a document that is not https: each a field error, nothing saved.
    expect(
      (
        await post(url, boardPankow, {
          note: 'x',
          status: 'open',
          progress: '1',
          evidenceUrl: `/events/${meeting.id}`,
        })
      ).statusCode,
    ).toBe(422)
    expect((await evidence('help_request', `/events/${meeting.id}`)).statusCode).toBe(422)
    expect((await evidence('event', '/events/00000000-0000-4000-8000-000000000000')).statusCode).toBe(422)
    expect((await evidence('event', `//evil.example/events/${meeting.id}`)).statusCode).toBe(422)
    expect((await evidence('document', 'http://example.org/protokoll.pdf')).statusCode).toBe(422)
    expect((await evidence('document', 'javascript:alert(1)')).statusCode).toBe(422)
    expect(await noteCount()).toBe(notesBefore)
    const ok = await post(url, boardPankow, {
      note: 'Erstes Treffen im September',
      status: 'in_progress',
      progress: '40',
      evidenceKind: 'event',
      // Copied from the address bar: only the path counts.
      evidenceUrl: `https://brueckenschlag.example/events/${meeting.id}?ref=x`,
    })
    expect(ok.statusCode).toBe(303)
    const [saved] = await db()
      .select()
      .from(resolutionProgressNotes)
      .where(eq(resolutionProgressNotes.measureId, row!.id))
    expect(saved).toMatchObject({ evidenceKind: 'event', evidenceUrl: `/events/${meeting.id}` })
    const page = await get(`/measures/${row!.id}`, memberPankow)
    expect(page.body).toContain(`href="/events/${meeting.id}"`)
    expect(page.body).toContain('Erstes Treffen im September')
    expect(page.body).toContain('In Arbeit')
    const overview = await get(`/units/${pankow.id}/resolutions`, memberPankow)
    expect(overview.body).toContain('Monatliche Neumitgliedertreffen')
  })

  test('a members-only resolution is hidden from members elsewhere and from visitors (404)', async () => {
    expect((await get(`/resolutions/${resolutionId}`, memberOther)).statusCode).toBe(404)
    expect((await get(`/resolutions/${resolutionId}`)).statusCode).toBe(404)
    const overview = await get(`/units/${berlin.id}/resolutions`, memberOther)
    expect(overview.statusCode).toBe(200)
    expect(overview.body).not.toContain('Mitmach-Partei')
    expect((await get(`/resolutions/${resolutionId}/measures/new`, memberPankow)).statusCode).toBe(403)
    expect((await get(`/resolutions/${resolutionId}/measures/new`, memberOther)).statusCode).toBe(404)
    expect((await get(`/resolutions/not-an-id`, memberOther)).statusCode).toBe(404)
  })

  test('a form without its CSRF token changes nothing', async () => {
    const before = await count(resolutions)
    const res = await t.app.inject({
      method: 'POST',
      url: `/units/${berlin.id}/resolutions/import`,
      headers: { ...form({}).headers, cookie: office.cookie },
      payload: new URLSearchParams({ text: mitmachPartei, step: 'confirm' }).toString(),
    })
    expect(res.statusCode).toBe(403)
    expect(await count(resolutions)).toBe(before)
    const anon = anonymousVisitor()
    expect((await post(`/units/${berlin.id}/resolutions/import`, anon, { text: 'x' })).statusCode).toBe(401)
  })
})

describe('changing and deleting', () => {
  let resolutionId: string
  let measureIds: string[]

  beforeAll(async () => {
    const res = await post(`/units/${berlin.id}/resolutions/import`, office, {
      text: mitmachPartei,
      step: 'confirm',
      addressees: [pankow.id, mitte.id],
    })
    resolutionId = res.headers.location!.split('/').at(-1)!
    await post(`/resolutions/${resolutionId}/measures`, office, {
      title: 'Treffen',
      fromLine: '4',
      toLine: '4',
      unitIds: [pankow.id, mitte.id],
    })
    const rows = await db()
      .select()
      .from(resolutionMeasures)
      .where(eq(resolutionMeasures.resolutionId, resolutionId))
    measureIds = rows
      .sort((a, b) => (a.unitId === pankow.id ? -1 : b.unitId === pankow.id ? 1 : 0))
      .map((r) => r.id)
  })

  const audits = async (action: string) =>
    (await db().select().from(auditEvents).where(eq(auditEvents.action, action))).length

  test("the owning board changes the resolution's header and visibility; the responsible board may not", async () => {
    expect((await get(`/resolutions/${resolutionId}/edit`, boardPankow)).statusCode).toBe(403)
    expect((await get(`/resolutions/${resolutionId}/edit`, memberOther)).statusCode).toBe(404)
    const fields = { title: 'Mitmach-Partei (geändert)', visibility: 'public', addressees: [pankow.id] }
    expect((await post(`/resolutions/${resolutionId}/edit`, boardPankow, fields)).statusCode).toBe(403)
    expect(
      (await post(`/resolutions/${resolutionId}/edit`, office, { ...fields, title: '' })).statusCode,
    ).toBe(422)
    expect(
      (await post(`/resolutions/${resolutionId}/edit`, office, { ...fields, addressees: [other.id] }))
        .statusCode,
    ).toBe(422)
    const form = await get(`/resolutions/${resolutionId}/edit`, office)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Beschluss endgültig löschen')
    const res = await post(`/resolutions/${resolutionId}/edit`, office, {
      ...fields,
      decidedOn: '2026-08-01',
    })
    expect(res.statusCode).toBe(303)
    const [row] = await db().select().from(resolutions).where(eq(resolutions.id, resolutionId))
    expect(row).toMatchObject({
      title: 'Mitmach-Partei (geändert)',
      visibility: 'public',
      decidedOn: '2026-08-01',
    })
    const addressed = await db()
      .select()
      .from(resolutionAddressees)
      .where(eq(resolutionAddressees.resolutionId, resolutionId))
    expect(addressed.map((a) => a.unitId)).toEqual([pankow.id])
    expect((await get(`/resolutions/${resolutionId}`)).statusCode).toBe(200)
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'resolution.edit'))
    expect(audit?.data).toMatchObject({
      changed: expect.arrayContaining(['title', 'visibility', 'addressees']),
    })
  })

  test('the owning board changes a measure for all its units; the reported progress of each stays', async () => {
    await post(`/measures/${measureIds[0]}/progress`, boardPankow, {
      note: 'läuft',
      status: 'in_progress',
      progress: '30',
    })
    expect((await get(`/measures/${measureIds[0]}/edit`, boardPankow)).statusCode).toBe(403)
    expect(
      (await post(`/measures/${measureIds[0]}/edit`, boardPankow, { title: 'X', fromLine: '4', toLine: '4' }))
        .statusCode,
    ).toBe(403)
    expect(
      (await post(`/measures/${measureIds[0]}/edit`, office, { title: 'X', fromLine: '4', toLine: '999' }))
        .statusCode,
    ).toBe(422)
    expect(
      (
        await post(`/measures/${measureIds[0]}/edit`, office, {
          title: 'X',
          fromLine: '4',
          toLine: '4',
          indicator: 'newMembersReachedIn7Days',
          indicatorTarget: '120',
        })
      ).statusCode,
    ).toBe(422)
    const page = await get(`/measures/${measureIds[0]}/edit`, office)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('value="Treffen"')
    const res = await post(`/measures/${measureIds[0]}/edit`, office, {
      title: 'Monatliche Treffen',
      fromLine: '4',
      toLine: '5',
      indicator: 'newMembersReachedIn7Days',
      dueOn: '2027-03-31',
    })
    expect(res.statusCode).toBe(303)
    const rows = await db()
      .select()
      .from(resolutionMeasures)
      .where(eq(resolutionMeasures.resolutionId, resolutionId))
    expect(rows.map((r) => r.title)).toEqual(['Monatliche Treffen', 'Monatliche Treffen'])
    expect(rows.every((r) => r.toLine === 5 && r.indicatorTarget === 80 && r.quote.includes('\n'))).toBe(true)
    expect(rows.find((r) => r.id === measureIds[0])).toMatchObject({ status: 'in_progress', progress: 30 })
    expect(await audits('resolution.measure.edit')).toBe(1)
  })

  test("deleting one unit's row leaves the others; deleting the group removes all; then the resolution", async () => {
    expect(
      (await post(`/measures/${measureIds[0]}/delete`, boardPankow, { scope: 'group' })).statusCode,
    ).toBe(403)
    expect(
      (await post(`/measures/${measureIds[0]}/delete`, office, { scope: 'everything' })).statusCode,
    ).toBe(400)
    const one = await post(`/measures/${measureIds[0]}/delete`, office, { scope: 'unit' })
    expect(one.statusCode).toBe(303)
    expect(one.headers.location).toBe(`/resolutions/${resolutionId}#measures-heading`)
    const left = await db()
      .select()
      .from(resolutionMeasures)
      .where(eq(resolutionMeasures.resolutionId, resolutionId))
    expect(left.map((r) => r.id)).toEqual([measureIds[1]])
    expect(
      (
        await db()
          .select()
          .from(resolutionProgressNotes)
          .where(eq(resolutionProgressNotes.measureId, measureIds[0]!))
      ).length,
    ).toBe(0)
    expect((await post(`/measures/${measureIds[1]}/delete`, office, { scope: 'group' })).statusCode).toBe(303)
    expect((await get(`/measures/${measureIds[1]}`, office)).statusCode).toBe(404)
    expect(await audits('resolution.measure.delete')).toBe(2)

    expect((await post(`/resolutions/${resolutionId}/delete`, boardPankow, {})).statusCode).toBe(403)
    const gone = await post(`/resolutions/${resolutionId}/delete`, office, {})
    expect(gone.statusCode).toBe(303)
    expect(gone.headers.location).toBe(`/units/${berlin.id}/resolutions`)
    expect((await get(`/resolutions/${resolutionId}`, office)).statusCode).toBe(404)
    expect(
      (await db().select().from(resolutionLines).where(eq(resolutionLines.resolutionId, resolutionId)))
        .length,
    ).toBe(0)
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'resolution.delete'))
    expect(audit?.data).toMatchObject({ title: 'Mitmach-Partei (geändert)' })
  })
})
