import { Validator } from '@seriousme/openapi-schema-validator'
import { eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildHelpRequest,
  buildPartnership,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { twoFactorCredentials } from '../accounts/tables.js'
import { events } from '../events/tables.js'
import { members } from '../members/index.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import { hashApiToken } from './service/tokens.js'
import { apiTokens } from './tables.js'

let t: TestApp
let federation: OrgUnit
let state: OrgUnit
let kv: OrgUnit
let otherKv: OrgUnit
let stateBoard: { user: TestUser; session: Session }
let kvBoard: { user: TestUser; session: Session }
let member: { user: TestUser; session: Session }

async function person(opts: Parameters<typeof buildUser>[1]) {
  const user = await buildUser(t.database.db, opts)
  await t.database.db
    .insert(twoFactorCredentials)
    .values({ userId: user.id, secretSealed: 'sealed', confirmedAt: new Date() })
  return { user, session: await sessionFor(t.database.db, user) }
}

/** Creates a token through the account page and returns it as the page showed it, once. */
async function createToken(
  session: Session,
  fields: { name?: string; scope?: 'read' | 'write'; unitId: string; days?: string },
) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/account/tokens',
    ...form({
      _csrf: session.csrf,
      name: fields.name ?? 'Website',
      scope: fields.scope ?? 'read',
      unitId: fields.unitId,
      days: fields.days ?? '30',
    }),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
  expect(res.statusCode).toBe(200)
  expect(res.headers['cache-control']).toBe('no-store')
  const token = /id="new-token"[^>]*>(bs_pat_[A-Za-z0-9_-]+)</.exec(res.body)?.[1]
  expect(token).toBeDefined()
  return token!
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const api = (token: string, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { ...bearer(token), ...headers } })
const send = (token: string, method: 'POST' | 'PATCH', url: string, body: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { ...bearer(token), 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  })

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  federation = await buildFederation(db)
  state = await buildState(db, federation)
  kv = await buildDistrict(db, state, 'Erster KV')
  otherKv = await buildDistrict(db, state, 'Zweiter KV')
  stateBoard = await person({ roles: [['board', state]] })
  kvBoard = await person({ member: kv, roles: [['board', kv]] })
  member = await person({ member: kv })
})
afterAll(() => t.close())

describe('personal access tokens', () => {
  test('are shown once, stored as a hash only, listed with their last use and audited', async () => {
    const token = await createToken(member.session, { unitId: kv.id, name: 'KV-Website' })
    const [row] = await t.database.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, hashApiToken(token)))
    expect(row!.tokenHash).not.toContain(token.slice(7))
    expect(JSON.stringify(row)).not.toContain(token)
    let page = await t.app.inject({ method: 'GET', url: '/account/tokens', headers: member.session.headers })
    expect(page.body).toContain('KV-Website')
    expect(page.body).not.toContain(token)
    expect(page.body).toContain('nie')
    expect((await api(token, `/api/v1/units/${kv.id}`)).statusCode).toBe(200)
    page = await t.app.inject({ method: 'GET', url: '/account/tokens', headers: member.session.headers })
    expect(page.body).not.toMatch(/<td>nie<\/td>/)
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectId, row!.id))
    expect(audit.map((a) => a.action)).toEqual(['api.token_created'])
  })

  test('an unknown unit is refused; a lifetime not offered too', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/account/tokens',
      ...form({
        _csrf: member.session.csrf,
        name: 'x',
        scope: 'read',
        unitId: crypto.randomUUID(),
        days: '30',
      }),
      headers: { ...form({}).headers, cookie: member.session.cookie },
    })
    expect(res.statusCode).toBe(422)
    const days = await t.app.inject({
      method: 'POST',
      url: '/account/tokens',
      ...form({ _csrf: member.session.csrf, name: 'x', scope: 'read', unitId: kv.id, days: '5000' }),
      headers: { ...form({}).headers, cookie: member.session.cookie },
    })
    expect(days.statusCode).toBe(422)
  })

  test('a revoked or expired token is refused with a bearer challenge', async () => {
    const token = await createToken(member.session, { unitId: kv.id })
    const [row] = await t.database.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, hashApiToken(token)))
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/account/tokens/${row!.id}/revoke`,
      ...form({ _csrf: member.session.csrf }),
      headers: { ...form({}).headers, cookie: member.session.cookie },
    })
    expect(revoke.statusCode).toBe(303)
    const res = await api(token, `/api/v1/units/${kv.id}`)
    expect(res.statusCode).toBe(401)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.headers['www-authenticate']).toContain('invalid_token')
    expect(res.json()).toMatchObject({ status: 401, code: 'invalidToken' })

    const short = await createToken(member.session, { unitId: kv.id, days: '7' })
    expect((await api(short, `/api/v1/units/${kv.id}`)).statusCode).toBe(200)
    t.clock.advance(8 * 24 * 3600_000)
    try {
      expect((await api(short, `/api/v1/units/${kv.id}`)).statusCode).toBe(401)
    } finally {
      t.clock.advance(-8 * 24 * 3600_000)
    }
  })

  test('another person cannot revoke a token', async () => {
    await createToken(member.session, { unitId: kv.id })
    const [row] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.userId, member.user.id))
    const res = await t.app.inject({
      method: 'POST',
      url: `/account/tokens/${row!.id}/revoke`,
      ...form({ _csrf: kvBoard.session.csrf }),
      headers: { ...form({}).headers, cookie: kvBoard.session.cookie },
    })
    expect(res.statusCode).toBe(404)
  })
})

describe('the API', () => {
  test('never reads a cookie: a session alone is no authentication, and needs no CSRF token', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/units/${kv.id}`,
      headers: member.session.headers,
    })
    expect(res.statusCode).toBe(401)
    expect(res.headers['www-authenticate']).toBe('Bearer realm="api"')
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  test('a token scoped to one KV reads neither another KV nor its events, though its owner could', async () => {
    const foreignEvent = await buildEvent(t.database.db, [otherKv], { audience: 'own_members' })
    const ownEvent = await buildEvent(t.database.db, [kv], { audience: 'own_members' })
    const wide = await createToken(stateBoard.session, { unitId: state.id })
    const narrow = await createToken(stateBoard.session, { unitId: kv.id })
    expect((await api(wide, `/api/v1/events/${foreignEvent.id}`)).statusCode).toBe(200)
    expect((await api(narrow, `/api/v1/events/${foreignEvent.id}`)).statusCode).toBe(404)
    expect((await api(narrow, `/api/v1/units/${otherKv.id}`)).statusCode).toBe(404)
    expect((await api(narrow, `/api/v1/units/${otherKv.id}/events`)).statusCode).toBe(404)
    const own = await api(narrow, `/api/v1/units/${kv.id}/events`)
    expect(own.statusCode).toBe(200)
    expect(own.json().items.map((e: { id: string }) => e.id)).toContain(ownEvent.id)
  })

  test('a token never sees more than its owner: a member’s token does not see another KV’s members-only event', async () => {
    const foreignEvent = await buildEvent(t.database.db, [otherKv], { audience: 'own_members' })
    const token = await createToken(member.session, { unitId: federation.id })
    expect((await api(token, `/api/v1/events/${foreignEvent.id}`)).statusCode).toBe(404)
  })

  test('lists page by cursor and reads answer If-None-Match with 304', async () => {
    for (let i = 0; i < 3; i++) await buildDistrict(t.database.db, state)
    const token = await createToken(stateBoard.session, { unitId: state.id })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const url: string = `/api/v1/units?parent=${state.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const res = await api(token, url)
      expect(res.statusCode).toBe(200)
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null }
      expect(body.items.length).toBeLessThanOrEqual(2)
      seen.push(...body.items.map((u) => u.id))
      cursor = body.nextCursor
    } while (cursor)
    expect(seen.length).toBeGreaterThanOrEqual(5)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toContain(kv.id)
    expect((await api(token, '/api/v1/units?cursor=%21%21')).statusCode).toBe(400)

    const first = await api(token, `/api/v1/units/${kv.id}`)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^W\/"/)
    const again = await api(token, `/api/v1/units/${kv.id}`, { 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  test('a read token may not write; a write token of an organiser creates and changes events, audited with the token', async () => {
    const read = await createToken(kvBoard.session, { unitId: kv.id, scope: 'read' })
    const body = {
      hostUnitIds: [kv.id],
      type: 'stammtisch',
      title: 'Stammtisch per API',
      day: '2026-12-03',
      startTime: '19:00',
      endTime: '21:00',
      audience: 'own_members',
      publish: true,
    }
    const refused = await send(read, 'POST', '/api/v1/events', body)
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ code: 'insufficientScope' })

    const write = await createToken(kvBoard.session, { unitId: kv.id, scope: 'write' })
    const created = await send(write, 'POST', '/api/v1/events', body)
    expect(created.statusCode).toBe(201)
    const event = created.json()
    expect(event).toMatchObject({ title: 'Stammtisch per API', status: 'published', hostUnitIds: [kv.id] })
    expect(created.headers.location).toBe(`/api/v1/events/${event.id}`)
    const [audit] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectId, event.id))
    expect(audit!.action).toBe('event.created')
    expect((audit!.data as { apiToken?: string }).apiToken).toBeDefined()

    const changed = await send(write, 'PATCH', `/api/v1/events/${event.id}`, {
      title: 'Neuer Titel',
      capacity: 30,
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ title: 'Neuer Titel', capacity: 30, startsAt: event.startsAt })
    // A cancelled event is not changed: a conflict with its status, not a refusal.
    await t.database.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, event.id))
    const late = await send(write, 'PATCH', `/api/v1/events/${event.id}`, { title: 'Zu spät' })
    expect(late.statusCode).toBe(409)
    expect(late.json()).toMatchObject({ status: 409, code: 'cancelledEdit' })

    const outside = await send(write, 'POST', '/api/v1/events', { ...body, hostUnitIds: [otherKv.id] })
    expect(outside.statusCode).toBe(422)

    const memberWrite = await createToken(member.session, { unitId: kv.id, scope: 'write' })
    expect((await send(memberWrite, 'POST', '/api/v1/events', body)).statusCode).toBe(403)
  })

  test('bad input is a problem with its fields, never a 500', async () => {
    const write = await createToken(kvBoard.session, { unitId: kv.id, scope: 'write' })
    const res = await send(write, 'POST', '/api/v1/events', { title: '', extra: 1 })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const problem = res.json()
    expect(problem).toMatchObject({ status: 422, code: 'validation' })
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain('/title')
    const wrongTime = await send(write, 'POST', '/api/v1/events', {
      hostUnitIds: [kv.id],
      type: 'stammtisch',
      title: 'x',
      day: '2026-12-03',
      startTime: '19:00',
      endTime: '21:00',
      audience: 'own_members',
      onlineUrl: 'javascript:alert(1)',
    })
    expect(wrongTime.statusCode).toBe(422)
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { ...bearer(write), 'content-type': 'text/plain' },
      payload: 'hello',
    })
    expect(text.statusCode).toBe(415)
    expect((await api(write, '/api/v1/units/not-a-uuid')).statusCode).toBe(404)
    expect((await api(write, '/api/v1/nothing-here')).headers['content-type']).toContain('problem+json')
  })

  test('each token has its budget of requests per minute, in the database', async () => {
    const limited = await buildTestApp({ database: t.database, env: { API_RATE_LIMIT: '3' } })
    try {
      limited.clock.current = t.clock.now()
      const token = await createToken(member.session, { unitId: kv.id })
      const statuses = []
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await limited.app.inject({ method: 'GET', url: `/api/v1/units/${kv.id}`, headers: bearer(token) }))
            .statusCode,
        )
      expect(statuses).toEqual([200, 200, 200, 429])
      const other = await createToken(member.session, { unitId: kv.id })
      const res = await limited.app.inject({
        method: 'GET',
        url: `/api/v1/units/${kv.id}`,
        headers: bearer(other),
      })
      expect(res.statusCode).toBe(200)
      expect(res.headers['ratelimit-remaining']).toBe('2')
    } finally {
      await limited.close()
    }
  })
})

describe('help requests and shifts', () => {
  test('are read as the pages show them, and a write token signs its owner up, waitlisted once full', async () => {
    const own = await buildHelpRequest(t.database.db, kv, { visibility: 'state', capacity: 1 })
    const other = await buildHelpRequest(t.database.db, otherKv, { visibility: 'state' })
    const narrow = await createToken(member.session, { unitId: kv.id, scope: 'write' })
    const wide = await createToken(member.session, { unitId: federation.id, scope: 'read' })

    const list = (await api(narrow, '/api/v1/help-requests')).json() as { items: { id: string }[] }
    expect(list.items.map((r) => r.id)).toContain(own.request.id)
    expect(list.items.map((r) => r.id)).not.toContain(other.request.id)
    const wideList = (await api(wide, '/api/v1/help-requests')).json() as { items: { id: string }[] }
    expect(wideList.items.map((r) => r.id)).toContain(other.request.id)
    expect((await api(narrow, `/api/v1/help-requests/${other.request.id}`)).statusCode).toBe(404)

    const signUp = (token: string, requestId: string, shiftId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/help-requests/${requestId}/shifts/${shiftId}/signups`,
        headers: bearer(token),
      })
    expect((await signUp(wide, own.request.id, own.shift.id)).statusCode).toBe(403)
    expect((await signUp(narrow, other.request.id, other.shift.id)).statusCode).toBe(404)
    expect((await signUp(narrow, own.request.id, other.shift.id)).statusCode).toBe(404)
    const first = await signUp(narrow, own.request.id, own.shift.id)
    expect(first.statusCode).toBe(201)
    expect(first.json()).toEqual({ shiftId: own.shift.id, status: 'confirmed', created: true })
    expect((await signUp(narrow, own.request.id, own.shift.id)).json()).toMatchObject({ created: false })
    const page = (await api(narrow, `/api/v1/help-requests/${own.request.id}`)).json()
    expect(page.shifts[0]).toMatchObject({ id: own.shift.id, confirmed: 1, mySignup: 'confirmed' })

    const second = await person({ member: kv })
    const theirs = await createToken(second.session, { unitId: kv.id, scope: 'write' })
    expect((await signUp(theirs, own.request.id, own.shift.id)).json()).toMatchObject({
      status: 'waitlisted',
    })

    // A board member without membership has no one to sign up: the page's rule, a 409.
    const office = await createToken(stateBoard.session, { unitId: state.id, scope: 'write' })
    const refused = await signUp(office, own.request.id, own.shift.id)
    expect(refused.statusCode).toBe(409)
    expect(refused.headers['content-type']).toContain('application/problem+json')
  })
})

describe('partnerships and the member import', () => {
  test('a board reads its partnerships; a token of another KV does not', async () => {
    const p = await buildPartnership(t.database.db, { status: 'active', isPublic: false })
    const session = await sessionFor(t.database.db, p.boardA)
    await t.database.db
      .insert(twoFactorCredentials)
      .values({ userId: p.boardA.id, secretSealed: 'sealed', confirmedAt: new Date() })
    const own = await createToken(session, { unitId: p.unitA.id })
    const list = (await api(own, '/api/v1/partnerships')).json() as { items: { id: string }[] }
    expect(list.items.map((x) => x.id)).toContain(p.partnership.id)
    const one = await api(own, `/api/v1/partnerships/${p.partnership.id}`)
    expect(one.statusCode).toBe(200)
    expect(one.json()).toMatchObject({
      status: 'active',
      unitA: { id: p.unitA.id },
      unitB: { id: p.unitB.id },
    })
    const elsewhere = await createToken(member.session, { unitId: kv.id })
    expect((await api(elsewhere, `/api/v1/partnerships/${p.partnership.id}`)).statusCode).toBe(404)
  })

  test('an admin of the federation imports the member export; a token of one KV may not, bad rows are a 422', async () => {
    const db = t.database.db
    const fed = await insertUnit(db, {
      kind: 'federal',
      name: `Bund ${crypto.randomUUID().slice(0, 6)}`,
      parentId: null,
    })
    const land = await buildState(db, fed)
    const kreis = await insertUnit(db, {
      kind: 'district',
      name: 'Kreis Import',
      ags: '03241',
      parentId: land.id,
    })
    const admin = await person({ roles: [['admin', fed]] })
    const prefix = `A${crypto.randomUUID().slice(0, 6)}-`
    const csv = `Mitgliedsnummer;Vorname;Nachname;KV;Eintrittsdatum\n${prefix}1;Anna;Api;03241;2020-01-01\n${prefix}2;Bert;Api;03241;2021-02-02\n`
    const body = { fileName: 'export.csv', csv }

    const narrow = await createToken(admin.session, { unitId: kreis.id, scope: 'write' })
    expect((await send(narrow, 'POST', '/api/v1/member-imports', body)).statusCode).toBe(403)
    const read = await createToken(admin.session, { unitId: fed.id, scope: 'read' })
    expect((await send(read, 'POST', '/api/v1/member-imports', body)).statusCode).toBe(403)

    const write = await createToken(admin.session, { unitId: fed.id, scope: 'write' })
    const res = await send(write, 'POST', '/api/v1/member-imports', body)
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ rowsTotal: 2, inserted: 2, updated: 0 })
    const again = await send(write, 'POST', '/api/v1/member-imports', body)
    expect(again.json()).toMatchObject({ inserted: 0, unchanged: 2 })
    const stored = await db
      .select()
      .from(members)
      .where(like(members.memberNumber, `${prefix}%`))
    expect(stored.map((m) => m.homeUnitId)).toEqual([kreis.id, kreis.id])

    const bad = await send(write, 'POST', '/api/v1/member-imports', {
      fileName: 'export.csv',
      csv: `Mitgliedsnummer;Vorname;Nachname;KV;Eintrittsdatum\n${prefix}3;;Api;03241;2020-01-01\n`,
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors[0].pointer).toMatch(/^\/csv\/2\//)
  })
})

describe('the OpenAPI document', () => {
  test('is valid OpenAPI 3.1 and has a reference page served by the platform', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toBe('3.1.0')
    const validator = new Validator()
    const result = await validator.validate(doc)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/docs' })
    expect(page.statusCode).toBe(200)
    for (const path of Object.keys(doc.paths)) expect(page.body).toContain(path)
    expect(page.body).not.toMatch(/<script[^>]+src="https?:/)
  })
})
