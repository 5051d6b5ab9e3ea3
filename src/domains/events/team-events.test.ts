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

let t: TestApp
let kv: OrgUnit
let otherKv: OrgUnit
let board: Session
let coordinator: Session
type Person = { user: TestUser; session: Session }
let lead: Person
let plain: Person
let neighbour: Person
let teamId: string

function post(session: Session | undefined, url: string, fields: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    ...form({ ...(session ? { _csrf: session.csrf } : {}), ...fields }),
    headers: { ...form({}).headers, ...(session ? { cookie: session.cookie } : {}) },
  })
}
const get = (session: Session | undefined, url: string) =>
  t.app.inject({ method: 'GET', url, headers: session?.headers ?? {} })

const eventFields = (fields: Record<string, string> = {}) => ({
  hostUnitIds: kv.id,
  type: 'workshop',
  title: 'Werkstatt Mitgliederarbeit',
  day: '2027-03-10',
  startTime: '18:00',
  endTime: '20:00',
  audience: 'own_members',
  publish: 'on',
  repeat: 'none',
  ...fields,
})

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  const state = await buildState(db, federation)
  kv = await buildDistrict(db, state)
  otherKv = await buildDistrict(db, state)
  board = await sessionFor(db, await buildUser(db, { member: kv, roles: [['board', kv]] }))
  coordinator = await sessionFor(db, await buildUser(db, { roles: [['coordinator', kv]] }))
  const person = async (home: OrgUnit) => {
    const user = await buildUser(db, { member: home })
    return { user, session: await sessionFor(db, user) }
  }
  lead = await person(kv)
  plain = await person(kv)
  neighbour = await person(otherKv)

  teamId = await foundTeamWithLead(t.app, db, board, kv, 'AG Mitgliederarbeit', lead, [plain])
})
afterAll(() => t.close())

describe("a team's own events", () => {
  test('a lead of the team creates and manages its event; a member who does not lead it may not', async () => {
    const form = await get(lead.session, `/teams/${teamId}/events/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`action="/teams/${teamId}/events"`)
    expect(form.body).toContain('Das Team AG Mitgliederarbeit')
    expect((await get(plain.session, `/teams/${teamId}/events/new`)).statusCode).toBe(403)
    expect((await post(plain.session, `/teams/${teamId}/events`, eventFields())).statusCode).toBe(403)
    // A member of another KV does not see the team: it is not there for them, as on the team's page.
    expect((await get(neighbour.session, `/teams/${teamId}`)).statusCode).toBe(404)
    expect((await get(neighbour.session, `/teams/${teamId}/events/new`)).statusCode).toBe(404)
    expect((await post(neighbour.session, `/teams/${teamId}/events`, eventFields())).statusCode).toBe(404)
    // The KV's coordinator organises for it, team events included, and so sees the team, member or not.
    expect((await get(coordinator, `/teams/${teamId}`)).statusCode).toBe(200)
    expect((await get(coordinator, `/teams/${teamId}/events/new`)).statusCode).toBe(200)
    expect((await get(lead.session, `/teams/${crypto.randomUUID()}/events/new`)).statusCode).toBe(404)
    // The lead's role on the team gives them nothing on the KV's own events form.
    expect((await get(lead.session, `/events/new?unit=${kv.id}`)).statusCode).toBe(403)

    // The unit hosting the team stays a host: its audience and its coordinators' rights are the event's.
    const without = await post(
      lead.session,
      `/teams/${teamId}/events`,
      eventFields({ hostUnitIds: otherKv.id }),
    )
    expect(without.statusCode).toBe(422)
    expect(without.body).toContain('Der Verband, zu dem das Team gehört, lädt mit ein')

    const res = await post(lead.session, `/teams/${teamId}/events`, eventFields())
    expect(res.statusCode, res.body).toBe(303)
    const eventId = res.headers.location!.split('/').pop()!
    const page = await get(lead.session, `/events/${eventId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`Veranstaltet von Team AG Mitgliederarbeit (${kv.name})`)
    expect(page.body).toContain(`href="/events/${eventId}/edit"`)
    const [audit] = await t.database.db
      .select({ data: auditEvents.data, unitId: auditEvents.unitId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'event.created'), eq(auditEvents.objectId, eventId)))
    expect(audit).toMatchObject({ unitId: kv.id, data: { teamId, hosts: [kv.id] } })

    // The lead edits it; the other member sees it but neither edits nor cancels it.
    expect((await get(lead.session, `/events/${eventId}/edit`)).statusCode).toBe(200)
    const edited = await post(
      lead.session,
      `/events/${eventId}`,
      eventFields({ title: 'Werkstatt Mitglieder' }),
    )
    expect(edited.statusCode, edited.body).toBe(303)
    const seen = await get(plain.session, `/events/${eventId}`)
    expect(seen.statusCode).toBe(200)
    expect(seen.body).toContain('Werkstatt Mitglieder')
    expect(seen.body).not.toContain(`href="/events/${eventId}/edit"`)
    expect((await get(plain.session, `/events/${eventId}/edit`)).statusCode).toBe(403)
    expect((await post(plain.session, `/events/${eventId}`, eventFields({ title: 'X' }))).statusCode).toBe(
      403,
    )
    expect((await post(plain.session, `/events/${eventId}/status`, { status: 'cancelled' })).statusCode).toBe(
      403,
    )
    expect((await get(plain.session, `/events/${eventId}/organise`)).statusCode).toBe(403)
    expect((await get(lead.session, `/events/${eventId}/organise`)).statusCode).toBe(200)
    // The KV's coordinator organises the team's event as any of the KV's.
    expect((await get(coordinator, `/events/${eventId}/edit`)).statusCode).toBe(200)

    // Who the event is for has not changed: a member of the neighbouring KV and a visitor are told it is not there.
    expect((await get(neighbour.session, `/events/${eventId}`)).statusCode).toBe(404)
    expect((await get(undefined, `/events/${eventId}`)).statusCode).toBe(404)
    expect((await get(neighbour.session, `/events/${eventId}/edit`)).statusCode).toBe(404)

    // The team's page lists it for the team's members, and offers the lead (not the member) to create another.
    const teamPage = await get(plain.session, `/teams/${teamId}`)
    expect(teamPage.body).toContain('Veranstaltungen des Teams')
    expect(teamPage.body).toContain(`href="/events/${eventId}"`)
    expect(teamPage.body).not.toContain(`/teams/${teamId}/events/new`)
    expect((await get(lead.session, `/teams/${teamId}`)).body).toContain(`/teams/${teamId}/events/new`)
  })

  test("a draft of the team's is for its organisers; once the team has ended its leads manage no event", async () => {
    const res = await post(
      lead.session,
      `/teams/${teamId}/events`,
      eventFields({ title: 'Entwurf', publish: '' }),
    )
    expect(res.statusCode, res.body).toBe(303)
    const draftId = res.headers.location!.split('/').pop()!
    expect((await get(lead.session, `/events/${draftId}`)).statusCode).toBe(200)
    expect((await get(plain.session, `/events/${draftId}`)).statusCode).toBe(404)
    expect((await get(plain.session, `/teams/${teamId}`)).body).not.toContain(`href="/events/${draftId}"`)

    expect((await post(board, `/teams/${teamId}/end`)).statusCode).toBe(303)
    expect((await get(lead.session, `/events/${draftId}`)).statusCode).toBe(404)
    expect((await get(coordinator, `/events/${draftId}/edit`)).statusCode).toBe(200)
    expect((await get(lead.session, `/teams/${teamId}/events/new`)).statusCode).toBe(403)
    expect((await get(coordinator, `/teams/${teamId}/events/new`)).statusCode).toBe(409)
    // The ended team keeps its events as history on its page.
    const teamPage = await get(plain.session, `/teams/${teamId}`)
    expect(teamPage.body).toContain('Werkstatt Mitglieder')
    expect(teamPage.body).not.toContain(`/teams/${teamId}/events/new`)
  })
})
