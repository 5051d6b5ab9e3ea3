import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { pdfText } from '../../../test/support/pdf.js'
import type { OrgUnit } from '../org-units/index.js'
import { type Resolution, resolutionMeasures, resolutions } from '../resolutions/index.js'
import { boardReportSections } from './tables.js'

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
const get = (url: string, s?: Session) => t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} })

/**
 * A KV with a measure of a public resolution (in progress, overdue at the period's end), one of a members-only
 * resolution, a dropped one, and a measure of the neighbouring KV.
 */
async function world() {
  const state = await buildState(db())
  const kv: OrgUnit = await buildDistrict(db(), state)
  const other = await buildDistrict(db(), state)
  const board = await sessionFor(db(), await buildUser(db(), { member: kv, roles: [['board', kv]] }))
  const member = await sessionFor(db(), await buildUser(db(), { member: kv }))
  const resolution = async (values: Partial<Resolution> & { title: string }) =>
    (
      await db()
        .insert(resolutions)
        .values({ unitId: state.id, numbered: true, ...values })
        .returning()
    )[0]!
  const open = await resolution({ code: 'B-1', title: 'Mitmach-Partei', visibility: 'public' })
  const internal = await resolution({ title: 'Kassenlage', visibility: 'members' })
  const measure = async (
    r: Resolution,
    unit: OrgUnit,
    title: string,
    values: Partial<typeof resolutionMeasures.$inferInsert> = {},
  ) =>
    (
      await db()
        .insert(resolutionMeasures)
        .values({
          resolutionId: r.id,
          groupId: crypto.randomUUID(),
          title,
          fromLine: 1,
          toLine: 1,
          quote: 'Zitat',
          unitId: unit.id,
          ...values,
        })
        .returning()
    )[0]!
  const publicMeasure = await measure(open, kv, 'Monatliche Neumitgliedertreffen', {
    status: 'in_progress',
    dueOn: '2026-03-31',
    responsibleNote: 'AG Neumitglieder',
  })
  const secretMeasure = await measure(internal, kv, 'Kassenprüfung vorbereiten', {
    dueOn: '2026-12-31',
    dueText: 'bis zur Mitgliederversammlung',
  })
  await measure(open, kv, 'Verworfene Idee', { status: 'dropped' })
  await measure(open, other, 'Maßnahme des Nachbarverbands')
  return { kv, board, member, publicMeasure, secretMeasure }
}
type World = Awaited<ReturnType<typeof world>>

async function draft(w: World) {
  const started = await post(`/units/${w.kv.id}/reports`, w.board, { from: '2026-01-01', to: '2026-06-30' })
  expect(started.statusCode).toBe(303)
  return started.headers.location as string
}

async function publish(w: World, url: string, audience: 'members' | 'public') {
  expect((await post(`${url}/publish`, w.board, { audience })).statusCode).toBe(303)
}

async function resolutionsSection(url: string) {
  const [section] = await db()
    .select()
    .from(boardReportSections)
    .where(
      and(eq(boardReportSections.reportId, url.split('/')[2]!), eq(boardReportSections.kind, 'resolutions')),
    )
  return section!
}

describe('the measures the KV is responsible for, listed in its report', () => {
  test('the draft lists them with link, resolution, responsible, due date and status; members-only ones marked', async () => {
    const w = await world()
    const url = await draft(w)
    for (const page of [(await get(url, w.board)).body, (await get(`${url}/preview`, w.board)).body]) {
      expect(page).toContain(`href="/measures/${w.publicMeasure.id}"`)
      expect(page).toContain('Monatliche Neumitgliedertreffen')
      expect(page).toContain('B-1 Mitmach-Partei')
      expect(page).toContain('AG Neumitglieder')
      expect(page).toContain('31.03.2026')
      // In progress, but past its due date at the period's end.
      expect(page).toContain('Überfällig')
      expect(page).toContain(`href="/measures/${w.secretMeasure.id}"`)
      expect(page).toContain('„bis zur Mitgliederversammlung“')
      expect(page).toContain('Beschluss nur für Mitglieder: steht in keinem öffentlichen Bericht')
      expect(page).not.toContain('Verworfene Idee')
      expect(page).not.toContain('Maßnahme des Nachbarverbands')
    }
  })

  test('a report to the public lists and counts only measures of public resolutions: page, PDF and Markdown', async () => {
    const w = await world()
    const url = await draft(w)
    await publish(w, url, 'public')

    const page = await get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`href="/measures/${w.publicMeasure.id}"`)
    expect(page.body).toContain('Überfällig')
    expect(page.body).not.toContain('Kassenprüfung')
    expect(page.body).not.toContain(w.secretMeasure.id)

    const pdf = await get(`${url}/pdf`)
    expect(pdf.statusCode).toBe(200)
    const text = pdfText(pdf.rawPayload)
    expect(text).toContain('Monatliche Neumitgliedertreffen')
    expect(text).not.toContain('Kassenprüfung')

    const md = await get(`${url}/markdown`)
    expect(md.body).toContain(`${t.app.config.http.publicUrl}/measures/${w.publicMeasure.id}`)
    expect(md.body).not.toContain('Kassenprüfung')
    expect(md.body).not.toContain(w.secretMeasure.id)

    // Frozen as published: the one public measure, and the figures count it alone.
    const section = await resolutionsSection(url)
    expect(section.measures.map((m) => m.id)).toEqual([w.publicMeasure.id])
    expect(section.figures.find((f) => f.name === 'measures')?.value).toBe(1)

    // Should a members-only measure ever stand in a public report's row, no reader sees it.
    await db()
      .update(boardReportSections)
      .set({
        measures: [
          ...section.measures,
          { ...section.measures[0]!, id: w.secretMeasure.id, title: 'Kassenprüfung', visibility: 'members' },
        ],
      })
      .where(eq(boardReportSections.id, section.id))
    for (const path of [url, `${url}/markdown`]) expect((await get(path)).body).not.toContain('Kassenprüfung')
    expect(pdfText((await get(`${url}/pdf`)).rawPayload)).not.toContain('Kassenprüfung')
  })

  test('a report to the members lists both for its members, unmarked, and keeps the list as published', async () => {
    const w = await world()
    const url = await draft(w)
    await publish(w, url, 'members')
    const page = (await get(url, w.member)).body
    expect(page).toContain(`href="/measures/${w.publicMeasure.id}"`)
    expect(page).toContain(`href="/measures/${w.secretMeasure.id}"`)
    expect(page).not.toContain('Beschluss nur für Mitglieder')
    expect((await resolutionsSection(url)).figures.find((f) => f.name === 'measures')?.value).toBe(2)

    // A published report is not changed: the measure done since still stands as it was.
    await db()
      .update(resolutionMeasures)
      .set({ status: 'done' })
      .where(eq(resolutionMeasures.id, w.publicMeasure.id))
    expect((await get(url, w.member)).body).toContain('Überfällig')
    expect((await get(url)).statusCode).toBe(404)
  })
})
