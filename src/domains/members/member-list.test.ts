import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildLocalGroup,
  buildMember,
  buildState,
  buildUser,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { buildPersonEverywhere } from '../../../test/support/person-everywhere.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import { teamMembers, teams } from '../teams/tables.js'
import { type Member, members } from './tables.js'

let t: TestApp
let kv: OrgUnit
let otherKv: OrgUnit
let local: OrgUnit
let board: Session
let otherBoard: Session
let stateOffice: Session
let anna: Member
let bernd: Member
let clara: Member
let teamId: string

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const state = await buildState(db, await buildFederation(db))
  kv = await buildDistrict(db, state)
  otherKv = await buildDistrict(db, state)
  local = await buildLocalGroup(db, kv)
  board = await sessionFor(db, await buildUser(db, { roles: [['board', kv]] }))
  otherBoard = await sessionFor(db, await buildUser(db, { roles: [['board', otherKv]] }))
  stateOffice = await sessionFor(db, await buildUser(db, { roles: [['state_office', state]] }))
  anna = await buildMember(db, kv, {
    firstName: 'Anna',
    lastName: 'Amsel',
    enteredOn: '2024-03-01',
    localUnitId: local.id,
  })
  bernd = await buildMember(db, kv, { firstName: 'Bernd', lastName: 'Buchfink', enteredOn: '2026-10-01' })
  clara = await buildMember(db, kv, { firstName: 'Clara', lastName: '=Cmd()', enteredOn: '2025-05-05' })
  const team = await insertUnit(db, { kind: 'team', name: 'AG Mitgliederarbeit', parentId: kv.id })
  teamId = team.id
  await db.insert(teams).values({ unitId: team.id, joinPolicy: 'open' })
  await db.insert(teamMembers).values({
    teamId: team.id,
    memberId: bernd.id,
    status: 'active',
    appliedAt: new Date(),
    joinedAt: new Date(),
  })
})
afterAll(() => t.close())

const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })
// Matched as the list writes a name ("Amsel, Anna"), so a random token on the page cannot pass for one.
const rows: [string, string][] = [
  ['Amsel', 'Amsel, Anna'],
  ['Buchfink', 'Buchfink, Bernd'],
  ['Cmd', '=Cmd(), Clara'],
]
const names = (body: string) => rows.filter(([, shown]) => body.includes(shown)).map(([name]) => name)

describe("a KV's member list for its board", () => {
  test('searches by name, local group, entry date, team and onboarding state', async () => {
    const list = (query: string) => get(board, `/units/${kv.id}/members${query}`)
    expect(names((await list('')).body)).toEqual(['Amsel', 'Buchfink', 'Cmd'])
    expect(names((await list('?q=buch')).body)).toEqual(['Buchfink'])
    expect(names((await list(`?q=${encodeURIComponent(anna.memberNumber)}`)).body)).toEqual(['Amsel'])
    expect(names((await list(`?local=${local.id}`)).body)).toEqual(['Amsel'])
    expect(names((await list('?local=none')).body)).toEqual(['Buchfink', 'Cmd'])
    expect(names((await list('?enteredFrom=2025-01-01&enteredTo=2025-12-31')).body)).toEqual(['Cmd'])
    expect(names((await list(`?team=${teamId}`)).body)).toEqual(['Buchfink'])
    // Nobody here has an onboarding pipeline (they were not imported).
    expect(names((await list('?onboarding=running')).body)).toEqual([])
    expect(names((await list('?onboarding=none')).body)).toEqual(['Amsel', 'Buchfink', 'Cmd'])
    // A value the field does not take is left out instead of failing.
    const odd = await list('?enteredFrom=gestern&team=x&page=-3&onboarding=vielleicht')
    expect(odd.statusCode).toBe(200)
    expect(names(odd.body)).toEqual(['Amsel', 'Buchfink', 'Cmd'])
    // The state's office sees the KV's members in the state's list too; a neighbouring board does not.
    expect(names((await get(stateOffice, `/units/${kv.id}/members`)).body)).toHaveLength(3)
    expect((await get(otherBoard, `/units/${kv.id}/members`)).statusCode).toBe(404)
  })

  test("a member's page shows the board what it may see; other boards get 404", async () => {
    const page = await get(board, `/members/${bernd.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Bernd Buchfink')
    expect(page.body).toContain(bernd.memberNumber)
    expect(page.body).not.toContain(bernd.email!)
    expect(page.body).toContain('AG Mitgliederarbeit')
    expect((await get(otherBoard, `/members/${bernd.id}`)).statusCode).toBe(404)
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectId, bernd.id))
    expect(audit.map((a) => a.action)).toContain('member.viewed')
  })

  test("a member's page leaves out their contact data, volunteer profile and the needs they gave with an RSVP", async () => {
    const db = t.database.db
    const person = await buildPersonEverywhere(db, 'BOARDVIEW')
    const homeBoard = await sessionFor(db, await buildUser(db, { roles: [['board', person.home]] }))
    const page = await get(homeBoard, `/members/${person.member.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('BOARDVIEW-Nachname')
    for (const hidden of [
      'boardview@example.org',
      '1234567',
      'BOARDVIEW-Rollstuhl',
      'BOARDVIEW-Sprachen',
      'BOARDVIEW-Anzeigename',
    ])
      expect(page.body, hidden).not.toContain(hidden)
  })

  test('exports the search as CSV, defused for spreadsheets and audited', async () => {
    const noPurpose = await get(board, `/units/${kv.id}/members.csv?local=none`)
    expect(noPurpose.statusCode).toBe(422)
    expect(noPurpose.body).toContain('Bitte wähle, wofür')
    const res = await get(board, `/units/${kv.id}/members.csv?local=none&purpose=invitation`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    expect(res.headers['content-disposition']).toContain('attachment')
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toContain('Mitgliedsnummer')
    expect(res.body).toContain('"\'=Cmd()"')
    expect(res.body).not.toContain('Amsel')
    expect(res.body).not.toContain(bernd.email!)
    expect((await get(otherBoard, `/units/${kv.id}/members.csv?purpose=invitation`)).statusCode).toBe(404)
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'members.exported'))
    expect(audit!.data).toMatchObject({ purpose: 'invitation', rows: 2, filters: { local: 'none' } })
  })

  test("a member who moves to another KV is gone from the old board's list on the next request", async () => {
    expect(names((await get(board, `/units/${kv.id}/members`)).body)).toContain('Cmd')
    await t.database.db.update(members).set({ homeUnitId: otherKv.id }).where(eq(members.id, clara.id))
    expect(names((await get(board, `/units/${kv.id}/members`)).body)).not.toContain('Cmd')
    expect((await get(board, `/members/${clara.id}`)).statusCode).toBe(404)
    expect(names((await get(otherBoard, `/units/${otherKv.id}/members`)).body)).toEqual(['Cmd'])
  })
})
