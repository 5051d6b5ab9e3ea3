import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildHelpRequest,
  buildPartnership,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { helpRequests } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

function post(url: string, s: Session, fields: Record<string, string> = {}) {
  const params = new URLSearchParams({ _csrf: s.csrf, ...fields })
  return t.app.inject({
    method: 'POST',
    url,
    payload: params.toString(),
    headers: { ...form({}).headers, cookie: s.cookie },
  })
}

const get = (url: string, s: Session) => t.app.inject({ url, headers: s.headers })

const requestRow = async (id: string) =>
  (await db().select().from(helpRequests).where(eq(helpRequests.id, id)))[0]!

/** A request of KV A open to its partner B, A's coordinator, and B's board and member. */
async function scene() {
  const { unitA, unitB, boardB } = await buildPartnership(db(), { status: 'active' })
  const { request, shift } = await buildHelpRequest(db(), unitA, { visibility: 'partners' })
  const coordinator = await sessionFor(
    db(),
    await buildUser(db(), { member: unitA, roles: [['coordinator', unitA]] }),
  )
  return { unitA, unitB, request, shift, coordinator, partnerBoard: await sessionFor(db(), boardB) }
}

describe('editing a help request', () => {
  test('the coordinator changes title, description and place (found by name); the audit row names what changed', async () => {
    const { request, coordinator } = await scene()
    const page = await get(`/help/${request.id}`, coordinator)
    expect(page.body).toContain(`href="/help/${request.id}/edit"`)
    const edit = await get(`/help/${request.id}/edit`, coordinator)
    expect(edit.statusCode).toBe(200)
    expect(edit.body).toContain(`value="${request.title}"`)
    expect(edit.body).toContain('Gewählt: Gefell, Saale-Orla-Kreis.')

    // Two places are called Gefell: the form asks which one and keeps what was typed.
    const fields = { title: 'Plakatieren in Schleiz', description: 'Bitte Kabelbinder mitbringen.' }
    const ambiguous = await post(`/help/${request.id}/edit`, coordinator, {
      ...fields,
      municipality: 'gefell',
    })
    expect(ambiguous.statusCode).toBe(422)
    expect(ambiguous.body).toContain('Welche Gemeinde meinst du?')
    expect(ambiguous.body).toContain('value="Plakatieren in Schleiz"')
    expect((await requestRow(request.id)).title).toBe(request.title)

    const schleiz = await post(`/help/${request.id}/edit`, coordinator, {
      ...fields,
      municipality: 'Schleiz',
    })
    expect(schleiz.body).toContain('value="16075098"')
    const saved = await post(`/help/${request.id}/edit`, coordinator, {
      ...fields,
      municipality: 'Schleiz',
      municipalityAgs: '16075098',
    })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/help/${request.id}`)
    const row = await requestRow(request.id)
    expect(row).toMatchObject({
      title: 'Plakatieren in Schleiz',
      description: 'Bitte Kabelbinder mitbringen.',
      municipalityAgs: '16075098',
    })
    const audits = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'help.request.edited'), eq(auditEvents.objectId, request.id)))
    expect(audits).toHaveLength(1)
    expect(audits[0]!.data).toEqual({ changed: ['title', 'description', 'municipalityAgs'] })
    expect((await get(`/help/${request.id}`, coordinator)).body).toContain('Schleiz (16075098)')
  })

  test('an empty title is a field error beside the field; what was typed stays and nothing is written', async () => {
    const { request, coordinator } = await scene()
    const res = await post(`/help/${request.id}/edit`, coordinator, {
      title: '  ',
      description: 'Neu getippt',
      municipality: '07926',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('class="error-summary"')
    expect(res.body).toContain('href="#f-title"')
    expect(res.body).toContain('id="f-title-error"')
    expect(res.body).toContain('Neu getippt')
    expect(await requestRow(request.id)).toMatchObject({ title: request.title, description: null })
  })

  test('a plain member and the partner KV’s board are refused; a stranger learns nothing', async () => {
    const { unitA, unitB, request, partnerBoard } = await scene()
    const member = await sessionFor(db(), await buildUser(db(), { member: unitA }))
    const partnerMember = await sessionFor(db(), await buildUser(db(), { member: unitB }))
    const strangerBoard = await sessionFor(
      db(),
      await buildUser(db(), { roles: [['board', await buildDistrict(db())]] }),
    )
    const change = { title: 'Übernommen', municipality: '07926' }
    for (const s of [member, partnerMember, partnerBoard]) {
      expect((await get(`/help/${request.id}`, s)).body).not.toContain(`/help/${request.id}/edit`)
      expect((await get(`/help/${request.id}/edit`, s)).statusCode).toBe(403)
      expect((await post(`/help/${request.id}/edit`, s, change)).statusCode).toBe(403)
    }
    expect((await get(`/help/${request.id}/edit`, strangerBoard)).statusCode).toBe(404)
    expect((await post(`/help/${request.id}/edit`, strangerBoard, change)).statusCode).toBe(404)
    expect((await requestRow(request.id)).title).toBe(request.title)
  })
})
