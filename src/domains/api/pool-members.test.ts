import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApiToken, buildTokenOwner } from '../../../test/support/api-tokens.js'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Role } from '../../platform/auth/actor.js'
import { members } from '../members/index.js'
import type { OrgUnit } from '../org-units/index.js'
import { CURRENT_CONSENT_VERSION, skills } from '../volunteers/index.js'

/**
 * The volunteer pool and the member list through the API: the same consent and the same rules as the pages,
 * cut to the token's unit. A state office's token scoped to a KV does not search that KV's pool.
 */

let t: TestApp
let state: OrgUnit
let kv: OrgUnit
let otherKv: OrgUnit
let federation: OrgUnit
const db = () => t.database.db

const tokenFor = (user: TestUser, unit: OrgUnit) =>
  buildApiToken(db(), user.id, unit.id, t.clock.now(), { scope: 'read' })

const api = (token: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })

const person = (roles: [Role, OrgUnit][], member?: OrgUnit) =>
  buildTokenOwner(db(), t.clock.now(), roles, member)

let n = 0
/** A member of `home` who joins the pool through the profile form with this consent. */
async function poolMember(home: OrgUnit, scope: string, skillName: string) {
  const user = await buildUser(db(), { member: home })
  n++
  const firstName = `Poolvorname${n}q`
  await db()
    .update(members)
    .set({ firstName, lastName: `Poolnachname${n}q`, phone: `+49 30 777${n}1`, postalCode: '10115' })
    .where(eq(members.id, user.memberId!))
  const session = await sessionFor(db(), user, t.clock.now())
  const [skill] = await db().select().from(skills).where(eq(skills.name, skillName))
  const res = await t.app.inject({
    method: 'POST',
    url: '/volunteers/profile',
    ...form({
      _csrf: session.csrf,
      skillIds: skill!.id,
      hoursPerMonth: '6',
      evenings: 'on',
      reach: 'everywhere',
      reachKm: '',
      scope,
      consentVersion: CURRENT_CONSENT_VERSION,
      consent: 'on',
    }),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
  expect(res.statusCode).toBe(303)
  return { firstName, memberId: user.memberId!, email: user.email, skillId: skill!.id }
}

const names = (body: string) =>
  (JSON.parse(body) as { items: { firstName: string }[] }).items.map((i) => i.firstName)
const webSearch = (session: Session, unit: OrgUnit) =>
  t.app.inject({ url: `/volunteers/search?unit=${unit.id}`, headers: session.headers })

let ownKvOnly: Awaited<ReturnType<typeof poolMember>>
let stateWide: Awaited<ReturnType<typeof poolMember>>
let otherOwnKv: Awaited<ReturnType<typeof poolMember>>

beforeAll(async () => {
  t = await buildTestApp()
  federation = await buildFederation(db())
  state = await buildState(db(), federation)
  kv = await buildDistrict(db(), state, 'Erster KV')
  otherKv = await buildDistrict(db(), state, 'Zweiter KV')
  const [first, second] = await db().select().from(skills).limit(2)
  ownKvOnly = await poolMember(kv, 'own_kv', first!.name)
  stateWide = await poolMember(otherKv, 'state', second!.name)
  otherOwnKv = await poolMember(otherKv, 'own_kv', first!.name)
})
afterAll(() => t.close())

describe('the volunteer pool through the API', () => {
  test('a KV coordinator finds whom the consent lets the KV find, as on the search page, and nothing more', async () => {
    const coordinator = await person([['coordinator', kv]], kv)
    const token = await tokenFor(coordinator, kv)
    const res = await api(token, `/api/v1/units/${kv.id}/volunteers`)
    expect(res.statusCode).toBe(200)
    const found = names(res.body)
    expect(found).toContain(ownKvOnly.firstName)
    expect(found).toContain(stateWide.firstName)
    expect(found).not.toContain(otherOwnKv.firstName)
    for (const secret of ['Poolnachname', '+49 30 777', ownKvOnly.email])
      expect(res.body).not.toContain(secret)
    const page = await webSearch(await sessionFor(db(), coordinator, t.clock.now()), kv)
    for (const name of [ownKvOnly.firstName, stateWide.firstName, otherOwnKv.firstName])
      expect(page.body.includes(name), name).toBe(found.includes(name))
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'volunteer.searched'), eq(auditEvents.actorUserId, coordinator.id)))
    expect(audit).toBeDefined()

    const bySkill = await api(token, `/api/v1/units/${kv.id}/volunteers?skills=${stateWide.skillId}`)
    expect(names(bySkill.body)).toEqual([stateWide.firstName])
  })

  test('a state office’s token scoped to a KV does not search that KV’s pool, as the page does not let it', async () => {
    const office = await person([['state_office', state]])
    const session = await sessionFor(db(), office, t.clock.now())
    expect((await webSearch(session, kv)).statusCode).toBe(403)
    const scoped = await tokenFor(office, kv)
    const res = await api(scoped, `/api/v1/units/${kv.id}/volunteers`)
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toContain(ownKvOnly.firstName)
    // The state's own search, as the state: the members who gave their state, not those who chose their KV only.
    const wide = await tokenFor(office, federation)
    const asState = await api(wide, `/api/v1/units/${state.id}/volunteers`)
    expect(asState.statusCode).toBe(200)
    expect(names(asState.body)).toEqual([stateWide.firstName])
    // The same token scoped to the KV reaches no further up.
    expect((await api(scoped, `/api/v1/units/${state.id}/volunteers`)).statusCode).toBe(404)
  })

  test('a member’s token finds no pool; the skills are listed for the filter', async () => {
    const member = await person([], kv)
    const token = await tokenFor(member, kv)
    expect((await api(token, `/api/v1/units/${kv.id}/volunteers`)).statusCode).toBe(404)
    const list = await api(token, '/api/v1/volunteer-skills?limit=100')
    expect(list.statusCode).toBe(200)
    expect((JSON.parse(list.body) as { items: { id: string }[] }).items.map((s) => s.id)).toContain(
      stateWide.skillId,
    )
  })
})

describe('the member list through the API', () => {
  test('the KV board lists its members without contact data; audited', async () => {
    const board = await person([['board', kv]], kv)
    const token = await tokenFor(board, kv)
    const res = await api(token, `/api/v1/units/${kv.id}/members?limit=100`)
    expect(res.statusCode).toBe(200)
    const ids = (JSON.parse(res.body) as { items: { id: string }[] }).items.map((m) => m.id)
    expect(ids).toContain(ownKvOnly.memberId)
    expect(ids).not.toContain(otherOwnKv.memberId)
    expect(res.body).not.toContain('+49 30 777')
    expect(res.body).not.toContain(ownKvOnly.email)
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'members.list_viewed'), eq(auditEvents.actorUserId, board.id)))
    expect(audit.map((a) => (a.data as { via?: string }).via)).toEqual(['api'])
    const byName = await api(
      token,
      `/api/v1/units/${kv.id}/members?q=${encodeURIComponent(ownKvOnly.firstName)}`,
    )
    expect((JSON.parse(byName.body) as { items: { id: string }[] }).items.map((m) => m.id)).toEqual([
      ownKvOnly.memberId,
    ])
  })

  test('a token of one KV reads no other KV’s members; a member’s token none at all', async () => {
    const office = await person([['state_office', state]])
    const wide = await tokenFor(office, federation)
    expect((await api(wide, `/api/v1/units/${otherKv.id}/members`)).statusCode).toBe(200)
    const scoped = await tokenFor(office, kv)
    expect((await api(scoped, `/api/v1/units/${kv.id}/members`)).statusCode).toBe(200)
    const outside = await api(scoped, `/api/v1/units/${otherKv.id}/members`)
    expect(outside.statusCode).toBe(404)
    expect(outside.body).not.toContain(otherOwnKv.firstName)
    const member = await person([], kv)
    expect((await api(await tokenFor(member, kv), `/api/v1/units/${kv.id}/members`)).statusCode).toBe(404)
  })
})
