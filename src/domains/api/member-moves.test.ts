import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApiToken } from '../../../test/support/api-tokens.js'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Role } from '../../platform/auth/actor.js'
import { mailOutbox } from '../../platform/mail/tables.js'
import { twoFactorCredentials } from '../accounts/tables.js'
import { type Member, members } from '../members/index.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'

/**
 * Moving a member through the API (PUT /api/v1/members/:id/placement): the member page's use case, so the same
 * rules, audit row and mail; a token never moves anyone its owner could not, nor outside its unit.
 */

let t: TestApp
let state: OrgUnit
let kv: OrgUnit
let otherKv: OrgUnit
let nord: OrgUnit
let sued: OrgUnit
let otherLocal: OrgUnit
let kvBoard: TestUser
let otherBoard: TestUser
let stateOffice: TestUser
let memberUser: TestUser
const db = () => t.database.db

async function person(roles: [Role, OrgUnit][], member?: OrgUnit) {
  const user = await buildUser(db(), { roles, ...(member ? { member } : {}) })
  await db()
    .insert(twoFactorCredentials)
    .values({ userId: user.id, secretSealed: 'sealed', confirmedAt: t.clock.now() })
  return user
}

const token = (user: TestUser, unit: OrgUnit, scope: 'read' | 'write' = 'write') =>
  buildApiToken(db(), user.id, unit.id, t.clock.now(), { scope })

const place = (bearer: string, memberId: string, body: unknown) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/members/${memberId}/placement`,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  })

const placement = async (member: Member) => {
  const [row] = await db().select().from(members).where(eq(members.id, member.id))
  return { home: row!.homeUnitId, local: row!.localUnitId }
}
const moves = (member: Member) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'member.moved'), eq(auditEvents.objectId, member.id)))
const mailsTo = (to: string) => db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, to))

beforeAll(async () => {
  t = await buildTestApp()
  state = await buildState(db(), await buildFederation(db()))
  kv = await buildDistrict(db(), state, 'Kreisverband Nordheim')
  otherKv = await buildDistrict(db(), state, 'Kreisverband Südheim')
  nord = await insertUnit(db(), { kind: 'local', name: 'Ortsverband Nord', parentId: kv.id, postalCodes: [] })
  sued = await insertUnit(db(), { kind: 'local', name: 'Ortsverband Süd', parentId: kv.id, postalCodes: [] })
  otherLocal = await insertUnit(db(), {
    kind: 'local',
    name: 'Basisgruppe Mitte',
    parentId: otherKv.id,
    postalCodes: ['10115'],
  })
  kvBoard = await person([['board', kv]], kv)
  otherBoard = await person([['board', otherKv]], otherKv)
  stateOffice = await person([['state_office', state]])
  memberUser = await person([], kv)
})
afterAll(() => t.close())

describe('PUT /api/v1/members/:id/placement', () => {
  test("the KV board's token moves a member to another local group: the page's audit row with the token, and a mail", async () => {
    const anna = await buildMember(db(), kv, { firstName: 'Anna', localUnitId: nord.id })
    const bearer = await token(kvBoard, kv)
    const res = await place(bearer, anna.id, { homeUnitId: kv.id, localUnitId: sued.id })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      memberId: anna.id,
      homeUnitId: kv.id,
      homeUnitName: kv.name,
      localUnitId: sued.id,
      localUnitName: 'Ortsverband Süd',
      changed: true,
    })
    expect(await placement(anna)).toEqual({ home: kv.id, local: sued.id })
    const [audit] = await moves(anna)
    expect(audit!.data).toMatchObject({
      fromLocal: nord.id,
      toLocal: sued.id,
      fromHome: kv.id,
      toHome: kv.id,
    })
    expect(audit!.data.apiToken).toEqual(expect.any(String))
    expect(audit!.actorUserId).toBe(kvBoard.id)
    const [mail] = await mailsTo(anna.email!)
    expect(mail!.body).toContain('Ortsverband Süd')

    // The same placement again: nothing written, nobody told again.
    const again = await place(bearer, anna.id, { homeUnitId: kv.id, localUnitId: sued.id })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ changed: false, localUnitId: sued.id })
    expect(await moves(anna)).toHaveLength(1)
    expect(await mailsTo(anna.email!)).toHaveLength(1)

    // Out of any local group (null, or left out).
    expect((await place(bearer, anna.id, { homeUnitId: kv.id, localUnitId: null })).json()).toMatchObject({
      localUnitId: null,
      localUnitName: null,
      changed: true,
    })
    expect(await placement(anna)).toEqual({ home: kv.id, local: null })
  })

  test('an office above both KVs moves a member to the other KV; the old board no longer lists them', async () => {
    const bruno = await buildMember(db(), kv, {
      firstName: 'Bruno',
      postalCode: '10115',
      localUnitId: nord.id,
    })
    const boardToken = await token(kvBoard, kv, 'read')
    const listed = async () =>
      (
        (
          await t.app.inject({
            url: `/api/v1/units/${kv.id}/members?limit=100`,
            headers: { authorization: `Bearer ${boardToken}` },
          })
        ).json() as { items: { id: string }[] }
      ).items.map((m) => m.id)
    expect(await listed()).toContain(bruno.id)

    // The board of the old KV alone may not send the member to a KV it does not hold.
    const refused = await place(await token(kvBoard, kv), bruno.id, { homeUnitId: otherKv.id })
    expect(refused.statusCode).toBe(422)
    expect(refused.headers['content-type']).toContain('application/problem+json')
    expect(refused.json().errors).toEqual([expect.objectContaining({ pointer: '/homeUnitId' })])
    expect(await placement(bruno)).toEqual({ home: kv.id, local: nord.id })

    // Nor may the state office through a token scoped to the old KV: the new one lies outside it.
    const narrow = await place(await token(stateOffice, kv), bruno.id, { homeUnitId: otherKv.id })
    expect(narrow.statusCode).toBe(422)
    expect(await placement(bruno)).toEqual({ home: kv.id, local: nord.id })

    // Its token for the whole state may; naming the old KV's local group, the postal code finds the new one's.
    const moved = await place(await token(stateOffice, state), bruno.id, {
      homeUnitId: otherKv.id,
      localUnitId: nord.id,
    })
    expect(moved.statusCode).toBe(200)
    expect(moved.json()).toMatchObject({ homeUnitId: otherKv.id, localUnitId: otherLocal.id, changed: true })
    expect(await placement(bruno)).toEqual({ home: otherKv.id, local: otherLocal.id })
    expect(await listed()).not.toContain(bruno.id)
    const [audit] = await moves(bruno)
    expect(audit!.data).toMatchObject({ fromHome: kv.id, toHome: otherKv.id, toLocal: otherLocal.id })
  })

  test('refused: a read token, a member’s token, a member the owner may not see, an unknown id, a bad body', async () => {
    const clara = await buildMember(db(), kv, { firstName: 'Clara', localUnitId: nord.id })
    const body = { homeUnitId: kv.id, localUnitId: sued.id }
    expect((await place(await token(kvBoard, kv, 'read'), clara.id, body)).statusCode).toBe(403)
    expect((await place(await token(memberUser, kv), clara.id, body)).statusCode).toBe(403)
    // The other KV's board does not see the member at all.
    expect((await place(await token(otherBoard, otherKv), clara.id, body)).statusCode).toBe(404)
    const bearer = await token(kvBoard, kv)
    expect((await place(bearer, crypto.randomUUID(), body)).statusCode).toBe(404)
    expect((await place(bearer, 'not-an-id', body)).statusCode).toBe(404)
    // A local group of another KV, and a body that is no placement.
    const foreign = await place(bearer, clara.id, { homeUnitId: kv.id, localUnitId: otherLocal.id })
    expect(foreign.statusCode).toBe(422)
    expect(foreign.json().errors).toEqual([expect.objectContaining({ pointer: '/localUnitId' })])
    const bad = await place(bearer, clara.id, { homeUnitId: 'Nordheim' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors[0].pointer).toBe('/homeUnitId')
    expect(await placement(clara)).toEqual({ home: kv.id, local: nord.id })
    expect(await moves(clara)).toEqual([])
  })
})
