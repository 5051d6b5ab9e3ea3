import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApiToken } from '../../../test/support/api-tokens.js'
import { buildTestApp, TEST_SECRET, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildState,
  buildUser,
  foundTeamWithLead,
  postForm,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { csrfTokenFor } from '../../platform/http/csrf.js'
import { resolveTokenActorFor } from '../api/service/tokens.js'
import { members } from '../members/index.js'
import type { OrgUnit } from '../org-units/index.js'
import { CURRENT_CONSENT_VERSION, skills } from '../volunteers/index.js'
import { resolveActorFor, sessionLimits } from './sessions.js'
import { hashToken } from './tokens.js'
import { base32Decode, totp } from './totp.js'

/**
 * The active lead of a team that runs holds no role grant, yet sees other members' data: the RSVPs of the team's
 * events with their access needs, the contacts of the applicants to its project calls, the rosters of its help
 * requests. Such an account needs the second factor like a coordinator; until a session has confirmed it the
 * lead powers are held back. A lead of a team that has ended needs nothing.
 */

let t: TestApp
let kv: OrgUnit
let board: Session
type Person = { user: TestUser; session: Session }
let lead: Person
let guest: Person
let designer: Person
let teamId: string
let eventId: string
let draftId: string
let projectUrl: string
let helpId: string
/** The designer's e-mail address in the member file: the contact a call's manager sees of an accepted applicant. */
let designerEmail: string

const db = () => t.database.db
let address = 0
const from = () => `10.30.${Math.floor(++address / 250)}.${(address % 250) + 1}`
const get = (session: Session, url: string) =>
  t.app.inject({ method: 'GET', url, headers: session.headers, remoteAddress: from() })
const post = (session: Session, url: string, fields: Record<string, string | string[]> = {}) =>
  postForm(t.app, session, url, fields)
const tokenOf = (s: Session) => s.cookie.split('=')[1]!
const actorOf = (s: Session) => resolveActorFor(t.app.deps, t.app.config)(tokenOf(s))

async function person(home: OrgUnit): Promise<Person> {
  const user = await buildUser(db(), { member: home })
  return { user, session: await sessionFor(db(), user, t.clock.now()) }
}

beforeAll(async () => {
  t = await buildTestApp()
  const federation = await buildFederation(db())
  kv = await buildDistrict(db(), await buildState(db(), federation))
  board = await sessionFor(db(), await buildUser(db(), { member: kv, roles: [['board', kv]] }), t.clock.now())
  lead = await person(kv)
  guest = await person(kv)
  designer = await person(kv)
  teamId = await foundTeamWithLead(t.app, db(), board, kv, 'AG Barrierefreiheit', lead, [guest])

  // The team's event, with a member's RSVP naming an access need, and a draft of the team's.
  const event = await buildEvent(db(), [kv], { audience: 'own_members', hostTeamId: teamId })
  eventId = event.id
  const rsvp = await post(guest.session, `/events/${eventId}/rsvp`, { accessNeeds: 'Induktionsschleife' })
  expect(rsvp.statusCode).toBeLessThan(400)
  draftId = (await buildEvent(db(), [kv], { audience: 'own_members', hostTeamId: teamId, status: 'draft' }))
    .id

  // The team's project call, with an application the lead (in a confirmed session) accepted: its contact shows.
  const [skill] = await db().select().from(skills).where(eq(skills.name, 'Gestaltung/Grafik'))
  const profile = await post(designer.session, '/volunteers/profile', {
    skillIds: [skill!.id],
    hoursPerMonth: '6',
    evenings: 'on',
    reach: 'everywhere',
    reachKm: '',
    scope: 'own_kv',
    consentVersion: CURRENT_CONSENT_VERSION,
    consent: 'on',
  })
  expect(profile.statusCode).toBe(303)
  const call = await post(lead.session, `/teams/${teamId}/projects`, {
    unitId: kv.id,
    title: 'Leichte Sprache für die AG',
    description: 'Drei Plakate in leichter Sprache.',
    skillIds: [skill!.id],
    weeks: '3',
    hours: '8',
    deadline: '2027-04-30',
  })
  expect(call.statusCode, call.body).toBe(303)
  projectUrl = call.headers.location!
  expect((await post(designer.session, `${projectUrl}/apply`, { message: 'Gern!' })).statusCode).toBe(303)
  const applicationId = /applications\/([0-9a-f-]{36})/.exec((await get(lead.session, projectUrl)).body)![1]!
  const accepted = await post(lead.session, `${projectUrl}/applications/${applicationId}`, {
    answer: 'accept',
  })
  expect(accepted.statusCode).toBe(303)
  const [designerMember] = await db().select().from(members).where(eq(members.id, designer.user.memberId!))
  designerEmail = designerMember!.email!

  // The team's help request with a shift the guest signed up for.
  const help = await post(lead.session, `/teams/${teamId}/help`, {
    unitId: kv.id,
    direction: 'request',
    kind: 'plakatieren',
    title: 'Rampen für das Sommerfest',
    municipalityAgs: '16075131',
    visibility: 'partners',
    contactMemberId: lead.user.memberId!,
  })
  expect(help.statusCode, help.body).toBe(303)
  helpId = help.headers.location!.split('/').pop()!
  const shift = await post(lead.session, `/help/${helpId}/shifts`, {
    startsAt: '2027-05-01T10:00',
    endsAt: '2027-05-01T14:00',
    capacity: '5',
    meetingPoint: 'Markt',
  })
  expect(shift.statusCode).toBe(303)
})
afterAll(() => t.close())

/** What the lead sees of the team's members' data in this session, page by page. */
async function leadViews(session: Session) {
  const roster = await get(session, `/events/${eventId}/organise`)
  const call = await get(session, projectUrl)
  const helpRoster = await get(session, `/help/${helpId}/roster`)
  const helpEdit = await get(session, `/help/${helpId}/edit`)
  return {
    roster: roster.statusCode,
    accessNeed: roster.body.includes('Induktionsschleife'),
    applicantContact: call.body.includes(designerEmail),
    callFinish: call.body.includes(`${projectUrl}/finish`),
    helpRoster: helpRoster.statusCode,
    helpEdit: helpEdit.statusCode,
  }
}

/** What a lead with the lead powers in force sees. */
const everything = {
  roster: 200,
  accessNeed: true,
  applicantContact: true,
  callFinish: true,
  helpRoster: 200,
  helpEdit: 200,
}

describe('the active lead of a team that runs needs a second factor', () => {
  test('without it the lead powers are held back, with a notice naming the team lead; set up, they count', async () => {
    // The confirmed session (as every test session) sees what a lead sees.
    expect(await leadViews(lead.session)).toEqual(everything)

    // The password login sends the lead to set the second factor up, as it sends a coordinator.
    const login = await t.app.inject({ method: 'GET', url: '/login', remoteAddress: from() })
    const binding = /bs_csrf=([^;]+)/.exec(String(login.headers['set-cookie']))![1]!
    const loggedIn = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: new URLSearchParams({
        _csrf: csrfTokenFor(TEST_SECRET, binding),
        email: lead.user.email,
        password: lead.user.password,
        next: '/units',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `bs_csrf=${binding}` },
      remoteAddress: from(),
    })
    expect(loggedIn.headers.location).toBe('/account/two-factor')

    const unconfirmed = await sessionFor(db(), lead.user, t.clock.now(), { secondFactor: false })
    const actor = await actorOf(unconfirmed)
    expect(actor).toMatchObject({
      leadsActiveTeam: true,
      leadPowers: false,
      secondFactor: { step: 'enrol', heldBack: ['team_lead'] },
    })
    const views = await leadViews(unconfirmed)
    expect([403, 404]).toContain(views.roster)
    expect([403, 404]).toContain(views.helpRoster)
    expect([403, 404]).toContain(views.helpEdit)
    expect(views).toMatchObject({ accessNeed: false, applicantContact: false, callFinish: false })
    // A change is refused as well.
    const closing = await post(unconfirmed, `/help/${helpId}/close`)
    expect([403, 404]).toContain(closing.statusCode)
    expect((await get(unconfirmed, `/events/${draftId}`)).statusCode).toBe(404)

    const home = await get(unconfirmed, '/')
    expect(home.body).toContain('Teamleitung')
    expect(home.body).toContain('href="/account/two-factor"')
    const en = await t.app.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: `${unconfirmed.cookie}; bs_lang=en` },
      remoteAddress: from(),
    })
    expect(en.body).toContain('You are acting as a member only')
    expect(en.body).toContain('team lead')

    // The lead may set up the second factor (as a coordinator may); the session that did counts at once.
    const page = await get(unconfirmed, '/account/two-factor')
    expect(page.statusCode).toBe(200)
    const secret = base32Decode(/<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!)!
    const enrolment = /name="enrolment" value="([^"]+)"/.exec(page.body)![1]!
    const enrolled = await post(unconfirmed, '/account/two-factor', {
      enrolment,
      code: totp(secret, t.clock.now().getTime()),
    })
    expect(enrolled.statusCode).toBe(200)
    const setCookie = ([] as string[]).concat(enrolled.headers['set-cookie'] as string | string[])
    const token = setCookie
      .find((c) => c.startsWith('bs_session='))!
      .split(';')[0]!
      .split('=')[1]!
    const confirmed: Session = {
      ...unconfirmed,
      cookie: `bs_session=${token}`,
      headers: { cookie: `bs_session=${token}` },
    }
    expect(await actorOf(confirmed)).toMatchObject({ leadsActiveTeam: true, leadPowers: true })
    expect((await actorOf(confirmed))?.secondFactor).toBeUndefined()
    expect(await leadViews(confirmed)).toEqual(everything)
    expect(hashToken(token)).not.toBe(hashToken(tokenOf(unconfirmed)))

    // Another session of the account now has to confirm the factor it has.
    const other = await sessionFor(db(), lead.user, t.clock.now(), { secondFactor: false })
    expect((await actorOf(other))?.secondFactor).toEqual({ step: 'confirm', heldBack: ['team_lead'] })
  })

  test('an access token created without a second factor holds back the lead powers', async () => {
    const tokenActor = resolveTokenActorFor(t.app.deps, t.app.config)
    const without = await buildApiToken(db(), lead.user.id, kv.id, t.clock.now(), { secondFactor: false })
    expect(await tokenActor(without)).toMatchObject({
      leadPowers: false,
      secondFactor: { step: 'confirm', heldBack: ['team_lead'] },
    })
    const headers = (token: string) => ({ authorization: `Bearer ${token}` })
    const draft = (token: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/events/${draftId}`,
        headers: headers(token),
        remoteAddress: from(),
      })
    expect((await draft(without)).statusCode).toBe(404)
    // One created in a session that confirmed it (the account has one since the test above) carries them.
    const withIt = await buildApiToken(db(), lead.user.id, kv.id, t.clock.now(), { secondFactor: true })
    expect(await tokenActor(withIt)).toMatchObject({ leadPowers: true })
    expect((await draft(withIt)).statusCode).toBe(200)
  })

  test("a lead's session keeps the shorter limits of those who see other members' data", async () => {
    const session = await sessionFor(db(), lead.user, t.clock.now())
    const now = t.clock.now()
    t.clock.advance(sessionLimits.privileged.idleMs + 60_000)
    try {
      expect(await actorOf(session)).toBeUndefined()
    } finally {
      t.clock.current = now
    }
  })

  test('a lead of a team that has ended needs nothing', async () => {
    expect((await post(board, `/teams/${teamId}/end`)).statusCode).toBe(303)
    const session = await sessionFor(db(), lead.user, t.clock.now(), { secondFactor: false })
    const actor = await actorOf(session)
    expect(actor).toMatchObject({ leadsActiveTeam: false, leadPowers: true })
    expect(actor?.secondFactor).toBeUndefined()
    expect((await get(session, '/')).body).not.toContain('Du handelst gerade nur als Mitglied')
    // A member who never led a team needs nothing either.
    const plain = await actorOf(await sessionFor(db(), guest.user, t.clock.now(), { secondFactor: false }))
    expect(plain).toMatchObject({ leadsActiveTeam: false, leadPowers: true })
    expect(plain?.secondFactor).toBeUndefined()
  })
})
