import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildLocalGroup,
  buildMember,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { mailOutbox } from '../../platform/mail/tables.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import { type Member, members } from './tables.js'

// Moving a member by hand: the board of their KV between its local groups, an office above two KVs between them.
let t: TestApp
let kv: OrgUnit
let otherKv: OrgUnit
let nord: OrgUnit
let sued: OrgUnit
let otherLocal: OrgUnit
let board: Session
let boardUser: Awaited<ReturnType<typeof buildUser>>
let otherBoard: Session
let stateOffice: Session
let anna: Member
let bernd: Member

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const state = await buildState(db, await buildFederation(db))
  kv = await buildDistrict(db, state)
  otherKv = await buildDistrict(db, state)
  nord = await buildLocalGroup(db, kv)
  sued = await buildLocalGroup(db, kv)
  otherLocal = await insertUnit(db, {
    kind: 'local',
    name: 'Basisgruppe Mitte-Ost',
    parentId: otherKv.id,
    postalCodes: ['10115'],
  })
  boardUser = await buildUser(db, { roles: [['board', kv]] })
  board = await sessionFor(db, boardUser)
  otherBoard = await sessionFor(db, await buildUser(db, { roles: [['board', otherKv]] }))
  stateOffice = await sessionFor(db, await buildUser(db, { roles: [['state_office', state]] }))
  anna = await buildMember(db, kv, { firstName: 'Anna', lastName: 'Amsel', localUnitId: nord.id })
  bernd = await buildMember(db, kv, { firstName: 'Bernd', lastName: 'Buchfink', localUnitId: nord.id })
})
afterAll(() => t.close())

const post = (session: Session, member: Member, fields: Record<string, string>, action = 'placement') =>
  t.app.inject({
    method: 'POST',
    url: `/members/${member.id}/${action}`,
    ...form({ _csrf: session.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
const placement = async (member: Member) => {
  const [row] = await t.database.db.select().from(members).where(eq(members.id, member.id))
  return { home: row!.homeUnitId, local: row!.localUnitId }
}
const mailsTo = (to: string) => t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to))

describe('a member moved by hand', () => {
  test("the KV's board moves a member to another local group: audited, and the member is told", async () => {
    const page = await t.app.inject({ method: 'GET', url: `/members/${anna.id}`, headers: board.headers })
    expect(page.body).toContain(`action="/members/${anna.id}/placement"`)
    expect(page.body).toContain(sued.name)
    const res = await post(board, anna, { homeUnitId: kv.id, localUnitId: sued.id })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/members/${anna.id}`)
    expect(await placement(anna)).toEqual({ home: kv.id, local: sued.id })
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'member.moved'), eq(auditEvents.objectId, anna.id)))
    expect(audit!.data).toMatchObject({
      fromLocal: nord.id,
      toLocal: sued.id,
      fromHome: kv.id,
      toHome: kv.id,
    })
    const [mail] = await mailsTo(anna.email!)
    expect(mail!.subject).toContain(kv.name)
    expect(mail!.body).toContain(sued.name)
    // The same placement again changes nothing and tells nobody again.
    expect((await post(board, anna, { homeUnitId: kv.id, localUnitId: sued.id })).statusCode).toBe(303)
    expect(await mailsTo(anna.email!)).toHaveLength(1)
    // And out of any local group.
    await post(board, anna, { homeUnitId: kv.id, localUnitId: '' })
    expect(await placement(anna)).toEqual({ home: kv.id, local: null })
  })

  test("a KV's board cannot move members into a KV it holds no role on, nor into another KV's local group", async () => {
    const toOther = await post(board, bernd, { homeUnitId: otherKv.id, localUnitId: '' })
    expect(toOther.statusCode).toBe(422)
    expect(toOther.body).toContain('Diesem Kreisverband kannst du keine Mitglieder zuordnen.')
    const foreignLocal = await post(board, bernd, { homeUnitId: kv.id, localUnitId: otherLocal.id })
    expect(foreignLocal.statusCode).toBe(422)
    const bad = await post(board, bernd, { homeUnitId: 'nope', localUnitId: '' })
    expect(bad.statusCode).toBe(422)
    expect(await placement(bernd)).toEqual({ home: kv.id, local: nord.id })
    // Another KV's board does not see the member at all.
    expect((await post(otherBoard, bernd, { homeUnitId: otherKv.id })).statusCode).toBe(404)
  })

  test('the state office moves a member to another KV; the old board loses sight of them on the next request', async () => {
    // The old KV's local group was still chosen in the form: the postal code finds the new KV's group.
    const res = await post(stateOffice, bernd, { homeUnitId: otherKv.id, localUnitId: nord.id })
    expect(res.statusCode).toBe(303)
    expect(await placement(bernd)).toEqual({ home: otherKv.id, local: otherLocal.id })
    expect(
      (await t.app.inject({ method: 'GET', url: `/members/${bernd.id}`, headers: board.headers })).statusCode,
    ).toBe(404)
    const list = await t.app.inject({
      method: 'GET',
      url: `/units/${otherKv.id}/members`,
      headers: otherBoard.headers,
    })
    expect(list.body).toContain('Buchfink')
    const [mail] = await mailsTo(bernd.email!)
    expect(mail!.subject).toContain(otherKv.name)
    expect(mail!.body).toContain('Basisgruppe Mitte-Ost')
  })
})

describe('a message to a member, relayed without showing the address', () => {
  test('the board writes; the platform sends it to the member, naming the sender; audited without the text', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/members/${anna.id}`, headers: board.headers })
    expect(page.body).toContain(`action="/members/${anna.id}/message"`)
    expect(page.body).not.toContain(anna.email!)
    const text = 'Magst du beim Infostand am Samstag helfen?'
    const res = await post(board, anna, { subject: 'Infostand', text }, 'message')
    expect(res.statusCode).toBe(303)
    const mail = (await mailsTo(anna.email!)).find((m) => m.subject.endsWith('Infostand'))!
    expect(mail.subject).toBe(`[${kv.name}] Infostand`)
    expect(mail.body).toContain(text)
    expect(mail.body).toContain(boardUser.email)
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'member.messaged'), eq(auditEvents.objectId, anna.id)))
    expect(audit!.data).toEqual({ characters: text.length })
    expect(JSON.stringify(audit)).not.toContain('Infostand')
  })

  test('refused without a subject, for a member no mail reaches, and unseen by other boards', async () => {
    expect((await post(board, anna, { subject: ' ', text: 'Hallo' }, 'message')).statusCode).toBe(422)
    const noMail = await buildMember(t.database.db, kv, { email: null })
    const page = await t.app.inject({ method: 'GET', url: `/members/${noMail.id}`, headers: board.headers })
    expect(page.body).toContain('keine E-Mail-Adresse hinterlegt')
    const refused = await post(board, noMail, { subject: 'Hallo', text: 'Hallo' }, 'message')
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('nicht erreichbar')
    expect((await post(otherBoard, anna, { subject: 'Hallo', text: 'Hallo' }, 'message')).statusCode).toBe(
      404,
    )
  })
})
