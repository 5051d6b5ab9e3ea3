import { randomUUID } from 'node:crypto'
import { like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
  multipart,
  sessionFor,
} from '../../../test/support/factories.js'
import type { Role } from '../../platform/auth/actor.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import { memberColumnHeaders, memberColumns, parseMemberCsv } from './member-csv.js'
import { members } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe('GET /units/:id/members', () => {
  async function twoDistricts() {
    const db = t.database.db
    const state = await buildState(db)
    const a = await buildDistrict(db, state)
    const b = await buildDistrict(db, state)
    const names = [`Alpha-${randomUUID().slice(0, 8)}`, `Beta-${randomUUID().slice(0, 8)}`]
    for (const lastName of names) await buildMember(db, a, { lastName })
    return { state, a, b, names }
  }

  async function get(url: string, roles: Parameters<typeof buildUser>[1]) {
    const user = await buildUser(t.database.db, roles)
    const session = await sessionFor(t.database.db, user)
    return t.app.inject({ method: 'GET', url, headers: session.headers })
  }

  test("a board member of a KV sees the KV's member list", async () => {
    const { a, names } = await twoDistricts()
    const res = await get(`/units/${a.id}/members`, { roles: [['board', a]] })
    expect(res.statusCode).toBe(200)
    for (const name of names) expect(res.body).toContain(name)
  })

  test('the board of a neighbouring KV gets 404 and sees none of the names', async () => {
    const { a, b, names } = await twoDistricts()
    const res = await get(`/units/${a.id}/members`, { roles: [['board', b]] })
    expect(res.statusCode).toBe(404)
    for (const name of names) expect(res.body).not.toContain(name)
  })

  test('a plain member of the KV gets 404', async () => {
    const { a, names } = await twoDistricts()
    const res = await get(`/units/${a.id}/members`, { member: a, roles: [['member', a]] })
    expect(res.statusCode).toBe(404)
    for (const name of names) expect(res.body).not.toContain(name)
  })

  test('the state office above the KV sees the list', async () => {
    const { state, a, names } = await twoDistricts()
    const res = await get(`/units/${a.id}/members`, { roles: [['state_office', state]] })
    expect(res.statusCode).toBe(200)
    for (const name of names) expect(res.body).toContain(name)
  })
})

describe('/admin/members/import', () => {
  const header = 'Mitgliedsnummer;Vorname;Nachname;KV;Eintrittsdatum'

  async function adminWorld() {
    const db = t.database.db
    const federation = await buildFederation(db)
    const state = await buildState(db, federation)
    await insertUnit(db, {
      kind: 'district',
      name: `Kreis ${randomUUID().slice(0, 6)}`,
      ags: '03241',
      parentId: state.id,
    })
    const admin = await buildUser(db, { roles: [['admin', federation]] })
    return {
      federation,
      state,
      session: await sessionFor(db, admin),
      prefix: `R${randomUUID().slice(0, 6)}-`,
    }
  }

  function upload(
    session: { csrf: string; cookie: string },
    csv: string | Buffer,
    fields: Record<string, string> = {},
  ) {
    const body = multipart(
      { _csrf: session.csrf, ...fields },
      { name: 'file', filename: 'export.csv', content: csv },
    )
    return t.app.inject({
      method: 'POST',
      url: '/admin/members/import',
      payload: body.payload,
      headers: { ...body.headers, cookie: session.cookie },
    })
  }

  async function storedNumbers(prefix: string) {
    const rows = await t.database.db
      .select({ n: members.memberNumber })
      .from(members)
      .where(like(members.memberNumber, `${prefix}%`))
    return rows.map((r) => r.n).sort()
  }

  test('an admin of the federation gets the upload form, with the CSRF token before the file', async () => {
    const w = await adminWorld()
    const res = await t.app.inject({
      method: 'GET',
      url: '/admin/members/import',
      headers: w.session.headers,
    })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('enctype="multipart/form-data"')
    expect(res.body.indexOf('name="_csrf"')).toBeLessThan(res.body.indexOf('name="file"'))
    expect(res.body).toContain('name="goodOnly"')
  })

  test('a file with bad rows answers 422 with the report, writes nothing and explains the way out', async () => {
    const w = await adminWorld()
    const csv = [
      header,
      `${w.prefix}1;Erika;Beispiel;03241;2020-01-01`,
      `${w.prefix}2;Max;;03241;2020-01-01`,
    ].join('\n')
    const res = await upload(w.session, csv)
    expect(res.statusCode).toBe(422)
    expect(res.body).toMatch(/<td>3<\/td><td>Nachname<\/td><td>Pflichtfeld ist leer\.<\/td>/)
    expect(res.body).toContain('Es wurde nichts geschrieben.')
    expect(res.body).toContain('1 von 2 Zeilen sind fehlerfrei')
    expect(await storedNumbers(w.prefix)).toEqual([])

    const again = await upload(w.session, csv, { goodOnly: 'on' })
    expect(again.statusCode).toBe(200)
    expect(again.body).toMatch(/data-count="inserted">1</)
    expect(again.body).toMatch(/data-count="skipped">1</)
    expect(await storedNumbers(w.prefix)).toEqual([`${w.prefix}1`])
  })

  test('a file that is not CSV answers 422 with a clear message', async () => {
    const w = await adminWorld()
    const res = await upload(w.session, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]))
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Das ist keine CSV-Datei')
  })

  test('a form sent without a file answers 422', async () => {
    const w = await adminWorld()
    const body = multipart({ _csrf: w.session.csrf }, { name: 'file', filename: '', content: '' })
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/members/import',
      payload: body.payload,
      headers: { ...body.headers, cookie: w.session.cookie },
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Bitte wähle eine Datei aus.')
  })

  test('an upload without a CSRF token is refused', async () => {
    const w = await adminWorld()
    const body = multipart(
      {},
      { name: 'file', filename: 'x.csv', content: `${header}\n${w.prefix}1;A;B;03241;2020-01-01` },
    )
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/members/import',
      payload: body.payload,
      headers: { ...body.headers, cookie: w.session.cookie },
    })
    expect(res.statusCode).toBe(403)
    expect(await storedNumbers(w.prefix)).toEqual([])
  })

  test('the page explains every column the importer knows, by both its names, and offers a sample file', async () => {
    const w = await adminWorld()
    const res = await t.app.inject({
      method: 'GET',
      url: '/admin/members/import',
      headers: w.session.headers,
    })
    for (const [column, [german, english]] of Object.entries(memberColumnHeaders)) {
      expect(res.body).toMatch(
        new RegExp(
          `<tr data-column="${column}"><th scope="row"><code>${german}</code> oder <code lang="en">${english}</code></th><td>(ja|nein|ja, wenn die PLZ fehlt)</td>`,
        ),
      )
    }
    expect(res.body.match(/<tr data-column=/g)).toHaveLength(Object.keys(memberColumns).length)
    expect(res.body).toContain('<td>ja, wenn die PLZ fehlt</td>')
    expect(res.body).toContain('höchstens 24 MB')
    expect(res.body).toContain('href="/admin/members/import/sample.csv"')
    expect(res.body).not.toContain('docs/member-import.md')
  })

  test('each header the page names is one the importer takes, in German and in English', () => {
    for (const language of [0, 1] as const) {
      const header = Object.values(memberColumnHeaders).map((names) => names[language])
      const parsed = parseMemberCsv(`${header.join(';')}\n1;A;B;;;;03241;;2020-01-01;`)
      expect(parsed.ok && parsed.ignoredColumns).toEqual([])
      expect(parsed.ok && Object.values(parsed.headers).every((h) => h !== undefined)).toBe(true)
    }
  })

  test('the sample file imports as it is: every row placed in its KV, by AGS or by postal code', async () => {
    const db = t.database.db
    const federation = await buildFederation(db)
    const state = await buildState(db, federation)
    const flensburg = await insertUnit(db, {
      kind: 'district',
      name: 'KV Flensburg',
      ags: '01001',
      kreisType: 'Kreisfreie Stadt',
      parentId: state.id,
    })
    const kiel = await insertUnit(db, {
      kind: 'district',
      name: 'KV Kiel',
      ags: '01002',
      kreisType: 'Kreisfreie Stadt',
      parentId: state.id,
    })
    const session = await sessionFor(db, await buildUser(db, { roles: [['admin', federation]] }))
    const sample = await t.app.inject({
      method: 'GET',
      url: '/admin/members/import/sample.csv',
      headers: session.headers,
    })
    expect(sample.statusCode).toBe(200)
    expect(sample.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(sample.headers['content-disposition']).toBe('attachment; filename="mitglieder-beispiel.csv"')
    expect(sample.body.startsWith('\uFEFFMitgliedsnummer;Vorname;Nachname;E-Mail;')).toBe(true)

    const res = await upload(session, sample.rawPayload)
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatch(/data-count="inserted">4</)
    expect(res.body).toMatch(/data-count="skipped">0</)
    expect(res.body).not.toContain('unbekannt und wurden ignoriert')
    const stored = await db
      .select({ n: members.memberNumber, unit: members.homeUnitId, left: members.leftOn })
      .from(members)
      .where(like(members.memberNumber, '10023%'))
    expect(stored.sort((a, b) => a.n.localeCompare(b.n))).toEqual([
      { n: '100231', unit: kiel.id, left: null },
      { n: '100232', unit: flensburg.id, left: null },
      { n: '100233', unit: kiel.id, left: null },
      { n: '100234', unit: kiel.id, left: '2023-12-31' },
    ])
  })

  test('anyone but an admin of the federation gets 403', async () => {
    const w = await adminWorld()
    const district = await buildDistrict(t.database.db, w.state)
    const refused: [Role, OrgUnit][][] = [[['board', district]], [['admin', w.state]]]
    for (const roles of refused) {
      const user = await buildUser(t.database.db, { roles })
      const session = await sessionFor(t.database.db, user)
      const page = await t.app.inject({
        method: 'GET',
        url: '/admin/members/import',
        headers: session.headers,
      })
      expect(page.statusCode).toBe(403)
      const res = await upload(session, `${header}\n${w.prefix}1;A;B;03241;2020-01-01`)
      expect(res.statusCode).toBe(403)
      const sample = await t.app.inject({
        method: 'GET',
        url: '/admin/members/import/sample.csv',
        headers: session.headers,
      })
      expect(sample.statusCode).toBe(403)
    }
    expect(await storedNumbers(w.prefix)).toEqual([])
  })
})
