import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  foundTeamWithLead,
  postForm,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { members } from '../members/index.js'
import type { OrgUnit } from '../org-units/index.js'
import { CURRENT_CONSENT_VERSION } from './consent-text.js'
import { skills, volunteerProjects } from './tables.js'

let t: TestApp
let kv: OrgUnit
let otherKv: OrgUnit
let board: Session
let coordinator: Session
type Person = { user: TestUser; session: Session; firstName: string }
let lead: Person
let plain: Person
let designer: Person
let stranger: Person
let teamId: string

const post = (session: Session, url: string, fields: Record<string, string | string[]> = {}) =>
  postForm(t.app, session, url, fields)
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

async function skillId(name: string) {
  const [row] = await t.database.db.select().from(skills).where(eq(skills.name, name))
  return row!.id
}

const callFields = async (fields: Record<string, string | string[]> = {}) => ({
  unitId: kv.id,
  title: 'Plakatmotive der AG',
  description: 'Drei Motive für die Plakatwände.',
  skillIds: [await skillId('Gestaltung/Grafik')],
  weeks: '3',
  hours: '8',
  deadline: '2027-04-30',
  ...fields,
})

let count = 0
/** A member of `home` with an account; with `pool`, in the volunteer pool for their own KV with that skill. */
async function person(home: OrgUnit, pool?: string): Promise<Person> {
  const db = t.database.db
  const user = await buildUser(db, { member: home })
  const firstName = `Teamvorname${++count}x`
  await db.update(members).set({ firstName }).where(eq(members.id, user.memberId!))
  const session = await sessionFor(db, user)
  if (pool) {
    const res = await post(session, '/volunteers/profile', {
      skillIds: [await skillId(pool)],
      hoursPerMonth: '6',
      evenings: 'on',
      reach: 'everywhere',
      reachKm: '',
      scope: 'own_kv',
      consentVersion: CURRENT_CONSENT_VERSION,
      consent: 'on',
    })
    expect(res.statusCode).toBe(303)
  }
  return { user, session, firstName }
}

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  const state = await buildState(db, federation)
  kv = await buildDistrict(db, state)
  otherKv = await buildDistrict(db, state)
  board = await sessionFor(db, await buildUser(db, { member: kv, roles: [['board', kv]] }))
  coordinator = await sessionFor(db, await buildUser(db, { member: kv, roles: [['coordinator', kv]] }))
  lead = await person(kv)
  // A member of the team in the pool (so the call is open to them), who does not lead it.
  plain = await person(kv, 'Kinderbetreuung')
  designer = await person(kv, 'Gestaltung/Grafik')
  stranger = await person(await buildDistrict(db, await buildState(db, federation)))

  teamId = await foundTeamWithLead(t.app, db, board, kv, 'AG Plakate', lead, [plain])
})
afterAll(() => t.close())

const callsOfTeam = () =>
  t.database.db.select().from(volunteerProjects).where(eq(volunteerProjects.teamId, teamId))

describe("a team's own project calls", () => {
  test('a lead posts and runs the call of the team for the unit hosting it; a member who does not lead it may not', async () => {
    const page = await get(lead.session, `/teams/${teamId}/projects/new`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`action="/teams/${teamId}/projects"`)
    expect(page.body).toContain('Für das Team AG Plakate')
    // A member of the team who does not lead it is refused; a member of another state, who does not see the
    // team, is told it is not there, as on the team's page.
    for (const [who, status] of [
      [plain, 403],
      [stranger, 404],
    ] as const) {
      expect((await get(who.session, `/teams/${teamId}/projects/new`)).statusCode).toBe(status)
      expect((await post(who.session, `/teams/${teamId}/projects`, await callFields())).statusCode).toBe(
        status,
      )
    }
    expect((await get(lead.session, `/teams/${crypto.randomUUID()}/projects/new`)).statusCode).toBe(404)
    // The lead's role on the team gives them nothing on the unit's own form.
    expect((await get(lead.session, '/volunteers/projects/new')).statusCode).toBe(403)

    // Bad input comes back with field errors; nothing is written.
    const bad = await post(lead.session, `/teams/${teamId}/projects`, {
      ...(await callFields()),
      title: '',
      skillIds: [],
      weeks: 'viele',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Bitte wähle mindestens eine Fähigkeit.')
    expect(bad.body).toContain(`action="/teams/${teamId}/projects"`)
    // A call of the team is its host's: naming another unit is a field error.
    const elsewhere = await post(
      lead.session,
      `/teams/${teamId}/projects`,
      await callFields({ unitId: otherKv.id }),
    )
    expect(elsewhere.statusCode).toBe(422)
    expect(elsewhere.body).toContain('Bitte wähle eine Gliederung.')
    expect(await callsOfTeam()).toHaveLength(0)

    const res = await post(lead.session, `/teams/${teamId}/projects`, await callFields())
    expect(res.statusCode, res.body).toBe(303)
    const url = res.headers.location!
    const projectId = url.split('/').pop()!
    const [row] = await callsOfTeam()
    expect(row).toMatchObject({ id: projectId, unitId: kv.id, teamId, createdById: lead.user.id })
    const [audit] = await t.database.db
      .select({ data: auditEvents.data, unitId: auditEvents.unitId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'volunteer.project.posted'), eq(auditEvents.objectId, projectId)))
    expect(audit).toMatchObject({ unitId: kv.id, data: { teamId } })

    // The lead runs it, and sees no matches: those are the KV's search within its members' consent.
    const forLead = await get(lead.session, url)
    expect(forLead.statusCode).toBe(200)
    expect(forLead.body).toContain(`Team AG Plakate (${kv.name})`)
    expect(forLead.body).toContain(`action="${url}/finish"`)
    expect(forLead.body).not.toContain(designer.firstName)
    expect((await get(coordinator, url)).body).toContain(designer.firstName)

    // The unit's calls show it to the pool members its consent reaches; they apply as to any call.
    const list = await get(designer.session, '/volunteers/projects')
    expect(list.body).toContain('Plakatmotive der AG')
    expect(list.body).toContain(`Team AG Plakate (${kv.name})`)
    expect((await post(designer.session, `${url}/apply`, { message: 'Gern!' })).statusCode).toBe(303)
    const withApplication = await get(lead.session, url)
    const applicationId = /applications\/([0-9a-f-]{36})/.exec(withApplication.body)![1]!

    // The member of the team who does not lead it sees the call (the pool) and is refused running it.
    expect((await get(plain.session, url)).statusCode).toBe(200)
    expect((await get(plain.session, url)).body).not.toContain(`${url}/finish`)
    expect(
      (await post(plain.session, `${url}/applications/${applicationId}`, { answer: 'accept' })).statusCode,
    ).toBe(403)
    expect((await post(plain.session, `${url}/finish`)).statusCode).toBe(403)
    // A member of a KV the consent does not reach is told it does not exist.
    expect((await get(stranger.session, url)).statusCode).toBe(404)
    expect((await post(stranger.session, `${url}/finish`)).statusCode).toBe(404)

    expect(
      (await post(lead.session, `${url}/applications/${applicationId}`, { answer: 'accept' })).statusCode,
    ).toBe(303)

    // The team's page lists the call, and offers the lead (not the member) to post another.
    const teamPage = await get(plain.session, `/teams/${teamId}`)
    expect(teamPage.body).toContain('Projektaufrufe des Teams')
    expect(teamPage.body).toContain('Plakatmotive der AG')
    expect(teamPage.body).not.toContain(`/teams/${teamId}/projects/new`)
    expect((await get(lead.session, `/teams/${teamId}`)).body).toContain(`/teams/${teamId}/projects/new`)

    expect((await post(lead.session, `${url}/finish`)).statusCode).toBe(303)
    const [finished] = await t.database.db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'volunteer.project.finished'), eq(auditEvents.objectId, projectId)))
    expect(finished!.data).toMatchObject({ teamId })
    expect((await get(designer.session, '/volunteers/profile')).body).toContain('Plakatmotive der AG')
  })

  test("a lead edits the team's call: its fields and skills change, audited; who does not run it is refused", async () => {
    const res = await post(
      lead.session,
      `/teams/${teamId}/projects`,
      await callFields({ title: 'Flyer der AG' }),
    )
    expect(res.statusCode, res.body).toBe(303)
    const url = res.headers.location!
    const projectId = url.split('/').pop()!
    const design = await skillId('Gestaltung/Grafik')
    const childcare = await skillId('Kinderbetreuung')
    const changes = {
      title: 'Flyer und Plakate der AG',
      description: 'Drei Motive für die Plakatwände.',
      skillIds: [design, childcare],
      weeks: '4',
      hours: '8',
      deadline: '2027-05-15',
    }
    const call = async () =>
      (await t.database.db.select().from(volunteerProjects).where(eq(volunteerProjects.id, projectId)))[0]!

    // The call's page offers the edit to those who run it; the form starts with what the call says.
    expect((await get(lead.session, url)).body).toContain(`href="${url}/edit"`)
    expect((await get(plain.session, url)).body).not.toContain(`${url}/edit`)
    const form = await get(lead.session, `${url}/edit`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`action="${url}/edit"`)
    expect(form.body).toContain('value="Flyer der AG"')
    expect(form.body).toContain(`value="${design}" checked`)
    expect(form.body).not.toContain(`value="${childcare}" checked`)
    expect(form.body).toContain(`Team AG Plakate (${kv.name})`)

    // A member of the team who does not lead it sees the call and is refused; one it does not reach is told it is
    // not there.
    expect((await get(plain.session, `${url}/edit`)).statusCode).toBe(403)
    expect((await post(plain.session, `${url}/edit`, changes)).statusCode).toBe(403)
    expect((await get(stranger.session, `${url}/edit`)).statusCode).toBe(404)
    expect((await post(stranger.session, `${url}/edit`, changes)).statusCode).toBe(404)

    // Bad input comes back with field errors; nothing is written.
    const bad = await post(lead.session, `${url}/edit`, { ...changes, title: '', skillIds: [] })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Bitte wähle mindestens eine Fähigkeit.')
    expect(bad.body).toContain(`action="${url}/edit"`)
    const unknown = await post(lead.session, `${url}/edit`, { ...changes, skillIds: [crypto.randomUUID()] })
    expect(unknown.statusCode).toBe(422)
    expect((await call()).title).toBe('Flyer der AG')

    const saved = await post(lead.session, `${url}/edit`, changes)
    expect(saved.statusCode, saved.body).toBe(303)
    expect(saved.headers.location).toBe(url)
    expect(await call()).toMatchObject({
      title: 'Flyer und Plakate der AG',
      weeks: 4,
      deadline: '2027-05-15',
      unitId: kv.id,
      teamId,
      status: 'open',
    })
    expect((await get(lead.session, url)).body).toContain('Kinderbetreuung')
    const [audit] = await t.database.db
      .select({ data: auditEvents.data, unitId: auditEvents.unitId, actorUserId: auditEvents.actorUserId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'volunteer.project.edited'), eq(auditEvents.objectId, projectId)))
    expect(audit).toMatchObject({
      unitId: kv.id,
      actorUserId: lead.user.id,
      data: { changed: ['title', 'weeks', 'deadline', 'skills'], teamId },
    })

    // A finished call is history: no longer edited.
    expect((await post(lead.session, `${url}/finish`)).statusCode).toBe(303)
    expect((await get(lead.session, `${url}/edit`)).statusCode).toBe(409)
    expect((await post(lead.session, `${url}/edit`, changes)).statusCode).toBe(409)
  })

  test('once the team has ended its calls stay with their history; its leads run nothing and post nothing', async () => {
    const res = await post(
      lead.session,
      `/teams/${teamId}/projects`,
      await callFields({ title: 'Zweite Runde' }),
    )
    expect(res.statusCode, res.body).toBe(303)
    const url = res.headers.location!
    expect((await post(board, `/teams/${teamId}/end`)).statusCode).toBe(303)

    expect((await get(lead.session, `/teams/${teamId}/projects/new`)).statusCode).toBe(403)
    expect((await post(lead.session, `/teams/${teamId}/projects`, await callFields())).statusCode).toBe(403)
    expect((await get(coordinator, `/teams/${teamId}/projects/new`)).statusCode).toBe(409)
    // The lead no longer runs the call; the pool member still sees it, the KV's coordinator still runs it.
    expect((await post(lead.session, `${url}/finish`)).statusCode).toBe(404)
    expect((await get(plain.session, url)).statusCode).toBe(200)
    expect((await get(coordinator, url)).body).toContain(`Team AG Plakate (${kv.name})`)
    const teamPage = await get(coordinator, `/teams/${teamId}`)
    expect(teamPage.body).toContain('Zweite Runde')
    expect(teamPage.body).toContain('Plakatmotive der AG')
    expect(teamPage.body).not.toContain(`/teams/${teamId}/projects/new`)
    expect((await post(coordinator, `${url}/finish`)).statusCode).toBe(303)
    expect(await callsOfTeam()).toHaveLength(3)
  })
})
