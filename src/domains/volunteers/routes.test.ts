import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildLocalGroup,
  buildState,
  buildUser,
  form,
  insertPartnershipRow,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { members } from '../members/index.js'
import type { OrgUnit } from '../org-units/index.js'
import { partnerships } from '../partnerships/index.js'
import { CURRENT_CONSENT_VERSION } from './consent-text.js'
import { consents, skills, volunteerProfileSkills, volunteerRequests } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

function post(url: string, s: Session, fields: Record<string, string | string[]>) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries({ _csrf: s.csrf, ...fields }))
    for (const one of ([] as string[]).concat(v)) params.append(k, one)
  return t.app.inject({
    method: 'POST',
    url,
    payload: params.toString(),
    headers: { ...form({}).headers, cookie: s.cookie },
  })
}

async function skillId(name: string) {
  const [row] = await db().select().from(skills).where(eq(skills.name, name))
  return row!.id
}

let memberCount = 0
/** A member of `home` with an account, a phone number and a postal code, who joins the pool through the form. */
async function poolMember(
  home: OrgUnit,
  opts: { scope: string; skills: string[]; postalCode?: string; reach?: string; reachKm?: string },
) {
  const user = await buildUser(db(), { member: home })
  memberCount++
  const lastName = `Geheimnachname${memberCount}x`
  await db()
    .update(members)
    .set({
      firstName: `Vorname${memberCount}x`,
      lastName,
      phone: `+49 30 5550${memberCount}99`,
      postalCode: opts.postalCode ?? '10115',
    })
    .where(eq(members.id, user.memberId!))
  const [m] = await db().select().from(members).where(eq(members.id, user.memberId!))
  const session = await sessionFor(db(), user)
  const res = await post('/volunteers/profile', session, {
    skillIds: await Promise.all(opts.skills.map(skillId)),
    hoursPerMonth: '6',
    evenings: 'on',
    reach: opts.reach ?? 'everywhere',
    reachKm: opts.reachKm ?? '',
    scope: opts.scope,
    consentVersion: CURRENT_CONSENT_VERSION,
    consent: 'on',
  })
  expect(res.statusCode).toBe(303)
  return { user, session, member: m!, lastName }
}

async function coordinatorOf(unit: OrgUnit, role: 'coordinator' | 'board' | 'state_office' = 'coordinator') {
  const user: TestUser = await buildUser(db(), { roles: [[role, unit]] })
  return sessionFor(db(), user)
}

function search(s: Session, unit: OrgUnit, extra = '') {
  return t.app.inject({ url: `/volunteers/search?unit=${unit.id}${extra}`, headers: s.headers })
}

/** Posts a project call for `unit` wanting one skill. */
async function postCall(
  s: Session,
  unit: OrgUnit,
  title: string,
  skill: string,
  description = 'Beschreibung.',
) {
  return post('/volunteers/projects', s, {
    unitId: unit.id,
    title,
    description,
    skillIds: [await skillId(skill)],
    weeks: '3',
    hours: '5',
    deadline: '2026-12-15',
  })
}

describe('who finds whom', () => {
  test('a member who chose "own KV" appears for their KV and its local group, never for the state office or another KV', async () => {
    const state = await buildState(db())
    const a = await buildDistrict(db(), state)
    const c = await buildDistrict(db(), state)
    const local = await buildLocalGroup(db(), a)
    const m = await poolMember(a, { scope: 'own_kv', skills: ['Handwerk'] })

    const ownKv = await search(await coordinatorOf(a), a)
    expect(ownKv.statusCode).toBe(200)
    expect(ownKv.body).toContain(m.member.firstName)
    expect((await search(await coordinatorOf(local), local)).body).toContain(m.member.firstName)

    const stateOffice = await search(await coordinatorOf(state, 'state_office'), state)
    expect(stateOffice.statusCode).toBe(200)
    expect(stateOffice.body).not.toContain(m.member.firstName)
    expect((await search(await coordinatorOf(c), c)).body).not.toContain(m.member.firstName)
  })

  test('partner scope reaches the partner KV coordinator and not an unrelated KV', async () => {
    const state = await buildState(db())
    const a = await buildDistrict(db(), await buildState(db()))
    const b = await buildDistrict(db(), state)
    const c = await buildDistrict(db(), state)
    await insertPartnershipRow(db(), b, a, { status: 'active' })
    const m = await poolMember(a, { scope: 'partners', skills: ['Organisation'] })
    expect((await search(await coordinatorOf(b), b)).body).toContain(m.member.firstName)
    expect((await search(await coordinatorOf(c), c)).body).not.toContain(m.member.firstName)
  })

  test('state scope reaches the state office and every KV of the state, not another state', async () => {
    const state = await buildState(db())
    const a = await buildDistrict(db(), state)
    const c = await buildDistrict(db(), state)
    const other = await buildDistrict(db())
    const m = await poolMember(a, { scope: 'state', skills: ['IT'] })
    expect((await search(await coordinatorOf(state, 'state_office'), state)).body).toContain(
      m.member.firstName,
    )
    expect((await search(await coordinatorOf(c), c)).body).toContain(m.member.firstName)
    expect((await search(await coordinatorOf(other), other)).body).not.toContain(m.member.firstName)
  })

  test('a coordinator cannot search on behalf of a unit they hold no role on', async () => {
    const a = await buildDistrict(db())
    const b = await buildDistrict(db())
    const res = await search(await coordinatorOf(a), b)
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('nur für eine Gliederung')
  })

  test('withdrawing the consent removes the member from the very next search', async () => {
    const a = await buildDistrict(db())
    const m = await poolMember(a, { scope: 'own_kv', skills: ['Recht'] })
    const coordinator = await coordinatorOf(a)
    expect((await search(coordinator, a)).body).toContain(m.member.firstName)

    const res = await post('/volunteers/profile/withdraw', m.session, {})
    expect(res.statusCode).toBe(303)
    expect((await search(coordinator, a)).body).not.toContain(m.member.firstName)

    const rows = await db().select().from(consents).where(eq(consents.memberId, m.member.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.withdrawnAt).not.toBeNull()
    expect(rows[0]!.textVersion).toBe(CURRENT_CONSENT_VERSION)
    expect(rows[0]!.textHash).toMatch(/^[0-9a-f]{64}$/)
  })

  test('skills the member changes count from the very next search, a skill search finds only who has all of them', async () => {
    const a = await buildDistrict(db())
    const m = await poolMember(a, { scope: 'own_kv', skills: ['Recht', 'Moderation'] })
    const coordinator = await coordinatorOf(a)
    const [recht, moderation, handwerk] = await Promise.all(['Recht', 'Moderation', 'Handwerk'].map(skillId))
    const bySkills = (...ids: string[]) => search(coordinator, a, ids.map((id) => `&skill=${id}`).join(''))
    expect((await bySkills(recht!, moderation!)).body).toContain(m.member.firstName)
    expect((await bySkills(recht!, handwerk!)).body).not.toContain(m.member.firstName)

    const res = await post('/volunteers/profile', m.session, {
      skillIds: [handwerk!],
      hoursPerMonth: '6',
      reach: 'everywhere',
      scope: 'own_kv',
      consentVersion: CURRENT_CONSENT_VERSION,
      consent: 'on',
    })
    expect(res.statusCode).toBe(303)
    expect((await bySkills(recht!)).body).not.toContain(m.member.firstName)
    expect((await bySkills(handwerk!)).body).toContain(m.member.firstName)
  })

  test('changing the scope keeps the old consent as history and records a new one', async () => {
    const a = await buildDistrict(db())
    const m = await poolMember(a, { scope: 'own_kv', skills: ['Recht'] })
    await post('/volunteers/profile', m.session, {
      skillIds: [await skillId('Recht')],
      hoursPerMonth: '2',
      reach: 'everywhere',
      scope: 'party',
      consentVersion: CURRENT_CONSENT_VERSION,
      consent: 'on',
    })
    const rows = await db().select().from(consents).where(eq(consents.memberId, m.member.id))
    expect(rows.map((r) => [r.scope, r.withdrawnAt === null]).sort()).toEqual([
      ['own_kv', false],
      ['party', true],
    ])
  })

  test('the profile is not saved without ticking the consent', async () => {
    const a = await buildDistrict(db())
    const user = await buildUser(db(), { member: a })
    const res = await post('/volunteers/profile', await sessionFor(db(), user), {
      skillIds: [await skillId('IT')],
      hoursPerMonth: '2',
      reach: 'everywhere',
      scope: 'party',
      consentVersion: CURRENT_CONSENT_VERSION,
    })
    expect(res.statusCode).toBe(422)
    expect(await db().select().from(consents).where(eq(consents.memberId, user.memberId!))).toHaveLength(0)
  })
})

describe('contact through the platform', () => {
  test('no contact detail leaves before acceptance; after it the asker sees e-mail and phone', async () => {
    const a = await buildDistrict(db())
    const m = await poolMember(a, { scope: 'own_kv', skills: ['Foto/Video'] })
    const coordinator = await coordinatorOf(a)
    const secrets = [m.member.email!, m.member.phone!, m.lastName, m.member.postalCode!]

    const found = await search(coordinator, a)
    expect(found.body).toContain(m.member.firstName)
    for (const s of secrets) expect(found.body).not.toContain(s)

    const form = await t.app.inject({
      url: `/volunteers/members/${m.member.id}/ask?unit=${a.id}`,
      headers: coordinator.headers,
    })
    expect(form.statusCode).toBe(200)
    for (const s of secrets) expect(form.body).not.toContain(s)

    const sentBefore = (await t.outbox()).length
    const ask = await post(`/volunteers/members/${m.member.id}/ask`, coordinator, {
      unitId: a.id,
      message: 'Kannst du beim Sommerfest fotografieren?',
    })
    expect(ask.statusCode).toBe(303)
    const mail = (await t.outbox())[0]!
    expect((await t.outbox()).length).toBe(sentBefore + 1)
    expect(mail.to).toBe(m.member.email)
    expect(mail.text).toContain(a.name)
    expect(mail.text).toContain('Sommerfest')

    const sent = await t.app.inject({ url: '/volunteers/sent', headers: coordinator.headers })
    for (const s of secrets) expect(sent.body).not.toContain(s)

    const inbox = await t.app.inject({ url: '/volunteers/requests', headers: m.session.headers })
    expect(inbox.body).toContain('Sommerfest')
    const [request] = await db()
      .select()
      .from(volunteerRequests)
      .where(eq(volunteerRequests.memberId, m.member.id))

    // Nobody but the member answers.
    const foreign = await post(`/volunteers/requests/${request!.id}/answer`, coordinator, {
      answer: 'accept',
    })
    expect(foreign.statusCode).toBe(404)

    const accept = await post(`/volunteers/requests/${request!.id}/answer`, m.session, { answer: 'accept' })
    expect(accept.statusCode).toBe(303)
    const after = await t.app.inject({ url: '/volunteers/sent', headers: coordinator.headers })
    expect(after.body).toContain(m.member.email!)
    expect(after.body).toContain(m.member.phone!)

    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'volunteer_request'), eq(auditEvents.objectId, request!.id)))
    expect(audit.map((r) => r.action).sort()).toEqual([
      'volunteer.request.accepted',
      'volunteer.request.sent',
    ])
  })

  test('asking a member outside the consent scope answers 404', async () => {
    const a = await buildDistrict(db())
    const c = await buildDistrict(db())
    const m = await poolMember(a, { scope: 'own_kv', skills: ['IT'] })
    const coordinator = await coordinatorOf(c)
    const res = await post(`/volunteers/members/${m.member.id}/ask`, coordinator, {
      unitId: c.id,
      message: 'Hallo',
    })
    expect(res.statusCode).toBe(404)
    const page = await t.app.inject({
      url: `/volunteers/members/${m.member.id}/ask?unit=${c.id}`,
      headers: coordinator.headers,
    })
    expect(page.statusCode).toBe(404)
  })
})

describe('distance', () => {
  test('Berlin 10115 and Hamburg 20095 are about 255 km apart: found at 300 km, not at 200 km', async () => {
    const a = await buildDistrict(db())
    const m = await poolMember(a, { scope: 'party', skills: ['Moderation'], postalCode: '20095' })
    const coordinator = await coordinatorOf(a)
    const skill = await skillId('Moderation')
    const near = await search(coordinator, a, `&skill=${skill}&plz=10115&km=200`)
    expect(near.statusCode).toBe(200)
    expect(near.body).not.toContain(m.member.firstName)
    const far = await search(coordinator, a, `&skill=${skill}&plz=10115&km=300`)
    expect(far.body).toContain(m.member.firstName)
  })

  test('the member’s own reach limits a distance search', async () => {
    const a = await buildDistrict(db())
    const m = await poolMember(a, {
      scope: 'party',
      skills: ['Handwerk'],
      postalCode: '20095',
      reach: 'distance',
      reachKm: '50',
    })
    const res = await search(await coordinatorOf(a), a, '&plz=10115&km=300')
    expect(res.body).not.toContain(m.member.firstName)
  })

  test('every search is audited with its filters and count, never with names', async () => {
    const a = await buildDistrict(db())
    const m = await poolMember(a, { scope: 'own_kv', skills: ['Sprachen'] })
    const coordinator = await coordinatorOf(a)
    await search(coordinator, a, '&plz=10115&km=10')
    const rows = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'volunteer.searched'), eq(auditEvents.unitId, a.id)))
    expect(rows).toHaveLength(1)
    // Party-wide members of other tests are found too, so the count is at least this member.
    expect(rows[0]!.data).toMatchObject({ filters: { postalCode: '10115', km: 10 } })
    expect(rows[0]!.data.resultCount).toBeGreaterThanOrEqual(1)
    expect(JSON.stringify(rows[0]!.data)).not.toContain(m.member.firstName)
  })
})

describe('project calls', () => {
  test('matching by skill, applying, accepting and finishing puts the project on the member profile', async () => {
    const a = await buildDistrict(db())
    const designer = await poolMember(a, { scope: 'own_kv', skills: ['Gestaltung/Grafik'] })
    const cook = await poolMember(a, { scope: 'own_kv', skills: ['Kinderbetreuung'] })
    const coordinator = await coordinatorOf(a)
    const res = await postCall(
      coordinator,
      a,
      'Gestaltung Wahlkampfflyer',
      'Gestaltung/Grafik',
      'Ein Flyer für den Wahlkampf.',
    )
    expect(res.statusCode).toBe(303)
    const url = res.headers.location!
    const page = await t.app.inject({ url, headers: coordinator.headers })
    expect(page.body).toContain(designer.member.firstName)
    expect(page.body).not.toContain(cook.member.firstName)
    expect(page.body).not.toContain(designer.member.email!)

    const list = await t.app.inject({ url: '/volunteers/projects', headers: designer.session.headers })
    expect(list.body).toContain('Gestaltung Wahlkampfflyer')
    const apply = await post(`${url}/apply`, designer.session, { message: 'Gern!' })
    expect(apply.statusCode).toBe(303)

    const withApplication = await t.app.inject({ url, headers: coordinator.headers })
    const applicationId = /applications\/([0-9a-f-]{36})/.exec(withApplication.body)![1]!
    expect(
      (await post(`${url}/applications/${applicationId}`, coordinator, { answer: 'accept' })).statusCode,
    ).toBe(303)
    expect((await post(`${url}/finish`, coordinator, {})).statusCode).toBe(303)

    const profile = await t.app.inject({ url: '/volunteers/profile', headers: designer.session.headers })
    expect(profile.body).toContain('Gestaltung Wahlkampfflyer')

    const outsider = await coordinatorOf(await buildDistrict(db()))
    expect((await t.app.inject({ url, headers: outsider.headers })).statusCode).toBe(404)
  })
})

describe('acting for a unit: only where the actor holds the role on the unit itself', () => {
  /** A state with one KV, a pool member of that KV who chose "only my KV", and the offices above. */
  async function stateWithKv() {
    const federal = await buildFederation(db())
    const state = await buildState(db(), federal)
    const kv = await buildDistrict(db(), state)
    const m = await poolMember(kv, { scope: 'own_kv', skills: ['Handwerk'] })
    const stateOffice = await sessionFor(db(), await buildUser(db(), { roles: [['state_office', state]] }))
    const federalOffice = await sessionFor(
      db(),
      await buildUser(db(), { roles: [['federal_office', federal]] }),
    )
    const admin = await sessionFor(db(), await buildUser(db(), { roles: [['admin', federal]] }))
    return { federal, state, kv, m, stateOffice, federalOffice, admin }
  }

  test('a state office, the federal office and an admin cannot search as a KV below them', async () => {
    const w = await stateWithKv()
    for (const office of [w.stateOffice, w.federalOffice, w.admin]) {
      const res = await search(office, w.kv)
      expect(res.statusCode).toBe(403)
      expect(res.body).not.toContain(w.m.member.firstName)
    }
    // As itself the state office does not see the member either: "only my KV" is not the state.
    const asState = await search(w.stateOffice, w.state)
    expect(asState.statusCode).toBe(200)
    expect(asState.body).not.toContain(w.m.member.firstName)
  })

  test('the search form offers only the units the actor holds a role on', async () => {
    const w = await stateWithKv()
    const page = await t.app.inject({ url: '/volunteers/search', headers: w.stateOffice.headers })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`value="${w.state.id}"`)
    expect(page.body).not.toContain(`value="${w.kv.id}"`)
  })

  test('asking a member in the name of a KV the actor only inherits is refused; nothing is sent', async () => {
    const w = await stateWithKv()
    const sentBefore = (await t.outbox()).length
    const form = await t.app.inject({
      url: `/volunteers/members/${w.m.member.id}/ask?unit=${w.kv.id}`,
      headers: w.stateOffice.headers,
    })
    expect(form.statusCode).toBe(403)
    expect(form.body).not.toContain(w.m.member.firstName)
    const ask = await post(`/volunteers/members/${w.m.member.id}/ask`, w.stateOffice, {
      unitId: w.kv.id,
      message: 'Hallo aus dem Landesverband',
    })
    expect(ask.statusCode).toBe(403)
    expect(ask.body).toContain('nur für eine Gliederung')
    expect((await t.outbox()).length).toBe(sentBefore)
    expect(
      await db().select().from(volunteerRequests).where(eq(volunteerRequests.memberId, w.m.member.id)),
    ).toHaveLength(0)
  })

  test('the member sees the real sender: the unit that asked and the role the asker holds on it', async () => {
    const federal = await buildFederation(db())
    const state = await buildState(db(), federal)
    const kv = await buildDistrict(db(), state)
    const m = await poolMember(kv, { scope: 'state', skills: ['IT'] })
    const office = await sessionFor(db(), await buildUser(db(), { roles: [['state_office', state]] }))
    const ask = await post(`/volunteers/members/${m.member.id}/ask`, office, {
      unitId: state.id,
      message: 'Magst du bei der Landeswebsite helfen?',
    })
    expect(ask.statusCode).toBe(303)
    const mail = (await t.outbox())[0]!
    expect(mail.to).toBe(m.member.email)
    expect(mail.text).toContain(`${state.name} (Landesgeschäftsstelle)`)
    expect(mail.text).not.toContain(kv.name)
    const inbox = await t.app.inject({ url: '/volunteers/requests', headers: m.session.headers })
    expect(inbox.body).toContain(state.name)
    expect(inbox.body).toContain('Landesgeschäftsstelle')
  })

  test('a project call in the name of a KV the actor only inherits is refused; nothing is posted', async () => {
    const w = await stateWithKv()
    const res = await postCall(w.stateOffice, w.kv, 'Im Namen des KV', 'Handwerk')
    expect(res.statusCode).toBe(403)
    const list = await t.app.inject({ url: '/volunteers/projects', headers: w.m.session.headers })
    expect(list.body).not.toContain('Im Namen des KV')
    const form = await t.app.inject({ url: '/volunteers/projects/new', headers: w.stateOffice.headers })
    expect(form.body).not.toContain(`value="${w.kv.id}"`)
  })

  test('an office above a KV does not see the matches of the KV’s call: they are the KV’s, within its members’ consent', async () => {
    const w = await stateWithKv()
    const coordinator = await coordinatorOf(w.kv)
    const res = await postCall(coordinator, w.kv, 'Werkbank im Büro', 'Handwerk')
    expect(res.statusCode).toBe(303)
    const url = res.headers.location!
    expect((await t.app.inject({ url, headers: coordinator.headers })).body).toContain(w.m.member.firstName)
    for (const office of [w.stateOffice, w.federalOffice, w.admin]) {
      const page = await t.app.inject({ url, headers: office.headers })
      expect(page.body).not.toContain(w.m.member.firstName)
      const finish = await post(`${url}/finish`, office, {})
      expect(finish.statusCode).toBe(404)
    }
  })
})

describe('partners are KVs that both agreed', () => {
  test('a proposal does not make partners: neither side finds the other’s "partners" members until it is agreed', async () => {
    const proposer = await buildDistrict(db())
    const asked = await buildDistrict(db())
    const row = await insertPartnershipRow(db(), proposer, asked, { status: 'proposed' })
    const ofAsked = await poolMember(asked, { scope: 'partners', skills: ['IT'] })
    const ofProposer = await poolMember(proposer, { scope: 'partners', skills: ['IT'] })
    const proposerCoordinator = await coordinatorOf(proposer)
    const askedCoordinator = await coordinatorOf(asked)
    expect((await search(proposerCoordinator, proposer)).body).not.toContain(ofAsked.member.firstName)
    expect((await search(askedCoordinator, asked)).body).not.toContain(ofProposer.member.firstName)
    const ask = await post(`/volunteers/members/${ofAsked.member.id}/ask`, proposerCoordinator, {
      unitId: proposer.id,
      message: 'Wir sind doch bald Partner',
    })
    expect(ask.statusCode).toBe(404)

    await db().update(partnerships).set({ status: 'agreed' }).where(eq(partnerships.id, row.id))
    expect((await search(proposerCoordinator, proposer)).body).toContain(ofAsked.member.firstName)
    expect((await search(askedCoordinator, asked)).body).toContain(ofProposer.member.firstName)
  })
})

describe('the list of skills', () => {
  test('the federal office adds, renames, retires and restores a skill; members who chose it keep it', async () => {
    const federation = await buildFederation(db())
    const office = await sessionFor(db(), await buildUser(db(), { roles: [['federal_office', federation]] }))
    const kv = await buildDistrict(db(), await buildState(db(), federation))
    const coordinator = await coordinatorOf(kv)
    const list = await t.app.inject({ url: '/volunteers/skills', headers: office.headers })
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Handwerk')
    // Coordinators, boards and state offices search the pool; they do not keep its list.
    expect((await t.app.inject({ url: '/volunteers/skills', headers: coordinator.headers })).statusCode).toBe(
      403,
    )
    expect((await post('/volunteers/skills', coordinator, { name: 'Zaubern' })).statusCode).toBe(403)

    expect((await post('/volunteers/skills', office, { name: 'Gebärdensprache' })).statusCode).toBe(303)
    const twice = await post('/volunteers/skills', office, { name: 'gebärdensprache' })
    expect(twice.statusCode).toBe(422)
    expect(twice.body).toContain('gibt es schon')
    expect((await post('/volunteers/skills', office, { name: '   ' })).statusCode).toBe(422)
    const id = await skillId('Gebärdensprache')
    const chose = await poolMember(kv, { scope: 'party', skills: ['Gebärdensprache', 'IT'] })

    // A name another skill has is refused; a rename shows wherever the skill is chosen.
    expect((await post(`/volunteers/skills/${id}`, office, { name: 'IT' })).statusCode).toBe(422)
    expect(
      (await post(`/volunteers/skills/${id}`, office, { name: 'Deutsche Gebärdensprache' })).statusCode,
    ).toBe(303)
    expect((await post(`/volunteers/skills/${id}/retire`, office, {})).statusCode).toBe(303)

    // Retired: no form offers it for a new choice, and a new choice of it is refused.
    const offered = new RegExp(`value="${id}"`)
    const search = await t.app.inject({
      url: `/volunteers/search?unit=${kv.id}`,
      headers: coordinator.headers,
    })
    expect(search.statusCode).toBe(200)
    expect(search.body).not.toMatch(offered)
    const newcomer = await sessionFor(db(), await buildUser(db(), { member: kv }))
    const form = await t.app.inject({ url: '/volunteers/profile', headers: newcomer.headers })
    expect(form.body).not.toMatch(offered)
    const refused = await post('/volunteers/profile', newcomer, {
      skillIds: [id],
      hoursPerMonth: '2',
      reach: 'everywhere',
      scope: 'party',
      consentVersion: CURRENT_CONSENT_VERSION,
      consent: 'on',
    })
    expect(refused.statusCode).toBe(422)

    // The member who chose it keeps it, under its new name, ticked and marked, and saving keeps it.
    const own = await t.app.inject({ url: '/volunteers/profile', headers: chose.session.headers })
    expect(own.body).toMatch(
      new RegExp(
        `value="${id}"[^>]*checked[^>]*/?> Deutsche Gebärdensprache \\(wird nicht mehr angeboten\\)`,
      ),
    )
    const saved = await post('/volunteers/profile', chose.session, {
      skillIds: [id, await skillId('IT')],
      hoursPerMonth: '4',
      reach: 'everywhere',
      scope: 'party',
      consentVersion: CURRENT_CONSENT_VERSION,
      consent: 'on',
    })
    expect(saved.statusCode).toBe(303)
    const kept = await db()
      .select()
      .from(volunteerProfileSkills)
      .where(eq(volunteerProfileSkills.memberId, chose.member.id))
    expect(kept.map((k) => k.skillId)).toContain(id)
    const page = await t.app.inject({ url: '/volunteers/skills', headers: office.headers })
    expect(page.body).toMatch(
      /Deutsche Gebärdensprache<\/th><td>Profile: 1 · Aufrufe: 0<\/td><td>zurückgezogen am/,
    )

    expect((await post(`/volunteers/skills/${id}/restore`, office, {})).statusCode).toBe(303)
    const again = await t.app.inject({
      url: `/volunteers/search?unit=${kv.id}`,
      headers: coordinator.headers,
    })
    expect(again.body).toMatch(offered)
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.objectId, id))).map(
      (a) => a.action,
    )
    expect(actions).toEqual(
      expect.arrayContaining([
        'volunteer.skill.added',
        'volunteer.skill.renamed',
        'volunteer.skill.retired',
        'volunteer.skill.restored',
      ]),
    )
  })
})
