import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
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
import type { OrgUnit } from '../org-units/index.js'
import { teamMembers } from './tables.js'

let t: TestApp
let state: OrgUnit
let kv: OrgUnit
let otherKv: OrgUnit
let foreignKv: OrgUnit
let board: Session
let stateBoard: Session
let ana: { user: TestUser; session: Session }
let ben: { user: TestUser; session: Session }
let stranger: { user: TestUser; session: Session }

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  state = await buildState(db, federation)
  kv = await buildDistrict(db, state)
  otherKv = await buildDistrict(db, state)
  foreignKv = await buildDistrict(db, await buildState(db, federation))
  board = await sessionFor(db, await buildUser(db, { member: kv, roles: [['board', kv]] }))
  stateBoard = await sessionFor(db, await buildUser(db, { roles: [['board', state]] }))
  const person = async (home: OrgUnit) => {
    const user = await buildUser(db, { member: home })
    return { user, session: await sessionFor(db, user) }
  }
  ana = await person(kv)
  ben = await person(otherKv)
  stranger = await person(foreignKv)
})
afterAll(() => t.close())

function post(session: Session, url: string, fields: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    ...form({ _csrf: session.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

async function createTeam(session: Session, unit: OrgUnit, fields: Record<string, string>) {
  const res = await post(session, `/units/${unit.id}/teams`, { visibility: 'unit', ...fields })
  expect(res.statusCode, res.body).toBe(303)
  return res.headers.location!.split('/').pop()!
}

describe('teams and working groups', () => {
  test('a KV board founds an open working group; its members join and leave themselves', async () => {
    expect((await get(board, `/units/${kv.id}/teams/new`)).statusCode).toBe(200)
    expect(
      (await post(ana.session, `/units/${kv.id}/teams`, { name: 'AG', joinPolicy: 'open' })).statusCode,
    ).toBe(403)
    const bad = await post(board, `/units/${kv.id}/teams`, { name: '', joinPolicy: 'sometimes' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Bitte gib einen Namen an.')
    expect(bad.body).toContain('Bitte wähle, für wen das Team ist.')

    const id = await createTeam(board, kv, {
      name: 'AG Mitgliederarbeit',
      purpose: 'Für alle Interessierten zur Mitarbeit geöffnet',
      joinPolicy: 'open',
    })
    const unitPage = await get(ana.session, `/units/${kv.id}`)
    expect(unitPage.body).toContain('Teams und Arbeitsgruppen')
    expect(unitPage.body).toContain(`/teams/${id}`)

    const page = await get(ana.session, `/teams/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Beitreten')
    expect((await post(ana.session, `/teams/${id}/join`)).statusCode).toBe(303)
    expect((await post(ana.session, `/teams/${id}/join`)).statusCode).toBe(409)
    expect((await get(ana.session, `/teams/${id}`)).body).toContain('Du bist in diesem Team.')

    // A member of a neighbouring KV does not see a KV's team; one of another state neither.
    expect((await get(ben.session, `/teams/${id}`)).statusCode).toBe(404)
    expect((await post(stranger.session, `/teams/${id}/join`)).statusCode).toBe(404)

    expect((await post(ana.session, `/teams/${id}/leave`)).statusCode).toBe(303)
    const rows = await t.database.db.select().from(teamMembers).where(eq(teamMembers.teamId, id))
    expect(rows.filter((r) => r.memberId === ana.user.memberId).map((r) => r.status)).toEqual(['left'])
    // The founding board member leads it.
    expect(rows.filter((r) => r.role === 'lead').map((r) => r.status)).toEqual(['active'])
    const actions = await t.database.db.select({ action: auditEvents.action }).from(auditEvents)
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['team.created', 'team.joined', 'team.left']),
    )
  })

  test("a state's team by application is open to all its KVs' members; the leads accept", async () => {
    const id = await createTeam(stateBoard, state, { name: 'Wahlkampfteam', joinPolicy: 'application' })
    expect((await get(stranger.session, `/teams/${id}`)).statusCode).toBe(404)
    expect((await get(ben.session, `/teams/${id}`)).body).toContain('Beitritt beantragen')
    expect((await post(ben.session, `/teams/${id}/join`)).statusCode).toBe(303)
    expect((await post(ana.session, `/teams/${id}/join`)).statusCode).toBe(303)
    const [benRow] = await t.database.db
      .select()
      .from(teamMembers)
      .where(eq(teamMembers.memberId, ben.user.memberId!))
    expect(benRow!.status).toBe('applied')

    // Another applicant may not decide; the state's board (or a lead) does.
    expect((await post(ana.session, `/teams/${id}/applications/${benRow!.id}/accept`)).statusCode).toBe(403)
    const leadView = await get(stateBoard, `/teams/${id}`)
    expect(leadView.body).toContain('Anträge')
    expect((await post(stateBoard, `/teams/${id}/applications/${benRow!.id}/accept`)).statusCode).toBe(303)
    expect((await post(stateBoard, `/teams/${id}/applications/${benRow!.id}/accept`)).statusCode).toBe(409)
    expect((await get(ben.session, `/teams/${id}`)).body).toContain('Du bist in diesem Team.')

    // The team ends ("Übergang"): its members stay listed, nobody joins any more.
    expect((await post(ben.session, `/teams/${id}/end`)).statusCode).toBe(403)
    expect((await post(stateBoard, `/teams/${id}/end`)).statusCode).toBe(303)
    const ended = await get(ben.session, `/teams/${id}`)
    expect(ended.body).toContain('beendet')
    expect((await post(ana.session, `/teams/${id}/leave`)).statusCode).toBe(303)
    expect((await post(ana.session, `/teams/${id}/join`)).statusCode).toBe(403)
  })

  test("a KV's open project group for the whole party: members of other KVs and states find it on the KV's page and join", async () => {
    const id = await createTeam(board, kv, {
      name: 'Offene Projektgruppe Klimaplan',
      joinPolicy: 'open',
      visibility: 'party',
    })
    const onlyKv = await createTeam(board, kv, { name: 'AG Kassenprüfung', joinPolicy: 'open' })
    for (const who of [ben, stranger]) {
      const unitPage = await get(who.session, `/units/${kv.id}`)
      expect(unitPage.body).toContain(`/teams/${id}`)
      expect(unitPage.body).toContain('für die ganze Partei')
      expect(unitPage.body).not.toContain(`/teams/${onlyKv}`)
      expect((await get(who.session, `/teams/${onlyKv}`)).statusCode).toBe(404)
      const page = await get(who.session, `/teams/${id}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('für alle Mitglieder der Partei')
      expect((await post(who.session, `/teams/${id}/join`)).statusCode).toBe(303)
    }
    for (const who of [ben, stranger]) {
      const [m] = await t.database.db
        .select({ status: teamMembers.status })
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, id), eq(teamMembers.memberId, who.user.memberId!)))
      expect(m!.status).toBe('active')
    }
    // A visitor who is no member sees nothing of it.
    const anonymous = await t.app.inject({ method: 'GET', url: `/units/${kv.id}` })
    expect(anonymous.body).not.toContain(`/teams/${id}`)
    const [created] = await t.database.db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'team.created'), eq(auditEvents.objectId, id)))
    expect(created!.data).toMatchObject({ joinPolicy: 'open', visibility: 'party' })
  })

  test('a lead makes a member a lead, who then decides on applications; taken out of the leads, no longer', async () => {
    const id = await createTeam(board, kv, { name: 'AG Neumitglieder', joinPolicy: 'application' })
    const db = t.database.db
    const membershipOf = async (who: { user: TestUser }) =>
      (
        await db
          .select()
          .from(teamMembers)
          .where(and(eq(teamMembers.teamId, id), eq(teamMembers.memberId, who.user.memberId!)))
      ).at(-1)!
    expect((await post(ana.session, `/teams/${id}/join`)).statusCode).toBe(303)
    const anaRow = await membershipOf(ana)
    // An applicant is no member yet: nobody can make her a lead.
    expect((await post(board, `/teams/${id}/members/${anaRow.id}/role`, { role: 'lead' })).statusCode).toBe(
      404,
    )
    expect((await post(board, `/teams/${id}/applications/${anaRow.id}/accept`)).statusCode).toBe(303)

    // A plain member may not appoint; a role no button sends is a bad request, and nothing changes.
    expect(
      (await post(ana.session, `/teams/${id}/members/${anaRow.id}/role`, { role: 'lead' })).statusCode,
    ).toBe(403)
    expect((await post(board, `/teams/${id}/members/${anaRow.id}/role`, { role: 'chief' })).statusCode).toBe(
      400,
    )
    expect((await post(board, `/teams/${id}/members/${anaRow.id}/role`, {})).statusCode).toBe(400)
    expect((await membershipOf(ana)).role).toBe('member')
    expect(
      (await post(ben.session, `/teams/${id}/members/${anaRow.id}/role`, { role: 'lead' })).statusCode,
    ).toBe(404)
    const page = await get(board, `/teams/${id}`)
    expect(page.body).toContain('in die Leitung aufnehmen')
    expect((await post(board, `/teams/${id}/members/${anaRow.id}/role`, { role: 'lead' })).statusCode).toBe(
      303,
    )
    expect((await membershipOf(ana)).role).toBe('lead')

    // The new lead decides on an application of another member of the KV.
    const cora = await buildUser(db, { member: kv })
    const coraSession = await sessionFor(db, cora)
    expect((await post(coraSession, `/teams/${id}/join`)).statusCode).toBe(303)
    const coraRow = await membershipOf({ user: cora })
    expect((await get(ana.session, `/teams/${id}`)).body).toContain('Anträge')
    expect((await post(ana.session, `/teams/${id}/applications/${coraRow.id}/accept`)).statusCode).toBe(303)

    // Taken out of the leads again, she no longer may.
    expect((await post(board, `/teams/${id}/members/${anaRow.id}/role`, { role: 'member' })).statusCode).toBe(
      303,
    )
    expect((await membershipOf(ana)).role).toBe('member')
    expect(
      (await post(ana.session, `/teams/${id}/members/${coraRow.id}/role`, { role: 'lead' })).statusCode,
    ).toBe(403)
    const actions = (
      await db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents)
    ).filter((e) => e.action.startsWith('team.lead_'))
    expect(actions.map((e) => e.action)).toEqual(['team.lead_appointed', 'team.lead_stepped_down'])
    expect(actions[0]!.data).toMatchObject({ teamId: id, memberId: ana.user.memberId })
  })

  test('the public pages of the tree do not list teams: only who may see a team finds it', async () => {
    const id = await createTeam(board, kv, { name: 'AG Geheimsache Unsichtbar', joinPolicy: 'open' })
    const anonymous = (url: string) => t.app.inject({ method: 'GET', url })
    for (const res of [await anonymous(`/units/${kv.id}`), await get(ben.session, `/units/${kv.id}`)]) {
      expect(res.statusCode).toBe(200)
      expect(res.body).not.toContain('Geheimsache')
      expect(res.body).not.toContain(id)
    }
    // The search page repeats the query; it finds no unit.
    for (const res of [
      await anonymous('/units?q=Geheimsache'),
      await get(stranger.session, '/units?q=Geheimsache'),
    ]) {
      expect(res.statusCode).toBe(200)
      expect(res.body).not.toContain(id)
      expect(res.body).not.toContain('AG Geheimsache')
    }
    // The unit page of a team leads to the team's page, which applies the team's visibility.
    const asUnit = await anonymous(`/units/${id}`)
    expect(asUnit.statusCode).toBe(303)
    expect(asUnit.headers.location).toBe(`/teams/${id}`)
    expect((await get(ben.session, `/units/${id}`)).headers.location).toBe(`/teams/${id}`)
    expect((await get(ben.session, `/teams/${id}`)).statusCode).toBe(404)
    expect((await get(ana.session, `/units/${kv.id}`)).body).toContain('Geheimsache')
  })
})
