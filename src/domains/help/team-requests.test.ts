import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  form,
  foundTeamWithLead,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import { helpRequests } from './tables.js'

let t: TestApp
let kv: OrgUnit
let board: Session
let coordinator: Session
type Person = { user: TestUser; session: Session }
let lead: Person
let plain: Person
let stranger: Person
let teamId: string

function post(session: Session, url: string, fields: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    ...form({ _csrf: session.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

const requestFields = (fields: Record<string, string> = {}) => ({
  unitId: kv.id,
  direction: 'request',
  kind: 'plakatieren',
  title: 'Plakate für die AG',
  municipalityAgs: '16075131',
  visibility: 'partners',
  contactMemberId: lead.user.memberId!,
  ...fields,
})

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  const state = await buildState(db, federation)
  kv = await buildDistrict(db, state)
  board = await sessionFor(db, await buildUser(db, { member: kv, roles: [['board', kv]] }))
  coordinator = await sessionFor(db, await buildUser(db, { member: kv, roles: [['coordinator', kv]] }))
  const person = async (home: OrgUnit) => {
    const user = await buildUser(db, { member: home })
    return { user, session: await sessionFor(db, user) }
  }
  lead = await person(kv)
  plain = await person(kv)
  stranger = await person(await buildDistrict(db, await buildState(db, federation)))

  teamId = await foundTeamWithLead(t.app, db, board, kv, 'AG Plakate', lead, [plain])
})
afterAll(() => t.close())

describe("a team's own help requests", () => {
  test('a lead posts and manages the request of the team; a member who does not lead it may not', async () => {
    const form = await get(lead.session, `/teams/${teamId}/help/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`action="/teams/${teamId}/help"`)
    expect(form.body).toContain('Für das Team AG Plakate')
    // The lead may be named as the contact, though they hold no role in the KV.
    expect(form.body).toContain(`value="${lead.user.memberId}"`)
    expect((await get(plain.session, `/teams/${teamId}/help/new`)).statusCode).toBe(403)
    expect((await post(plain.session, `/teams/${teamId}/help`, requestFields())).statusCode).toBe(403)
    // A member of another state does not see the team: it is not there for them, as on the team's page.
    expect((await get(stranger.session, `/teams/${teamId}/help/new`)).statusCode).toBe(404)
    expect((await post(stranger.session, `/teams/${teamId}/help`, requestFields())).statusCode).toBe(404)
    expect((await get(lead.session, `/teams/${crypto.randomUUID()}/help/new`)).statusCode).toBe(404)
    expect((await get(lead.session, `/help/new?unit=${kv.id}`)).statusCode).toBe(403)

    const res = await post(lead.session, `/teams/${teamId}/help`, requestFields())
    expect(res.statusCode, res.body).toBe(303)
    const requestId = res.headers.location!.split('/').pop()!
    const [row] = await t.database.db.select().from(helpRequests).where(eq(helpRequests.id, requestId))
    expect(row).toMatchObject({ unitId: kv.id, teamId, contactMemberId: lead.user.memberId })
    const [audit] = await t.database.db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'help.request.posted'), eq(auditEvents.objectId, requestId)))
    expect(audit!.data).toMatchObject({ teamId })

    const page = await get(plain.session, `/help/${requestId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`Team AG Plakate (${kv.name})`)
    expect(page.body).not.toContain(`href="/help/${requestId}/edit"`)
    expect((await get(lead.session, `/help/${requestId}`)).body).toContain(`href="/help/${requestId}/edit"`)

    // The lead edits it and adds a shift; the other member of the team does neither.
    expect((await get(lead.session, `/help/${requestId}/edit`)).statusCode).toBe(200)
    const edited = await post(lead.session, `/help/${requestId}/edit`, {
      title: 'Plakate für die AG, Runde 2',
      municipalityAgs: '16075131',
    })
    expect(edited.statusCode, edited.body).toBe(303)
    const shift = {
      startsAt: '2027-05-01T10:00',
      endsAt: '2027-05-01T14:00',
      capacity: '5',
      meetingPoint: 'Markt',
    }
    expect((await post(lead.session, `/help/${requestId}/shifts`, shift)).statusCode).toBe(303)
    expect((await get(plain.session, `/help/${requestId}/edit`)).statusCode).toBe(403)
    expect((await post(plain.session, `/help/${requestId}/shifts`, shift)).statusCode).toBe(403)
    expect((await post(plain.session, `/help/${requestId}/close`)).statusCode).toBe(403)
    expect((await get(plain.session, `/help/${requestId}/roster`)).statusCode).toBe(403)
    expect((await get(lead.session, `/help/${requestId}/roster`)).statusCode).toBe(200)
    expect((await get(coordinator, `/help/${requestId}/edit`)).statusCode).toBe(200)
    // Who sees it is the KV's circle, as before: a member of a KV in another state is told it is not there.
    expect((await get(stranger.session, `/help/${requestId}`)).statusCode).toBe(404)
    expect((await get(stranger.session, `/help/${requestId}/edit`)).statusCode).toBe(404)

    // The team's page lists it, and offers the lead (not the member) to post another.
    const teamPage = await get(plain.session, `/teams/${teamId}`)
    expect(teamPage.body).toContain('Gesuche und Angebote des Teams')
    expect(teamPage.body).toContain('Plakate für die AG, Runde 2')
    expect(teamPage.body).not.toContain(`/teams/${teamId}/help/new`)
    expect((await get(lead.session, `/teams/${teamId}`)).body).toContain(`/teams/${teamId}/help/new`)

    // Once the team has ended, its leads manage nothing and post nothing; the KV's coordinators still do.
    expect((await post(board, `/teams/${teamId}/end`)).statusCode).toBe(303)
    expect((await get(lead.session, `/help/${requestId}/edit`)).statusCode).toBe(403)
    expect((await get(lead.session, `/teams/${teamId}/help/new`)).statusCode).toBe(403)
    expect((await get(coordinator, `/teams/${teamId}/help/new`)).statusCode).toBe(409)
    expect((await post(coordinator, `/help/${requestId}/close`)).statusCode).toBe(303)
    expect((await get(plain.session, `/teams/${teamId}`)).body).not.toContain('Plakate für die AG, Runde 2')
  })
})
