import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
  callingHoursFields,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import { consents, VOLUNTEER_POOL_PURPOSE, volunteerProfiles } from '../volunteers/index.js'
import type { Question } from './questionnaire.js'
import {
  campaignCalls,
  campaignTargets,
  memberDoNotCall,
  surveyAnswers,
  surveyCampaigns,
  surveyResponses,
  surveys,
  surveyVersions,
} from './tables.js'

let t: TestApp
let state: OrgUnit
let kv: OrgUnit
let otherKv: OrgUnit
let office: Session
let officeUser: TestUser
let otherBoard: Session
let otherBoardUser: TestUser
let member: Session
let memberUser: TestUser
const callers: { user: TestUser; session: Session }[] = []
/** Members of the state with a phone number: the people campaigns call. */
const called: string[] = []

const questions: Question[] = [
  {
    key: 'q1',
    kind: 'single',
    text: 'Möchtest du mitmachen?',
    required: true,
    section: null,
    options: [
      { key: 'o1', label: 'Ja' },
      { key: 'o2', label: 'Nein' },
    ],
    scale: null,
    showIf: null,
  },
  {
    key: 'q2',
    kind: 'number',
    text: 'Wie viele Stunden im Monat?',
    required: false,
    section: null,
    options: [],
    scale: null,
    showIf: null,
    feedsPool: 'hours',
  },
]

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  state = await buildState(db, federation)
  kv = await buildDistrict(db, state)
  otherKv = await buildDistrict(db, state)
  const elsewhere = await buildDistrict(db, await buildState(db, federation))
  officeUser = await buildUser(db, { member: kv, roles: [['state_office', state]] })
  office = await sessionFor(db, officeUser)
  otherBoardUser = await buildUser(db, { member: elsewhere, roles: [['board', elsewhere]] })
  otherBoard = await sessionFor(db, otherBoardUser)
  memberUser = await buildUser(db, { member: kv })
  member = await sessionFor(db, memberUser)
  for (let i = 0; i < 20; i++) {
    const user = await buildUser(db, { member: i % 2 ? kv : otherKv })
    callers.push({ user, session: await sessionFor(db, user) })
  }
  for (let i = 0; i < 30; i++)
    called.push(
      (await buildMember(db, i % 3 ? kv : otherKv, { firstName: `Angerufen${i}`, phone: `030 ${1000 + i}` }))
        .id,
    )
  // Without a phone number, or in another state: never on a list.
  await buildMember(db, kv, { firstName: 'OhneTelefon', phone: null })
  await buildMember(db, elsewhere, { firstName: 'Woanders', phone: '040 1' })
})
afterAll(() => t.close())

function post(session: Session, url: string, fields: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

async function openSurvey(anonymous = false) {
  const db = t.database.db
  const [survey] = await db
    .insert(surveys)
    .values({ unitId: state.id, title: 'Parteiarbeit', anonymous, status: 'open', createdAt: new Date() })
    .returning()
  await db
    .insert(surveyVersions)
    .values({ surveyId: survey!.id, number: 1, questionnaire: { questions }, createdAt: new Date() })
  return survey!.id
}

async function campaign(surveyId: string, fields: Record<string, string> = {}) {
  const res = await post(office, `/surveys/${surveyId}/campaigns`, {
    name: 'Telefonaktion Herbst',
    script: 'Hallo, hier ist … vom Landesverband. Deine Angaben werden nur für diese Befragung genutzt.',
    ...callingHoursFields(),
    ...fields,
  })
  expect(res.statusCode, res.body).toBe(303)
  return res.headers.location!.split('/').pop()!
}

async function callerOf(campaignId: string, i: number) {
  const c = callers[i]!
  expect((await post(office, `/campaigns/${campaignId}/callers`, { email: c.user.email })).statusCode).toBe(
    303,
  )
  expect((await post(c.session, `/campaigns/${campaignId}/confirm`)).statusCode).toBe(303)
  return c
}

const targetsOf = (campaignId: string) =>
  t.database.db.select().from(campaignTargets).where(eq(campaignTargets.campaignId, campaignId))

describe('phone campaigns', () => {
  test('the list holds the members of the subtree with a phone; only the owners set it up', async () => {
    const surveyId = await openSurvey()
    expect((await get(otherBoard, `/surveys/${surveyId}/campaigns/new`)).statusCode).toBe(404)
    expect((await get(member, `/surveys/${surveyId}/campaigns/new`)).statusCode).toBe(403)
    const bad = await post(office, `/surveys/${surveyId}/campaigns`, {
      name: '',
      script: '',
    })
    expect(bad.statusCode).toBe(422)
    const id = await campaign(surveyId)
    expect(new Set((await targetsOf(id)).map((r) => r.memberId))).toEqual(new Set(called))
    const onlyKv = await campaign(surveyId, { kvId: otherKv.id })
    expect((await targetsOf(onlyKv)).every((r) => r.unitId === otherKv.id)).toBe(true)
    expect((await targetsOf(onlyKv)).length).toBe(10)
    const page = await get(office, `/campaigns/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(kv.name)
    expect((await get(otherBoard, `/campaigns/${id}`)).statusCode).toBe(404)
  })

  test('20 callers asking for the next person at once never get the same member', async () => {
    const id = await campaign(await openSurvey())
    for (let i = 0; i < 20; i++) await callerOf(id, i)
    const answers = await Promise.all(callers.map((c) => post(c.session, `/campaigns/${id}/next`)))
    // Each answer is the desk with the person claimed for that caller, and nobody else.
    expect(answers.every((r) => r.statusCode === 200)).toBe(true)
    // Its language switch leads back to the desk, not to the form's address.
    expect(answers[0]!.body).toContain(`back=${encodeURIComponent(`/campaigns/${id}/call`)}`)
    const claimed = (await targetsOf(id)).filter((r) => r.state === 'claimed')
    expect(claimed).toHaveLength(20)
    expect(new Set(claimed.map((r) => r.memberId)).size).toBe(20)
    expect(new Set(claimed.map((r) => r.claimedById)).size).toBe(20)
    callers.forEach((c, i) => {
      const mine = claimed.find((r) => r.claimedById === c.user.id)!
      const shown = called.filter((m) => answers[i]!.body.includes(`Angerufen${called.indexOf(m)},`))
      expect(shown).toEqual([mine.memberId])
    })
    // Asking again keeps the caller's current person.
    const again = await post(callers[0]!.session, `/campaigns/${id}/next`)
    expect(again.statusCode).toBe(200)
    expect((await targetsOf(id)).filter((r) => r.state === 'claimed')).toHaveLength(20)
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'campaign.person_claimed'))
    const claimedIds = new Set(claimed.map((r) => r.id))
    const rows = audit.filter((a) => claimedIds.has(a.objectId!))
    // One audit row per claim (none for asking again), by the caller, on the survey's unit, as a member there.
    expect(rows).toHaveLength(20)
    expect(new Set(rows.map((a) => a.actorUserId))).toEqual(new Set(callers.map((c) => c.user.id)))
    expect(rows.every((a) => a.unitId === state.id && a.actingRole === 'none')).toBe(true)
  })

  test('a caller sees only the person they call: first name, KV, phone, earlier notes; never a list', async () => {
    const id = await campaign(await openSurvey())
    const c = callers[0]!
    // Before being added: nothing; before confirming: the note, no person.
    expect((await get(c.session, `/campaigns/${id}/call`)).statusCode).toBe(404)
    expect((await post(c.session, `/campaigns/${id}/next`)).statusCode).toBe(404)
    await post(office, `/campaigns/${id}/callers`, { email: c.user.email })
    const note = await get(c.session, `/campaigns/${id}/call`)
    expect(note.body).toContain('Vertraulichkeit')
    expect((await post(c.session, `/campaigns/${id}/next`)).statusCode).toBe(409)
    await post(c.session, `/campaigns/${id}/confirm`)
    await post(c.session, `/campaigns/${id}/next`)
    const desk = await get(c.session, `/campaigns/${id}/call`)
    const [mine] = (await targetsOf(id)).filter((r) => r.claimedById === c.user.id)
    const i = called.indexOf(mine!.memberId!)
    expect(desk.body).toContain(`Angerufen${i},`)
    expect(desk.body).toContain(`030 ${1000 + i}`)
    expect(desk.body).toContain('Hallo, hier ist')
    const others = called.filter((_, j) => j !== i)
    expect(others.some((_, j) => desk.body.includes(`030 ${1000 + (j >= i ? j + 1 : j)}<`))).toBe(false)
    expect(desk.body).not.toMatch(/Person-/)
    // "Call back" returns the person to this caller at that time, with the note.
    const callback = await post(c.session, `/campaigns/${id}/calls/${mine!.id}`, {
      outcome: 'callback',
      callbackAt: '2026-11-21T11:20',
      note: 'Lieber abends nach sechs',
    })
    expect(callback.statusCode, callback.body).toBe(303)
    const past = await post(c.session, `/campaigns/${id}/next`)
    expect(past.statusCode).toBe(200)
    const [next] = (await targetsOf(id)).filter((r) => r.claimedById === c.user.id && r.state === 'claimed')
    expect(next!.memberId).not.toBe(mine!.memberId!)
    await post(c.session, `/campaigns/${id}/calls/${next!.id}`, { outcome: 'no_answer' })
    t.clock.advance(25 * 60 * 1000)
    // The office's second factor was confirmed at the old time: a fresh session at the new one.
    office = await sessionFor(t.database.db, officeUser, t.clock.now())
    await post(c.session, `/campaigns/${id}/next`)
    const back = await get(c.session, `/campaigns/${id}/call`)
    expect(back.body).toContain(`Angerufen${i},`)
    expect(back.body).toContain('Lieber abends nach sechs')
    // Another caller does not get it while it is this caller's call-back.
    const d = await callerOf(id, 1)
    await post(d.session, `/campaigns/${id}/next`)
    const [theirs] = (await targetsOf(id)).filter((r) => r.claimedById === d.user.id)
    expect(theirs!.memberId).not.toBe(mine!.memberId!)
    // A call left unfinished returns to the pool after 30 minutes.
    t.clock.advance(31 * 60 * 1000)
    office = await sessionFor(t.database.db, officeUser, t.clock.now())
    const e = await callerOf(id, 2)
    await post(e.session, `/campaigns/${id}/next`)
    const [taken] = (await targetsOf(id)).filter((r) => r.claimedById === e.user.id)
    expect([mine!.memberId!, theirs!.memberId]).toContain(taken!.memberId)
  })

  test("reached: the caller enters the answers on the member's behalf; with consent they feed the pool", async () => {
    const db = t.database.db
    const surveyId = await openSurvey()
    const id = await campaign(surveyId)
    const c = await callerOf(id, 3)
    await post(c.session, `/campaigns/${id}/next`)
    const [mine] = (await targetsOf(id)).filter((r) => r.claimedById === c.user.id)
    // The member is in the pool with consent and a profile of 2 hours.
    await db.insert(consents).values({
      memberId: mine!.memberId!,
      purpose: VOLUNTEER_POOL_PURPOSE,
      scope: 'own_kv',
      textVersion: '1',
      textHash: 'x',
      givenAt: new Date(),
    })
    await db
      .insert(volunteerProfiles)
      .values({ memberId: mine!.memberId!, hoursPerMonth: 2, reach: 'own_kv' })
    const missing = await post(c.session, `/campaigns/${id}/calls/${mine!.id}`, { outcome: 'reached' })
    expect(missing.statusCode).toBe(422)
    const ok = await post(c.session, `/campaigns/${id}/calls/${mine!.id}`, {
      outcome: 'reached',
      q_q1: 'o1',
      q_q2: '6',
      note: 'Freut sich über den Anruf',
    })
    expect(ok.statusCode, ok.body).toBe(303)
    const [response] = await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId))
    expect(response).toMatchObject({ memberId: mine!.memberId!, channel: 'phone', recordedById: c.user.id })
    const answers = await db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, response!.id))
    expect(answers.map((a) => a.option ?? a.numberValue).sort()).toEqual([6, 'o1'])
    const [profile] = await db
      .select()
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.memberId, mine!.memberId!))
    expect(profile!.hoursPerMonth).toBe(6)
    const [target] = await db.select().from(campaignTargets).where(eq(campaignTargets.id, mine!.id))
    expect(target).toMatchObject({ state: 'done', outcome: 'reached' })

    // Without consent, nothing reaches the pool.
    await post(c.session, `/campaigns/${id}/next`)
    const [second] = (await targetsOf(id)).filter((r) => r.claimedById === c.user.id && r.state === 'claimed')
    await db
      .insert(volunteerProfiles)
      .values({ memberId: second!.memberId!, hoursPerMonth: 2, reach: 'own_kv' })
    await post(c.session, `/campaigns/${id}/calls/${second!.id}`, {
      outcome: 'reached',
      q_q1: 'o1',
      q_q2: '9',
    })
    const [unchanged] = await db
      .select()
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.memberId, second!.memberId!))
    expect(unchanged!.hoursPerMonth).toBe(2)
  })

  test('the desk shows the questionnaire as it is now: changed in place, changed by hand, a new version', async () => {
    const db = t.database.db
    const surveyId = await openSurvey()
    const id = await campaign(surveyId)
    const c = await callerOf(id, 10)
    const next = async () => {
      const res = await post(c.session, `/campaigns/${id}/next`)
      expect(res.statusCode, res.body).toBe(200)
      return res.body
    }
    const noAnswer = async () => {
      const [mine] = (await targetsOf(id)).filter((r) => r.claimedById === c.user.id && r.state === 'claimed')
      const res = await post(c.session, `/campaigns/${id}/calls/${mine!.id}`, { outcome: 'no_answer' })
      expect(res.statusCode, res.body).toBe(303)
    }
    expect(await next()).toContain('Möchtest du mitmachen?')
    // Nobody has answered: the office's new question changes version 1 in place; the caller's desk shows it,
    // and so does the next person's.
    const added = await post(office, `/surveys/${surveyId}/questions`, {
      kind: 'short_text',
      text: 'Was fehlt dir?',
    })
    expect(added.statusCode, added.body).toBe(303)
    expect(
      (await db.select().from(surveyVersions).where(eq(surveyVersions.surveyId, surveyId))).map(
        (v) => v.number,
      ),
    ).toEqual([1])
    expect((await get(c.session, `/campaigns/${id}/call`)).body).toContain('Was fehlt dir?')
    await noAnswer()
    const again = await next()
    expect(again).toContain('Möchtest du mitmachen?')
    expect(again).toContain('Was fehlt dir?')
    // The version changed by anyone else (here by hand): the next person comes with the change.
    await db
      .update(surveyVersions)
      .set({ questionnaire: { questions: [{ ...questions[0]!, text: 'Willst du mitmachen?' }] } })
      .where(eq(surveyVersions.surveyId, surveyId))
    await noAnswer()
    const edited = await next()
    expect(edited).toContain('Willst du mitmachen?')
    expect(edited).not.toContain('Möchtest du mitmachen?')
    expect(edited).not.toContain('Was fehlt dir?')
    // A new version: the next person comes with its questions.
    await db.insert(surveyVersions).values({
      surveyId,
      number: 2,
      questionnaire: { questions: [{ ...questions[0]!, text: 'Magst du mitmachen?' }] },
      createdAt: new Date(),
    })
    await noAnswer()
    const newer = await next()
    expect(newer).toContain('Magst du mitmachen?')
    expect(newer).not.toContain('Willst du mitmachen?')
  })

  test('"does not want to be called" is honoured by every later campaign and the open ones', async () => {
    const db = t.database.db
    const surveyId = await openSurvey()
    const first = await campaign(surveyId)
    const running = await campaign(surveyId)
    const c = await callerOf(first, 4)
    await post(c.session, `/campaigns/${first}/next`)
    const [mine] = (await targetsOf(first)).filter((r) => r.claimedById === c.user.id)
    const res = await post(c.session, `/campaigns/${first}/calls/${mine!.id}`, { outcome: 'do_not_call' })
    expect(res.statusCode).toBe(303)
    const [mark] = await db
      .select()
      .from(memberDoNotCall)
      .where(eq(memberDoNotCall.memberId, mine!.memberId!))
    expect(mark).toBeTruthy()
    const later = await campaign(surveyId)
    expect((await targetsOf(later)).some((r) => r.memberId === mine!.memberId!)).toBe(false)
    // The campaign that listed the member before: nobody is handed them.
    const d = await callerOf(running, 5)
    for (let i = 0; i < 30; i++) {
      await post(d.session, `/campaigns/${running}/next`)
      const [current] = (await targetsOf(running)).filter(
        (r) => r.claimedById === d.user.id && r.state === 'claimed',
      )
      if (!current) break
      expect(current.memberId).not.toBe(mine!.memberId!)
      await post(d.session, `/campaigns/${running}/calls/${current.id}`, { outcome: 'declined' })
    }
    const left = (await targetsOf(running)).filter((r) => r.state !== 'done')
    expect(left.map((r) => r.memberId)).toEqual([mine!.memberId!])
    const calls = await db
      .select()
      .from(campaignCalls)
      .where(and(eq(campaignCalls.campaignId, running), eq(campaignCalls.callerId, d.user.id)))
    expect(calls.length).toBe(29)
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, 'campaign.call_recorded'))
    expect(audit.length).toBeGreaterThan(29)
    // The progress page counts them per KV and per caller.
    const page = await get(office, `/campaigns/${running}`)
    expect(page.body).toContain('Fortschritt je anrufender Person')
  })
})

describe('calling hours', () => {
  const weekdayEvenings = {
    ...Object.fromEntries(
      ['mo', 'tu', 'we', 'th', 'fr'].flatMap((d) => [
        [`from_${d}`, '17:00'],
        [`to_${d}`, '20:00'],
      ]),
    ),
    from_sa: '11:00',
    to_sa: '14:00',
  }
  /** Fresh sessions at the test clock's time, for the office and one caller. */
  const sessionsNow = async (c: { user: TestUser }) => ({
    office: await sessionFor(t.database.db, officeUser, t.clock.now()),
    caller: await sessionFor(t.database.db, c.user, t.clock.now()),
  })
  const claimedIn = async (id: string) => (await targetsOf(id)).filter((r) => r.state === 'claimed')

  test('the form refuses hours that are not a window and keeps what was typed; nothing is created', async () => {
    t.clock.current = new Date('2026-11-23T10:00:00Z')
    const surveyId = await openSurvey()
    const s = await sessionsNow(callers[0]!)
    const res = await post(s.office, `/surveys/${surveyId}/campaigns`, {
      name: 'Aktion',
      script: 'Hallo',
      from_mo: '17:00',
      from_tu: '20:00',
      to_tu: '18:00',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Bitte gib für diesen Tag Beginn und Ende an')
    expect(res.body).toContain('Das Ende muss nach dem Beginn liegen')
    expect(res.body).toContain('href="#f-to_mo"')
    expect(res.body).toMatch(/id="f-from_tu"[^>]*value="20:00"|value="20:00"[^>]*id="f-from_tu"/)
    const none = await post(s.office, `/surveys/${surveyId}/campaigns`, { name: 'Aktion', script: 'Hallo' })
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Bitte gib für mindestens einen Tag Anrufzeiten an.')
    expect(
      await t.database.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.surveyId, surveyId)),
    ).toEqual([])
  })

  test('"next person" hands out nobody outside the hours on the clocks in Berlin, winter and summer', async () => {
    // Monday 23 November 2026, 16:59 in Berlin (15:59 UTC).
    t.clock.current = new Date('2026-11-23T15:59:00Z')
    const c = callers[1]!
    let s = await sessionsNow(c)
    const created = await post(s.office, `/surveys/${await openSurvey()}/campaigns`, {
      name: 'Abends',
      script: 'Hallo',
      ...weekdayEvenings,
    })
    expect(created.statusCode, created.body).toBe(303)
    const id = created.headers.location!.split('/').pop()!
    await post(s.office, `/campaigns/${id}/callers`, { email: c.user.email })
    await post(s.caller, `/campaigns/${id}/confirm`)
    const desk = `/campaigns/${id}/call`
    const outside = await post(s.caller, `/campaigns/${id}/next`)
    expect(outside.statusCode).toBe(303)
    expect(outside.headers.location).toBe(desk)
    expect(await claimedIn(id)).toEqual([])
    const page = await get(s.caller, desk)
    expect(page.body).toContain('Außerhalb der Anrufzeiten (Mo–Fr 17:00–20:00, Sa 11:00–14:00)')
    expect(page.body).toContain('Die nächsten Anrufzeiten beginnen 23.11.2026 17:00.')
    expect(page.body).not.toContain('Nächste Person</button>')
    const claims = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'campaign.person_claimed'))
    const targetIds = new Set((await targetsOf(id)).map((r) => r.id))
    expect(claims.filter((a) => targetIds.has(a.objectId!))).toEqual([])

    // 17:00 in Berlin: the first person.
    t.clock.current = new Date('2026-11-23T16:00:00Z')
    expect((await post(s.caller, `/campaigns/${id}/next`)).statusCode).toBe(200)
    const [first] = await claimedIn(id)
    expect(first!.claimedById).toBe(c.user.id)
    await post(s.caller, `/campaigns/${id}/calls/${first!.id}`, { outcome: 'no_answer' })
    // A call begun at 19:50 stays the caller's when the hours end: at 20:05 "next person" still shows the person.
    t.clock.current = new Date('2026-11-23T18:50:00Z')
    s = await sessionsNow(c)
    expect((await post(s.caller, `/campaigns/${id}/next`)).statusCode).toBe(200)
    const [second] = await claimedIn(id)
    t.clock.current = new Date('2026-11-23T19:05:00Z')
    expect((await post(s.caller, `/campaigns/${id}/next`)).statusCode).toBe(200)
    expect((await claimedIn(id)).map((r) => r.id)).toEqual([second!.id])
    expect(
      (await post(s.caller, `/campaigns/${id}/calls/${second!.id}`, { outcome: 'no_answer' })).statusCode,
    ).toBe(303)
    // 20:05 in Berlin: nobody new.
    expect((await post(s.caller, `/campaigns/${id}/next`)).statusCode).toBe(303)
    expect(await claimedIn(id)).toEqual([])
    // Sunday: no hours at all; the desk names Monday evening.
    t.clock.current = new Date('2026-11-29T11:00:00Z')
    s = await sessionsNow(c)
    expect((await post(s.caller, `/campaigns/${id}/next`)).statusCode).toBe(303)
    expect((await get(s.caller, desk)).body).toContain('Die nächsten Anrufzeiten beginnen 30.11.2026 17:00.')

    // Summer time (UTC+2): 15:30 UTC is 17:30 in Berlin, inside; 18:30 UTC is 20:30 there, outside.
    t.clock.current = new Date('2027-06-07T18:30:00Z')
    s = await sessionsNow(c)
    expect((await post(s.caller, `/campaigns/${id}/next`)).statusCode).toBe(303)
    expect(await claimedIn(id)).toEqual([])
    t.clock.current = new Date('2027-06-07T15:30:00Z')
    s = await sessionsNow(c)
    expect((await post(s.caller, `/campaigns/${id}/next`)).statusCode).toBe(200)
    expect(await claimedIn(id)).toHaveLength(1)
  })
})

describe('changing a running campaign', () => {
  const evenings = (from = '17:00', to = '20:00') =>
    Object.fromEntries(
      ['mo', 'tu', 'we', 'th', 'fr'].flatMap((d) => [
        [`from_${d}`, from],
        [`to_${d}`, to],
      ]),
    )
  const saturday = { from_sa: '11:00', to_sa: '14:00' }
  const script = 'Hallo, hier ist der Landesverband.'
  /** A running campaign at the test clock's time, with fresh sessions for the office and the given callers. */
  async function running(hours: Record<string, string>, ...who: number[]) {
    const db = t.database.db
    const office = await sessionFor(db, officeUser, t.clock.now())
    const created = await post(office, `/surveys/${await openSurvey()}/campaigns`, {
      name: 'Telefonaktion Winter',
      script,
      ...hours,
    })
    expect(created.statusCode, created.body).toBe(303)
    const id = created.headers.location!.split('/').pop()!
    const sessions: Session[] = []
    for (const i of who) {
      const c = callers[i]!
      expect((await post(office, `/campaigns/${id}/callers`, { email: c.user.email })).statusCode).toBe(303)
      const session = await sessionFor(db, c.user, t.clock.now())
      expect((await post(session, `/campaigns/${id}/confirm`)).statusCode).toBe(303)
      sessions.push(session)
    }
    return { id, office, callers: sessions }
  }
  const campaignRow = async (id: string) =>
    (await t.database.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id)))[0]!
  const changes = (id: string) =>
    t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'campaign.changed'), eq(auditEvents.objectId, id)))
  const claimedBy = async (id: string, userId: string) =>
    (await targetsOf(id)).filter((r) => r.state === 'claimed' && r.claimedById === userId)

  test('the owners change the hours and the script; bad input is refused on its field and writes nothing; "next person" follows at once', async () => {
    // Monday 23 November 2026, 17:30 in Berlin.
    t.clock.current = new Date('2026-11-23T16:30:00Z')
    const {
      id,
      office,
      callers: [caller],
    } = await running({ ...evenings(), ...saturday }, 6)
    const settings = `/campaigns/${id}/settings`
    const before = await campaignRow(id)

    // The page carries the form of a new campaign, filled with the campaign's script and hours.
    const page = await get(office, `/campaigns/${id}`)
    expect(page.body).toContain('Leitfaden und Anrufzeiten ändern')
    expect(page.body).toMatch(/id="f-to_mo"[^>]*value="20:00"|value="20:00"[^>]*id="f-to_mo"/)
    expect(page.body).toContain('aria-labelledby="hours-sa hours-from"')
    expect(page.body).toContain(`${script}</textarea>`)

    // A malformed time, no script; then an end before its start, one time alone: each on its field.
    const malformed = await post(office, settings, { script: ' ', ...evenings(), from_tu: '9 Uhr' })
    expect(malformed.statusCode).toBe(422)
    expect(malformed.body).toContain('href="#f-from_tu">Bitte gib eine Uhrzeit an, z. B. 17:00.')
    expect(malformed.body).toContain('href="#f-script">Bitte gib den Gesprächsleitfaden an.')
    const bad = await post(office, settings, {
      script,
      ...evenings(),
      from_mo: '20:00',
      to_mo: '18:00',
      to_we: '',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#f-to_mo">Das Ende muss nach dem Beginn liegen')
    expect(bad.body).toContain('href="#f-to_we">Bitte gib für diesen Tag Beginn und Ende an')
    // What was typed stays, and the page's links lead to the campaign page.
    expect(bad.body).toMatch(/id="f-from_mo"[^>]*value="20:00"|value="20:00"[^>]*id="f-from_mo"/)
    expect(bad.body).toContain(`back=${encodeURIComponent(`/campaigns/${id}`)}"`)
    const none = await post(office, settings, { script })
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Bitte gib für mindestens einen Tag Anrufzeiten an.')
    // Only the owners: another KV's board does not learn of the campaign, a member and the caller are refused.
    const valid = { script: 'Neuer Leitfaden', ...evenings('09:00', '17:00') }
    const now = t.clock.now()
    expect(
      (await post(await sessionFor(t.database.db, otherBoardUser, now), settings, valid)).statusCode,
    ).toBe(404)
    expect((await post(await sessionFor(t.database.db, memberUser, now), settings, valid)).statusCode).toBe(
      403,
    )
    expect((await post(caller!, settings, valid)).statusCode).toBe(403)
    expect(await campaignRow(id)).toEqual(before)
    expect(await changes(id)).toEqual([])

    // Mo–Fr 09:00–17:00: at 17:30 the caller gets "outside the calling hours" right after the change.
    const changed = await post(office, settings, valid)
    expect(changed.statusCode, changed.body).toBe(303)
    expect(changed.headers.location).toBe(`/campaigns/${id}`)
    expect(await campaignRow(id)).toMatchObject({
      script: 'Neuer Leitfaden',
      callingHours: [...Array(5).fill({ from: '09:00', to: '17:00' }), null, null],
    })
    const outside = await post(caller!, `/campaigns/${id}/next`)
    expect(outside.statusCode).toBe(303)
    expect(await claimedBy(id, callers[6]!.user.id)).toEqual([])
    const desk = await get(caller!, `/campaigns/${id}/call`)
    expect(desk.body).toContain('Außerhalb der Anrufzeiten (Mo–Fr 09:00–17:00)')
    expect(desk.body).toContain('Die nächsten Anrufzeiten beginnen 24.11.2026 09:00.')

    // Mo–Fr from 17:00 to midnight (an end of 00:00): inside them now, the caller gets a person.
    const late = await post(office, settings, { script: 'Neuer Leitfaden', ...evenings('17:00', '00:00') })
    expect(late.statusCode, late.body).toBe(303)
    expect((await campaignRow(id)).callingHours).toEqual([
      ...Array(5).fill({ from: '17:00', to: '24:00' }),
      null,
      null,
    ])
    expect((await post(caller!, `/campaigns/${id}/next`)).statusCode).toBe(200)
    expect(await claimedBy(id, callers[6]!.user.id)).toHaveLength(1)
    expect((await get(caller!, `/campaigns/${id}/call`)).body).toContain('Neuer Leitfaden')
    const shown = await get(office, `/campaigns/${id}`)
    expect(shown.body).toContain('Anrufzeiten: Mo–Fr 17:00–24:00.')
    expect(shown.body).toMatch(/id="f-to_fr"[^>]*value="00:00"|value="00:00"[^>]*id="f-to_fr"/)

    const audit = await changes(id)
    expect(audit).toHaveLength(2)
    expect(audit.every((a) => a.unitId === state.id && a.actorUserId === officeUser.id)).toBe(true)
    expect(audit.map((a) => a.data)).toEqual(
      expect.arrayContaining([
        {
          scriptChanged: true,
          callingHours: [...Array(5).fill({ from: '09:00', to: '17:00' }), null, null],
          callbacksMoved: 0,
        },
        {
          scriptChanged: false,
          callingHours: [...Array(5).fill({ from: '17:00', to: '24:00' }), null, null],
          callbacksMoved: 0,
        },
      ]),
    )

    // An ended campaign keeps its hours: no form, and a change is refused.
    expect((await post(office, `/campaigns/${id}/end`)).statusCode).toBe(303)
    expect((await get(office, `/campaigns/${id}`)).body).not.toContain('Leitfaden und Anrufzeiten ändern')
    expect((await post(office, settings, valid)).statusCode).toBe(409)
    expect(await changes(id)).toHaveLength(2)
  })

  test("a call-back outside the hours of its day or in the past is refused with that day's hours; nothing is written", async () => {
    // Monday 23 November 2026, 17:30 in Berlin.
    t.clock.current = new Date('2026-11-23T16:30:00Z')
    const {
      id,
      callers: [caller],
    } = await running({ ...evenings(), ...saturday }, 7)
    expect((await post(caller!, `/campaigns/${id}/next`)).statusCode).toBe(200)
    const [target] = await claimedBy(id, callers[7]!.user.id)
    const desk = await get(caller!, `/campaigns/${id}/call`)
    expect(desk.body).toContain(
      'Innerhalb der Anrufzeiten (Berliner Zeit): Mo–Fr 17:00–20:00, Sa 11:00–14:00',
    )
    const callBack = (callbackAt: string) =>
      post(caller!, `/campaigns/${id}/calls/${target!.id}`, {
        outcome: 'callback',
        callbackAt,
        note: 'später',
      })
    for (const [at, text] of [
      ['2026-11-23T21:00', 'Montags wird von 17:00 bis 20:00 angerufen. Bitte wähle eine Zeit darin.'],
      // The end is not part of the hours.
      ['2026-11-27T20:00', 'Freitags wird von 17:00 bis 20:00 angerufen.'],
      ['2026-11-28T10:59', 'Samstags wird von 11:00 bis 14:00 angerufen.'],
      ['2026-11-29T18:00', 'Sonntags wird nicht angerufen. Bitte wähle einen Tag mit Anrufzeiten.'],
      ['2026-11-23T17:00', 'Bitte gib einen Zeitpunkt in der Zukunft an.'],
      ['2026-11-31T18:00', 'Bitte gib einen Zeitpunkt in der Zukunft an.'],
      ['2026-11-24T18:75', 'Bitte gib einen Zeitpunkt in der Zukunft an.'],
    ]) {
      const res = await callBack(at!)
      expect(res.statusCode, at).toBe(422)
      expect(res.body, at).toContain(`href="#f-callbackAt">${text}`)
      // The desk shows the same person again, with what was typed.
      expect(res.body).toContain(`value="${at}"`)
      expect(res.body).toContain('später</textarea>')
    }
    expect(await claimedBy(id, callers[7]!.user.id)).toEqual([target])
    expect(
      await t.database.db.select().from(campaignCalls).where(eq(campaignCalls.targetId, target!.id)),
    ).toEqual([])
    // Tuesday 18:00 in Berlin is inside: the person comes back then.
    expect((await callBack('2026-11-24T18:00')).statusCode).toBe(303)
    const [row] = (await targetsOf(id)).filter((r) => r.id === target!.id)
    expect(row).toMatchObject({ state: 'callback', callbackAt: new Date('2026-11-24T17:00:00Z') })
  })

  test('a call-back the new hours leave outside comes back to its caller when they next begin, before anyone else', async () => {
    const db = t.database.db
    // Saturday 28 November 2026, 12:00 in Berlin.
    t.clock.current = new Date('2026-11-28T11:00:00Z')
    const {
      id,
      office,
      callers: [mine],
    } = await running({ ...evenings(), ...saturday }, 8, 9)
    expect((await post(mine!, `/campaigns/${id}/next`)).statusCode).toBe(200)
    const [target] = await claimedBy(id, callers[8]!.user.id)
    const res = await post(mine!, `/campaigns/${id}/calls/${target!.id}`, {
      outcome: 'callback',
      callbackAt: '2026-11-28T13:30',
    })
    expect(res.statusCode, res.body).toBe(303)
    // Everyone else on the list is done: the call-back is the only person left to call.
    await db
      .update(campaignTargets)
      .set({ state: 'done' })
      .where(and(eq(campaignTargets.campaignId, id), eq(campaignTargets.state, 'open')))

    // No more calls on Saturdays: the call-back moves to Monday 17:00, audited.
    const changed = await post(office, `/campaigns/${id}/settings`, { script, ...evenings() })
    expect(changed.statusCode, changed.body).toBe(303)
    const [moved] = (await targetsOf(id)).filter((r) => r.id === target!.id)
    expect(moved).toMatchObject({
      state: 'callback',
      claimedById: callers[8]!.user.id,
      callbackAt: new Date('2026-11-30T16:00:00Z'),
    })
    const [audit] = await changes(id)
    expect(audit!.data).toMatchObject({ callbacksMoved: 1 })
    // The call as it was recorded keeps the time agreed.
    const [call] = await db.select().from(campaignCalls).where(eq(campaignCalls.targetId, target!.id))
    expect(call!.callbackAt).toEqual(new Date('2026-11-28T12:30:00Z'))

    // At its old time (Saturday 13:30) the hours are closed: nobody is claimed, not even the caller's call-back.
    t.clock.current = new Date('2026-11-28T12:30:00Z')
    expect((await post(mine!, `/campaigns/${id}/next`)).statusCode).toBe(303)
    expect((await targetsOf(id)).filter((r) => r.state === 'claimed')).toEqual([])

    // Monday 17:00, two days after the time agreed: another caller asking first does not get it; its caller does.
    t.clock.current = new Date('2026-11-30T16:00:00Z')
    const sessions = {
      mine: await sessionFor(db, callers[8]!.user, t.clock.now()),
      other: await sessionFor(db, callers[9]!.user, t.clock.now()),
    }
    expect((await post(sessions.other, `/campaigns/${id}/next`)).statusCode).toBe(303)
    expect((await targetsOf(id)).filter((r) => r.state === 'claimed')).toEqual([])
    expect((await post(sessions.mine, `/campaigns/${id}/next`)).statusCode).toBe(200)
    expect((await claimedBy(id, callers[8]!.user.id)).map((r) => r.id)).toEqual([target!.id])
  })
})
