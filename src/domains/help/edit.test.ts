import { and, eq, sql } from 'drizzle-orm'
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
import { platformCookies } from '../../platform/http/cookies.js'
import { helpRequests, helpShifts, helpSignups } from './tables.js'

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

const shiftRow = async (id: string) => (await db().select().from(helpShifts).where(eq(helpShifts.id, id)))[0]

const signupsOf = async (shiftId: string) =>
  db().select().from(helpSignups).where(eq(helpSignups.shiftId, shiftId)).orderBy(helpSignups.queuedAt)

const auditsOf = (action: string, objectId: string) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.objectId, objectId)))

const requestRow = async (id: string) =>
  (await db().select().from(helpRequests).where(eq(helpRequests.id, id)))[0]!

/** A request of KV A open to its partner B, A's coordinator, and B's board and member. */
async function scene(capacity = 20) {
  const { unitA, unitB, boardB } = await buildPartnership(db(), { status: 'active' })
  const { request, shift } = await buildHelpRequest(db(), unitA, { visibility: 'partners', capacity })
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
    expect((await get(`/help/${request.id}`, coordinator)).body).toContain('Schleiz (Saale-Orla-Kreis)')
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

describe('editing the shifts of a request', () => {
  /** Members of the partner KV signing up for the shift, one after the other. */
  async function signUps(unit: Awaited<ReturnType<typeof scene>>['unitB'], shiftId: string, n: number) {
    for (let i = 0; i < n; i++) {
      const s = await sessionFor(db(), await buildUser(db(), { member: unit }))
      expect((await post(`/help/shifts/${shiftId}/signup`, s)).statusCode).toBe(303)
    }
  }

  test('time, meeting point and capacity change; never below the places taken, and a larger capacity moves the waitlist up', async () => {
    const { unitB, request, shift, coordinator } = await scene(2)
    await signUps(unitB, shift.id, 3)
    expect((await signupsOf(shift.id)).map((g) => g.status)).toEqual(['confirmed', 'confirmed', 'waitlisted'])

    const edit = await get(`/help/${request.id}/edit`, coordinator)
    expect(edit.body).toContain('id="s0-startsAt"')
    expect(edit.body).toContain('value="2026-11-22T10:00"')
    expect(edit.body).toContain('2 von 2 Plätzen belegt, 1 auf der Warteliste')
    // People are signed up: the shift can be cancelled, not removed.
    expect(edit.body).toContain(`action="/help/shifts/${shift.id}/call-off"`)
    expect(edit.body).not.toContain(`action="/help/shifts/${shift.id}/delete"`)

    const typed = { startsAt: '2026-11-22T11:00', endsAt: '2026-11-22T15:00', meetingPoint: 'Rathaus' }
    const below = await post(`/help/shifts/${shift.id}/edit`, coordinator, { ...typed, capacity: '1' })
    expect(below.statusCode).toBe(422)
    expect(below.body).toContain('Es sind schon 2 Plätze belegt')
    expect(below.body).toContain('href="#s0-capacity"')
    expect(below.body).toContain('id="s0-capacity-error"')
    expect(below.body).toContain('value="Rathaus"')
    expect(await shiftRow(shift.id)).toMatchObject({ capacity: 2, meetingPoint: 'Marktplatz', revision: 0 })
    expect(await auditsOf('help.shift.changed', shift.id)).toEqual([])

    const saved = await post(`/help/shifts/${shift.id}/edit`, coordinator, { ...typed, capacity: '3' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/help/${request.id}/edit#shifts-heading`)
    expect(await shiftRow(shift.id)).toMatchObject({
      startsAt: new Date('2026-11-22T10:00:00Z'),
      endsAt: new Date('2026-11-22T14:00:00Z'),
      meetingPoint: 'Rathaus',
      capacity: 3,
      taken: 3,
      revision: 1,
    })
    expect((await signupsOf(shift.id)).map((g) => g.status)).toEqual(['confirmed', 'confirmed', 'confirmed'])
    const [audit] = await auditsOf('help.shift.changed', shift.id)
    expect(audit!.data).toMatchObject({ changed: ['time', 'meetingPoint', 'capacity'], promoted: 1 })
    expect((await get(`/help/${request.id}`, coordinator)).body).toContain('3 von 3 belegt')
  })

  test('a sign-up that reads a shift just as it is removed gets 404, not a server error, and leaves nothing behind', async () => {
    const { unitB, shift } = await scene()
    const helper = await sessionFor(db(), await buildUser(db(), { member: unitB }))
    let signup: ReturnType<typeof post> | undefined
    await db().transaction(async (tx) => {
      // Removed as removeShift removes it, and the sign-up sent while the removal is not yet committed: on
      // PostgreSQL it reads the shift still there and waits for the lock at its insert; on PGlite it waits.
      await tx.execute(sql`select id from help_shifts where id = ${shift.id} for update`)
      await tx.delete(helpShifts).where(eq(helpShifts.id, shift.id))
      signup = post(`/help/shifts/${shift.id}/signup`, helper)
      await new Promise((resolve) => setTimeout(resolve, 400))
    })
    expect((await signup!).statusCode).toBe(404)
    expect(await signupsOf(shift.id)).toHaveLength(0)
  })

  test('a new shift is added on the edit page; one without sign-ups is removed, one with sign-ups only cancelled', async () => {
    const { unitA, unitB, request, shift, coordinator, partnerBoard } = await scene()
    await signUps(unitB, shift.id, 1)

    const wrong = await post(`/help/${request.id}/shifts`, coordinator, {
      back: 'edit',
      startsAt: '2026-11-29T14:00',
      endsAt: '2026-11-29T10:00',
      capacity: '5',
      meetingPoint: 'Bahnhof',
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('id="add-endsAt-error"')
    expect(wrong.body).toContain('value="Bahnhof"')
    const added = await post(`/help/${request.id}/shifts`, coordinator, {
      back: 'edit',
      startsAt: '2026-11-29T10:00',
      endsAt: '2026-11-29T14:00',
      capacity: '5',
      meetingPoint: 'Bahnhof',
    })
    expect(added.statusCode).toBe(303)
    expect(added.headers.location).toBe(`/help/${request.id}/edit#shifts-heading`)
    const [second] = await db()
      .select()
      .from(helpShifts)
      .where(and(eq(helpShifts.requestId, request.id), eq(helpShifts.meetingPoint, 'Bahnhof')))
    const page = await get(`/help/${request.id}/edit`, coordinator)
    expect(page.body).toContain(`action="/help/shifts/${second!.id}/delete"`)

    // Nobody but those who manage the request changes its shifts.
    const member = await sessionFor(db(), await buildUser(db(), { member: unitA }))
    const strangerBoard = await sessionFor(
      db(),
      await buildUser(db(), { roles: [['board', await buildDistrict(db())]] }),
    )
    const change = {
      startsAt: '2026-11-29T09:00',
      endsAt: '2026-11-29T14:00',
      capacity: '5',
      meetingPoint: 'X',
    }
    for (const [s, status] of [
      [member, 403],
      [partnerBoard, 403],
      [strangerBoard, 404],
    ] as const) {
      expect((await post(`/help/shifts/${second!.id}/edit`, s, change)).statusCode).toBe(status)
      expect((await post(`/help/shifts/${second!.id}/delete`, s)).statusCode).toBe(status)
      expect((await post(`/help/shifts/${shift.id}/call-off`, s)).statusCode).toBe(status)
    }
    expect(await shiftRow(second!.id)).toMatchObject({ meetingPoint: 'Bahnhof' })

    expect((await post(`/help/shifts/${second!.id}/delete`, coordinator)).statusCode).toBe(303)
    expect(await shiftRow(second!.id)).toBeUndefined()
    expect(await auditsOf('help.shift.removed', second!.id)).toHaveLength(1)

    // A shift with a helper stays: it can only be cancelled, which ends the sign-up.
    expect((await post(`/help/shifts/${shift.id}/delete`, coordinator)).statusCode).toBe(409)
    expect(await shiftRow(shift.id)).toBeDefined()
    expect((await post(`/help/shifts/${shift.id}/call-off`, coordinator)).statusCode).toBe(303)
    const cancelled = await shiftRow(shift.id)
    expect(cancelled!.cancelledAt).not.toBeNull()
    expect(cancelled).toMatchObject({ taken: 0, revision: 1 })
    expect((await signupsOf(shift.id)).map((g) => g.status)).toEqual(['cancelled'])
    const [audit] = await auditsOf('help.shift.cancelled', shift.id)
    expect(audit!.data).toMatchObject({ helpers: 1 })
    const latecomer = await sessionFor(db(), await buildUser(db(), { member: unitB }))
    expect((await post(`/help/shifts/${shift.id}/signup`, latecomer)).statusCode).toBe(409)
    const shown = await get(`/help/${request.id}`, latecomer)
    expect(shown.body).toContain('abgesagt')
    expect(shown.body).not.toContain(`/help/shifts/${shift.id}/signup`)
    expect((await post(`/help/shifts/${shift.id}/edit`, coordinator, change)).statusCode).toBe(409)
  })
})

describe('changing who sees a request and who is its contact', () => {
  const requestFields = (request: { title: string }) => ({
    title: request.title,
    municipality: 'Schleiz',
    municipalityAgs: '16075098',
  })

  /** The request's visibility changes, everything else as it is. */
  const setVisibility = (request: { id: string; title: string }, s: Session, visibility: string) =>
    post(`/help/${request.id}/edit`, s, {
      title: request.title,
      municipality: 'Gefell',
      municipalityAgs: '16075131',
      visibility,
    })

  test('the contact changes to someone the new form offers; anyone else is a field error and nothing is written', async () => {
    const { unitA, request, coordinator } = await scene()
    const board = await buildUser(db(), { member: unitA, roles: [['board', unitA]] })
    const plain = await buildUser(db(), { member: unitA })

    const edit = await get(`/help/${request.id}/edit`, coordinator)
    expect(edit.body).toContain('name="contactMemberId"')
    expect(edit.body).toContain(`<option value="${board.memberId}"`)
    // The present contact stays selectable, even though the new form would not offer them.
    expect(edit.body).toContain(`<option value="${request.contactMemberId}" selected`)
    expect(edit.body).not.toContain(`value="${plain.memberId}"`)
    expect(edit.body).toContain('Die Art (')

    const refused = await post(`/help/${request.id}/edit`, coordinator, {
      ...requestFields(request),
      contactMemberId: plain.memberId!,
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('href="#f-contactMemberId"')
    expect(refused.body).toContain('Kontaktperson kann nur sein')
    expect(await requestRow(request.id)).toMatchObject({
      contactMemberId: request.contactMemberId,
      municipalityAgs: request.municipalityAgs,
    })
    expect(await auditsOf('help.request.edited', request.id)).toEqual([])

    // Keeping the present contact while changing something else is fine.
    const kept = await post(`/help/${request.id}/edit`, coordinator, {
      ...requestFields(request),
      contactMemberId: request.contactMemberId,
    })
    expect(kept.statusCode).toBe(303)
    const changed = await post(`/help/${request.id}/edit`, coordinator, {
      ...requestFields(request),
      contactMemberId: board.memberId!,
    })
    expect(changed.statusCode).toBe(303)
    expect((await requestRow(request.id)).contactMemberId).toBe(board.memberId)
    expect((await auditsOf('help.request.edited', request.id)).map((a) => a.data)).toEqual([
      { changed: ['municipalityAgs'] },
      { changed: ['contactMemberId'] },
    ])
  })

  test('a visibility that is not one of the choices is a field error; nothing is written', async () => {
    const { request, coordinator } = await scene()
    const res = await post(`/help/${request.id}/edit`, coordinator, {
      ...requestFields(request),
      visibility: 'world',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#f-visibility"')
    expect(res.body).toContain('value="Schleiz"')
    expect(await requestRow(request.id)).toMatchObject({
      visibility: 'partners',
      municipalityAgs: '16075131',
    })
    expect(await auditsOf('help.request.edited', request.id)).toEqual([])
  })

  test('widening opens the request to the new circle; the partner KVs, told when it was posted, get no new mail', async () => {
    const { request, coordinator } = await scene()
    const stranger = await sessionFor(db(), await buildUser(db(), { member: await buildDistrict(db()) }))
    expect((await get(`/help/${request.id}`, stranger)).statusCode).toBe(404)
    const before = (await t.outbox()).length

    const edit = await get(`/help/${request.id}/edit`, coordinator)
    expect(edit.body).toContain('<option value="partners" selected')
    expect((await setVisibility(request, coordinator, 'party')).statusCode).toBe(303)
    expect((await requestRow(request.id)).visibility).toBe('party')
    expect((await auditsOf('help.request.edited', request.id))[0]!.data).toEqual({
      changed: ['visibility'],
      visibility: { from: 'partners', to: 'party', wider: true },
    })
    expect((await t.outbox()).length).toBe(before)
    expect((await get(`/help/${request.id}`, stranger)).statusCode).toBe(200)
  })

  test('narrowing keeps every sign-up: those outside the circle still see the request and their sign-up, sign up for nothing new, and may cancel', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { request, shift } = await buildHelpRequest(db(), unitA, { visibility: 'party' })
    const [later] = await db()
      .insert(helpShifts)
      .values({
        requestId: request.id,
        startsAt: new Date('2026-11-23T09:00:00Z'),
        endsAt: new Date('2026-11-23T13:00:00Z'),
        capacity: 5,
        meetingPoint: 'Bahnhof',
      })
      .returning()
    const coordinator = await sessionFor(
      db(),
      await buildUser(db(), { member: unitA, roles: [['coordinator', unitA]] }),
    )
    const elsewhere = await buildDistrict(db())
    const helper = await sessionFor(db(), await buildUser(db(), { member: elsewhere }))
    const onlooker = await sessionFor(db(), await buildUser(db(), { member: elsewhere }))
    const partner = await sessionFor(db(), await buildUser(db(), { member: unitB }))
    expect((await post(`/help/shifts/${shift.id}/signup`, helper)).statusCode).toBe(303)
    expect((await get(`/help/${request.id}`, onlooker)).statusCode).toBe(200)

    expect((await setVisibility(request, coordinator, 'partners')).statusCode).toBe(303)
    expect((await auditsOf('help.request.edited', request.id))[0]!.data).toEqual({
      changed: ['visibility'],
      visibility: { from: 'party', to: 'partners', wider: false },
    })
    expect((await signupsOf(shift.id)).map((g) => g.status)).toEqual(['confirmed'])

    // Outside the circle now: the onlooker learns nothing, the helper still sees the request and their place.
    expect((await get(`/help/${request.id}`, onlooker)).statusCode).toBe(404)
    expect((await get(`/help/${request.id}`, partner)).statusCode).toBe(200)
    const page = await get(`/help/${request.id}`, helper)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`action="/help/shifts/${shift.id}/cancel"`)
    expect((await get('/help', helper)).body).not.toContain(request.title)

    // No new sign-up outside the circle; cancelling one's own works, and the page stays theirs to see.
    expect((await post(`/help/shifts/${later!.id}/signup`, helper)).statusCode).toBe(409)
    expect(await signupsOf(later!.id)).toEqual([])
    expect((await post(`/help/shifts/${shift.id}/cancel`, helper)).statusCode).toBe(303)
    expect((await signupsOf(shift.id)).map((g) => g.status)).toEqual(['cancelled'])
    expect((await get(`/help/${request.id}`, helper)).statusCode).toBe(200)
    expect((await post(`/help/shifts/${shift.id}/signup`, helper)).statusCode).toBe(409)
    expect((await signupsOf(shift.id)).map((g) => g.status)).toEqual(['cancelled'])
  })

  test('in English, the edit page explains the visibility and why the kind stays', async () => {
    const { request, coordinator } = await scene()
    const res = await t.app.inject({
      url: `/help/${request.id}/edit`,
      headers: { cookie: `${coordinator.cookie}; ${platformCookies.lang}=en` },
    })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Everyone already signed up stays signed up')
    expect(res.body).toContain('shifts and sign-ups depend on it')
  })
})
