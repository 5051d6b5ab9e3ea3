import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApiToken, buildTokenOwner } from '../../../test/support/api-tokens.js'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildLocalGroup,
  buildMember,
  buildState,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Role } from '../../platform/auth/actor.js'
import { members } from '../members/index.js'
import type { OrgUnit } from '../org-units/index.js'

/**
 * The member list of the API in pages read as such from the database (keyset on the member's id): every current
 * member once, in a stable order, across page boundaries and while members come and go between two pages; with the
 * rules of the board's member list on every page.
 */

let t: TestApp
let state: OrgUnit
let otherKv: OrgUnit
const db = () => t.database.db

type Page = { items: { id: string; lastName: string }[]; nextCursor: string | null }

const person = (roles: [Role, OrgUnit][], member?: OrgUnit) =>
  buildTokenOwner(db(), t.clock.now(), roles, member)
const tokenFor = (user: TestUser, unit: OrgUnit) =>
  buildApiToken(db(), user.id, unit.id, t.clock.now(), { scope: 'read' })
const api = (token: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })

/** Every page of a listing, following `nextCursor` until it is null. */
async function allPages(token: string, url: string) {
  const pages: Page[] = []
  let cursor: string | null = null
  do {
    const sep = url.includes('?') ? '&' : '?'
    const res = await api(token, cursor ? `${url}${sep}cursor=${cursor}` : url)
    expect(res.statusCode, res.body).toBe(200)
    const page = res.json() as Page
    pages.push(page)
    cursor = page.nextCursor
    expect(pages.length).toBeLessThan(50)
  } while (cursor)
  return pages
}

const byId = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** Seven current members of a KV (two in a local group of it, four named alike), and some who do not count. */
async function kvWithMembers(name: string) {
  const unit = await buildDistrict(db(), state, name)
  const local = await buildLocalGroup(db(), unit)
  const current = []
  for (let i = 0; i < 7; i++)
    current.push(
      await buildMember(db(), unit, {
        lastName: i < 4 ? `Seitenweise-${i}` : `Anders-${i}`,
        ...(i >= 5 ? { localUnitId: local.id } : {}),
      }),
    )
  await buildMember(db(), unit, { leftOn: '2001-01-31' })
  await buildMember(db(), unit, { erasedAt: new Date('2020-01-01') })
  await buildMember(db(), otherKv)
  return { unit, ids: byId(current.map((m) => m.id)), current }
}

beforeAll(async () => {
  t = await buildTestApp()
  const federation = await buildFederation(db())
  state = await buildState(db(), federation)
  otherKv = await buildDistrict(db(), state, 'Anderer KV')
})
afterAll(() => t.close())

describe('the member list of the API in pages', () => {
  test('pages of three through seven members: 3, 3, 1, every member once, by id; each page read on its own', async () => {
    const { unit, ids } = await kvWithMembers('Seiten-KV 1')
    const board = await person([['board', unit]])
    const token = await tokenFor(board, unit)
    const pages = await allPages(token, `/api/v1/units/${unit.id}/members?limit=3`)
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1])
    expect(pages.flatMap((p) => p.items.map((m) => m.id))).toEqual(ids)
    expect(pages.at(-1)!.nextCursor).toBeNull()
    // Each request read its page, not the whole list: the audit names as many rows as the page holds.
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'members.list_viewed'), eq(auditEvents.actorUserId, board.id)))
      .orderBy(auditEvents.id)
    expect(audit.map((a) => (a.data as { rows: number }).rows)).toEqual([3, 3, 1])
    expect(audit.map((a) => (a.data as { via: string }).via)).toEqual(['api', 'api', 'api'])
  })

  test('at the boundary: a last page filled exactly has no cursor, one member more opens a page of one', async () => {
    const { unit, ids } = await kvWithMembers('Seiten-KV 2')
    const token = await tokenFor(await person([['board', unit]]), unit)
    const exact = await allPages(token, `/api/v1/units/${unit.id}/members?limit=7`)
    expect(exact.map((p) => p.items.length)).toEqual([7])
    expect(exact[0]!.nextCursor).toBeNull()
    const oneShort = await allPages(token, `/api/v1/units/${unit.id}/members?limit=6`)
    expect(oneShort.map((p) => p.items.length)).toEqual([6, 1])
    expect(oneShort.flatMap((p) => p.items.map((m) => m.id))).toEqual(ids)
    const single = await allPages(token, `/api/v1/units/${unit.id}/members?limit=1`)
    expect(single.flatMap((p) => p.items.map((m) => m.id))).toEqual(ids)
    expect(single).toHaveLength(7)
  })

  test('the search holds across pages', async () => {
    const { unit, current } = await kvWithMembers('Seiten-KV 3')
    const token = await tokenFor(await person([['board', unit]]), unit)
    const pages = await allPages(token, `/api/v1/units/${unit.id}/members?limit=3&q=Seitenweise`)
    expect(pages.map((p) => p.items.length)).toEqual([3, 1])
    expect(pages.flatMap((p) => p.items.map((m) => m.id))).toEqual(byId(current.slice(0, 4).map((m) => m.id)))
    const local = await allPages(token, `/api/v1/units/${unit.id}/members?limit=1&local=none`)
    expect(local.flatMap((p) => p.items.map((m) => m.id))).toEqual(byId(current.slice(0, 5).map((m) => m.id)))
  })

  test('a member who leaves or joins between two pages moves no other member to another page', async () => {
    const { unit, ids } = await kvWithMembers('Seiten-KV 4')
    const token = await tokenFor(await person([['board', unit]]), unit)
    const first = (await api(token, `/api/v1/units/${unit.id}/members?limit=3`)).json() as Page
    expect(first.items.map((m) => m.id)).toEqual(ids.slice(0, 3))
    // Between the pages: one member already read leaves, one joins before the cursor, one after the last.
    await db().update(members).set({ leftOn: '2001-01-31' }).where(eq(members.id, ids[0]!))
    await buildMember(db(), unit, { id: '00000000-0000-4000-8000-000000000001' })
    const late = await buildMember(db(), unit, { id: 'ffffffff-ffff-4fff-bfff-fffffffffff1' })
    const second = (
      await api(token, `/api/v1/units/${unit.id}/members?limit=3&cursor=${first.nextCursor}`)
    ).json() as Page
    expect(second.items.map((m) => m.id)).toEqual(ids.slice(3, 6))
    const third = (
      await api(token, `/api/v1/units/${unit.id}/members?limit=3&cursor=${second.nextCursor}`)
    ).json() as Page
    expect(third.items.map((m) => m.id)).toEqual([ids[6], late.id])
    expect(third.nextCursor).toBeNull()
  })

  test('a cursor that is not one of ours is a 400 with a stable code, never a 500', async () => {
    const { unit } = await kvWithMembers('Seiten-KV 5')
    const token = await tokenFor(await person([['board', unit]]), unit)
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url')
    for (const cursor of [
      'kein-cursor!',
      b64('null'),
      b64('{"k":1}'),
      b64('{"k":"x"}'),
      b64('{"k":"00000000-0000-4000-8000-00000000000G"}'),
      b64(`{"k":"' or 1=1 --"}`),
      b64('{"k":"00000000-0000-4000-8000-000000000001 "}'),
    ]) {
      const res = await api(token, `/api/v1/units/${unit.id}/members?cursor=${encodeURIComponent(cursor)}`)
      expect(res.statusCode, cursor).toBe(400)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      const problem = res.json() as { status: number; errors: { pointer: string; code: string }[] }
      expect(problem.status).toBe(400)
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: '/cursor', code: 'invalid_cursor' }),
      ])
    }
  })

  test('every page keeps the list’s rules: no page of another KV, even with a cursor of one’s own', async () => {
    const { unit } = await kvWithMembers('Seiten-KV 6')
    const board = await person([['board', unit]])
    const token = await tokenFor(board, unit)
    const first = (await api(token, `/api/v1/units/${unit.id}/members?limit=2`)).json() as Page
    expect(first.nextCursor).not.toBeNull()
    const foreign = await api(token, `/api/v1/units/${otherKv.id}/members?limit=2&cursor=${first.nextCursor}`)
    expect(foreign.statusCode).toBe(404)
    // The people on the pages are the unit's current members only.
    const ids = (await allPages(token, `/api/v1/units/${unit.id}/members?limit=100`)).flatMap((p) =>
      p.items.map((m) => m.id),
    )
    const rows = await db().select().from(members).where(inArray(members.id, ids))
    for (const row of rows) {
      expect(row.homeUnitId).toBe(unit.id)
      expect(row.leftOn).toBeNull()
      expect(row.erasedAt).toBeNull()
    }
    expect(ids).toHaveLength(7)
    const member = await person([], unit)
    const own = await api(
      await tokenFor(member, unit),
      `/api/v1/units/${unit.id}/members?limit=2&cursor=${first.nextCursor}`,
    )
    expect(own.statusCode).toBe(404)
  })
})
