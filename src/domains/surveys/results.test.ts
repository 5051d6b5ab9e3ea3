import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { resultQuestions as questions } from '../../../test/support/surveys.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import { type Cell, MIN_ANSWERS, suppress } from './results.js'
import { surveyAnswers, surveyResponses, surveys, surveyVersions } from './tables.js'

const cell = (base: number): Cell => ({
  base,
  withheld: base === 0 ? 'none' : base < MIN_ANSWERS ? 'small' : 'none',
  bars: [],
  mean: null,
})

describe('withholding small cells', () => {
  test('one KV below five takes the next smallest with it', () => {
    const out = suppress(
      cell(30),
      new Map([
        ['a', cell(3)],
        ['b', cell(6)],
        ['c', cell(9)],
        ['d', cell(12)],
      ]),
    )
    expect([...out.values()].map((c) => c.withheld)).toEqual(['small', 'complementary', 'none', 'none'])
  })
  test('two KVs below five that rest on fewer than five together take the next smallest too', () => {
    const out = suppress(
      cell(25),
      new Map([
        ['a', cell(1)],
        ['b', cell(2)],
        ['c', cell(10)],
        ['d', cell(12)],
      ]),
    )
    expect([...out.values()].map((c) => c.withheld)).toEqual(['small', 'small', 'complementary', 'none'])
  })
  test('two KVs below five on five or more together need nothing more', () => {
    const out = suppress(
      cell(29),
      new Map([
        ['a', cell(3)],
        ['b', cell(4)],
        ['c', cell(10)],
        ['d', cell(12)],
      ]),
    )
    expect([...out.values()].map((c) => c.withheld)).toEqual(['small', 'small', 'none', 'none'])
  })
  test('a withheld total withholds every KV; KVs without answers stay empty', () => {
    const out = suppress(
      { ...cell(4), withheld: 'small' },
      new Map([
        ['a', cell(4)],
        ['b', cell(0)],
      ]),
    )
    expect([...out.values()].map((c) => c.withheld)).toEqual(['small', 'none'])
  })
})

let t: TestApp
let state: OrgUnit
let kvs: OrgUnit[]
let office: Session
let kvBoard: Session
let member: Session

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  state = await buildState(db, federation)
  kvs = []
  for (let i = 0; i < 4; i++) kvs.push(await buildDistrict(db, state))
  office = await sessionFor(db, await buildUser(db, { member: kvs[0], roles: [['state_office', state]] }))
  kvBoard = await sessionFor(db, await buildUser(db, { member: kvs[1], roles: [['board', kvs[1]!]] }))
  member = await sessionFor(db, await buildUser(db, { member: kvs[0] }))
})
afterAll(() => t.close())

const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

/** Responses straight into the tables: `perKv[i]` responses from KV i, answers following a fixed pattern. */
async function surveyWithAnswers(anonymous: boolean, perKv: number[]) {
  const db = t.database.db
  const [survey] = await db
    .insert(surveys)
    .values({
      unitId: state.id,
      title: `Ergebnisse ${anonymous}`,
      anonymous,
      status: 'open',
      createdAt: new Date(),
    })
    .returning()
  const [version] = await db
    .insert(surveyVersions)
    .values({ surveyId: survey!.id, number: 1, questionnaire: { questions }, createdAt: new Date() })
    .returning()
  const expected = { yes: 0, scaleSum: 0, n: 0, what: [0, 0, 0] }
  let k = 0
  for (const [i, count] of perKv.entries()) {
    for (let j = 0; j < count; j++, k++) {
      const m = anonymous ? null : await buildMember(db, kvs[i]!, { firstName: `Befragte${k}` })
      const [response] = await db
        .insert(surveyResponses)
        .values({
          surveyId: survey!.id,
          versionId: version!.id,
          memberId: m?.id ?? null,
          unitId: kvs[i]!.id,
          channel: k % 3 === 0 ? 'phone' : 'online',
          submittedAt: anonymous ? null : new Date(),
        })
        .returning()
      const yes = k % 2 === 0
      const scale = (k % 5) + 1
      const what = [k % 2 === 0, k % 3 === 0, k % 4 === 0]
      expected.n++
      if (yes) expected.yes++
      expected.scaleSum += scale
      what.forEach((w, x) => {
        if (w) expected.what[x]!++
      })
      const rows: (typeof surveyAnswers.$inferInsert)[] = [
        { responseId: response!.id, versionId: version!.id, questionKey: 'yes', option: yes ? 'o1' : 'o2' },
        { responseId: response!.id, versionId: version!.id, questionKey: 'like', numberValue: scale },
        ...what.flatMap((w, x) =>
          w
            ? [{ responseId: response!.id, versionId: version!.id, questionKey: 'what', option: `o${x + 1}` }]
            : [],
        ),
        {
          responseId: response!.id,
          versionId: version!.id,
          questionKey: 'free',
          textValue: `Idee ${k} (Gruppe ${i})`,
        },
      ]
      await db.insert(surveyAnswers).values(rows)
    }
  }
  return { id: survey!.id, expected }
}

/** The CSV as rows of cells (every cell is quoted). */
function parseCsv(text: string) {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')))
}

describe('results', () => {
  test('counts, shares and means come from the database; small KVs and the next smallest are withheld', async () => {
    // KV 2 has three answers: withheld; KV 1, the smallest shown (six), is withheld with it.
    const { id, expected } = await surveyWithAnswers(false, [12, 6, 3, 8])
    const page = await get(office, `/surveys/${id}/results`)
    expect(page.statusCode, page.body).toBe(200)
    expect(page.body).toContain(`${expected.n} Personen haben geantwortet.`)
    expect(page.body).toContain('role="img"')
    expect(page.body).toContain(`Ja: ${expected.yes} (`)
    const mean = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 }).format(
      expected.scaleSum / expected.n,
    )
    expect(page.body).toContain(`Mittelwert: ${mean}.`)
    expect(page.body).toContain('Idee 0 (Gruppe 0)')

    const small = await get(office, `/surveys/${id}/results?kv=${kvs[2]!.id}`)
    expect(small.statusCode).toBe(200)
    expect(small.body).toContain('Zurückgehalten: weniger als 5 Antworten.')
    expect(small.body).not.toContain('(Gruppe 2)')
    const next = await get(office, `/surveys/${id}/results?kv=${kvs[1]!.id}`)
    expect(next.body).toContain(
      'Zurückgehalten, damit sich eine kleinere Zahl nicht aus der Summe errechnen lässt.',
    )
    expect(next.body).not.toContain('(Gruppe 1)')
    const shownKv = await get(office, `/surveys/${id}/results?kv=${kvs[3]!.id}`)
    expect(shownKv.body).toContain('Idee 23 (Gruppe 3)')
    expect(shownKv.body).not.toContain('(Gruppe 0)')

    // The CSV: the total minus the KVs shown leaves only a sum over at least two KVs and five answers.
    const csv = await get(office, `/surveys/${id}/results.csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const rows = parseCsv(csv.body).slice(1)
    const names = new Map(kvs.map((k, i) => [k.name, i]))
    for (const q of [
      'Warst du bei einem Treffen?',
      'Was würde dir helfen?',
      'Wie gut fühlst du dich eingebunden?',
    ]) {
      const mine = rows.filter((r) => r[3] === q)
      const total = mine.filter((r) => r[1] === 'Alle')
      const withheld = mine.filter((r) => r[1] !== 'Alle' && r[4] === '').map((r) => names.get(r[1]!))
      expect(withheld.sort(), q).toEqual([1, 2])
      for (const row of total.filter((r) => r[5] !== '')) {
        const shownSum = mine
          .filter((r) => r[1] !== 'Alle' && r[4] === row[4] && r[5] !== '')
          .reduce((s, r) => s + Number(r[5]), 0)
        // What differencing reveals is the sum of KVs 1 and 2 together (nine answers), never KV 2 alone.
        expect(Number(row[5]) - shownSum).toBeGreaterThanOrEqual(0)
      }
    }
    expect(csv.body).not.toContain('Befragte')
    expect(csv.body).not.toContain('Idee')

    // The single answers: the owners only, with names, and the export is audited.
    const raw = await get(office, `/surveys/${id}/answers.csv`)
    expect(raw.statusCode).toBe(200)
    expect(raw.body).toContain('Befragte0')
    expect(raw.body).toContain('Stammtisch; Patenschaft; Online-Treffen')
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectId, id))
    expect(audit.find((a) => a.action === 'survey.answers_exported')?.data).toMatchObject({
      count: expected.n,
    })
  })

  test('only the owners read results; an anonymous survey has no single answers to export', async () => {
    const { id } = await surveyWithAnswers(true, [5, 5])
    expect((await get(kvBoard, `/surveys/${id}/results`)).statusCode).toBe(404)
    expect((await get(kvBoard, `/surveys/${id}/results.csv`)).statusCode).toBe(404)
    expect((await get(member, `/surveys/${id}/results`)).statusCode).toBe(403)
    const page = await get(office, `/surveys/${id}/results`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Keine Antwort lässt sich einer Person zuordnen.')
    expect(page.body).not.toContain('answers.csv')
    expect((await get(office, `/surveys/${id}/answers.csv`)).statusCode).toBe(404)
    // A total below five shows nothing at all.
    const few = await surveyWithAnswers(true, [2, 2])
    const fewPage = await get(office, `/surveys/${few.id}/results`)
    expect(fewPage.body).not.toContain('role="img"')
    expect(fewPage.body).not.toContain('Idee')
    expect(fewPage.body).toContain('Zurückgehalten: weniger als 5 Antworten.')
    // Unknown filters are ignored; an unknown version is 404.
    expect((await get(office, `/surveys/${id}/results?kv=nonsense&version=x`)).statusCode).toBe(200)
    expect((await get(office, `/surveys/${id}/results?version=9`)).statusCode).toBe(404)
  })
})
