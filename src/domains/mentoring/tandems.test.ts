import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { eraseEndedCohorts, sendTandemReminders } from './index.js'
import { mentoringApplications, mentoringCheckIns, mentoringProgrammes, mentoringTandems } from './tables.js'

let t: TestApp
type Person = { user: TestUser; session: Session }
let mentee: Person
let mentor: Person
let office: Session
let officeUser: TestUser
let other: Person
let tandemId: string
let programmeId: string
let waitingId: string

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const berlin = await buildState(db, await buildFederation(db))
  const pankow = await buildDistrict(db, berlin, 'Berlin-Pankow')
  const mitte = await buildDistrict(db, berlin, 'Berlin-Mitte')
  const person = async (home: typeof pankow) => {
    const user = await buildUser(db, { member: home })
    return { user, session: await sessionFor(db, user) }
  }
  mentee = await person(pankow)
  mentor = await person(mitte)
  other = await person(pankow)
  officeUser = await buildUser(db, { roles: [['state_office', berlin]] })
  office = await sessionFor(db, officeUser)
  // The test clock says 21 November 2026: the cohort runs from 1 November.
  const [programme] = await db
    .insert(mentoringProgrammes)
    .values({
      unitId: berlin.id,
      name: 'Mentoring 2026',
      topics: ['Wahlkampf'],
      applyFrom: '2026-09-01',
      applyUntil: '2026-10-15',
      startsOn: '2026-11-01',
      endsOn: '2027-06-30',
      capacity: 5,
      reminderWeeks: 3,
    })
    .returning()
  programmeId = programme!.id
  const application = async (
    memberId: string,
    role: 'mentee' | 'mentor',
    status: 'accepted' | 'waitlisted',
  ) => {
    const [row] = await db
      .insert(mentoringApplications)
      .values({
        programmeId,
        memberId,
        role,
        motivation: 'Mitmachen',
        goals: 'Reden',
        topics: ['Wahlkampf'],
        formats: ['online'],
        languages: ['Deutsch'],
        availability: ['weekend'],
        selfDescription: role === 'mentee' ? 'Ich bin Mutter von drei Kindern.' : null,
        status,
        submittedAt: new Date('2026-10-01T10:00:00Z'),
      })
      .returning()
    return row!.id
  }
  const menteeApp = await application(mentee.user.memberId!, 'mentee', 'accepted')
  const mentorApp = await application(mentor.user.memberId!, 'mentor', 'accepted')
  waitingId = await application(other.user.memberId!, 'mentee', 'waitlisted')
  const [tandem] = await db
    .insert(mentoringTandems)
    .values({
      programmeId,
      menteeApplicationId: menteeApp,
      mentorApplicationId: mentorApp,
      score: 30,
      reasons: [],
      pairedAt: new Date('2026-11-02T10:00:00Z'),
    })
    .returning()
  tandemId = tandem!.id
})
afterAll(() => t.close())

function post(session: Session, url: string, fields: [string, string][] = []) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    payload: new URLSearchParams([['_csrf', session.csrf], ...fields]).toString(),
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

describe('a tandem', () => {
  test('both see each other and the contact each shares; nobody else does', async () => {
    const base = `/mentoring/tandems/${tandemId}`
    expect(
      (await post(mentor.session, `${base}/contact`, [['contact', 'mentor@example.org']])).statusCode,
    ).toBe(303)
    const page = await get(mentee.session, base)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('mentor@example.org')
    expect(page.body).toContain('Berlin-Mitte')
    expect(page.body).not.toContain('Mutter von drei Kindern')
    expect((await get(other.session, base)).statusCode).toBe(404)
    expect((await get(office, base)).statusCode).toBe(200)
    expect((await get(office, base)).body).not.toContain('mentor@example.org')
  })

  test('goals up to five, check-ins by both with shared and private notes', async () => {
    const base = `/mentoring/tandems/${tandemId}`
    for (let i = 1; i <= 5; i++)
      expect((await post(mentee.session, `${base}/goals`, [['text', `Ziel ${i}`]])).statusCode).toBe(303)
    const sixth = await post(mentor.session, `${base}/goals`, [['text', 'Ziel 6']])
    expect(sixth.statusCode).toBe(422)
    expect(sixth.body).toContain('höchstens fünf Ziele')
    expect((await post(mentee.session, `${base}/goals`, [['text', '']])).statusCode).toBe(422)
    expect((await post(other.session, `${base}/goals`, [['text', 'x']])).statusCode).toBe(404)
    expect((await post(office, `${base}/goals`, [['text', 'x']])).statusCode).toBe(403)

    const future = await post(mentee.session, `${base}/check-ins`, [
      ['heldOn', '2026-12-24'],
      ['format', 'online'],
    ])
    expect(future.statusCode).toBe(422)
    for (const [who, shared, secret] of [
      [mentee, 'Erste Rede geübt', 'Ich war sehr nervös'],
      [mentor, 'Gutes Treffen', 'Sie braucht mehr Übung'],
    ] as const) {
      const res = await post(who.session, `${base}/check-ins`, [
        ['heldOn', '2026-11-20'],
        ['format', 'in_person'],
        ['sharedNote', shared],
        ['privateNote', secret],
      ])
      expect(res.statusCode, res.body).toBe(303)
    }
    const menteeView = (await get(mentee.session, base)).body
    expect(menteeView).toContain('Gutes Treffen')
    expect(menteeView).toContain('Ich war sehr nervös')
    expect(menteeView).not.toContain('Sie braucht mehr Übung')
    const mentorView = (await get(mentor.session, base)).body
    expect(mentorView).toContain('Sie braucht mehr Übung')
    expect(mentorView).not.toContain('Ich war sehr nervös')
    const officeView = (await get(office, base)).body
    expect(officeView).not.toContain('Gutes Treffen')
    expect(officeView).not.toContain('nervös')
    expect(officeView).toContain('20.11.2026')
    // A tandem that met is no longer dissolved by the coordinators.
    expect((await post(office, `/mentoring/${programmeId}/tandems/${tandemId}/dissolve`)).statusCode).toBe(
      409,
    )
  })

  test('the reminder job mails both once a tandem has been quiet for the programme’s weeks', async () => {
    // Last meeting 20 November; three weeks later nothing is due yet, the day after it is.
    t.clock.current = new Date('2026-12-10T10:00:00Z')
    expect(await sendTandemReminders(t.app.deps, t.app.config)).toBe(0)
    t.clock.current = new Date('2026-12-12T10:00:00Z')
    expect(await sendTandemReminders(t.app.deps, t.app.config)).toBe(2)
    expect(await sendTandemReminders(t.app.deps, t.app.config)).toBe(0)
    const mails = (await t.outbox()).filter((m) => m.subject.startsWith('Wie geht es eurem Tandem'))
    expect(mails).toHaveLength(2)
    expect(mails[0]!.text).toContain(`/mentoring/tandems/${tandemId}`)
    // Three weeks on, a second reminder.
    t.clock.current = new Date('2027-01-03T10:00:00Z')
    expect(await sendTandemReminders(t.app.deps, t.app.config)).toBe(2)
  })

  test('help goes to the coordinators; an early end with a reason only they see', async () => {
    const base = `/mentoring/tandems/${tandemId}`
    // Sessions of today's clock.
    const db = t.database.db
    mentee.session = await sessionFor(db, mentee.user, t.clock.now())
    mentor.session = await sessionFor(db, mentor.user, t.clock.now())
    office = await sessionFor(db, officeUser, t.clock.now())
    expect(
      (await post(mentee.session, `${base}/help`, [['note', 'Wir finden keinen Termin']])).statusCode,
    ).toBe(303)
    expect((await get(office, base)).body).toContain('Wir finden keinen Termin')
    expect((await post(mentee.session, `${base}/end`, [['reason', '']])).statusCode).toBe(422)
    expect((await post(mentor.session, `${base}/end`, [['reason', 'Ich ziehe um']])).statusCode).toBe(303)
    expect((await post(mentor.session, `${base}/end`, [['reason', 'Ich ziehe um']])).statusCode).toBe(409)
    expect((await get(office, base)).body).toContain('Ich ziehe um')
    const menteePage = (await get(mentee.session, base)).body
    expect(menteePage).toContain('vorzeitig beendet')
    expect(menteePage).not.toContain('Ich ziehe um')
    expect((await t.outbox()).some((m) => m.subject.startsWith('Dein Tandem wurde beendet'))).toBe(true)
  })

  test('the erasure after the cohort: unpaired applications go, self-descriptions and notes are blanked', async () => {
    const db = t.database.db
    t.clock.current = new Date('2027-09-27T10:00:00Z') // 89 days after 30 June
    expect(await eraseEndedCohorts(t.app.deps)).toBe(0)
    t.clock.current = new Date('2027-09-28T10:00:00Z')
    expect(await eraseEndedCohorts(t.app.deps)).toBe(1)
    expect(await eraseEndedCohorts(t.app.deps)).toBe(0)
    const apps = await db
      .select()
      .from(mentoringApplications)
      .where(eq(mentoringApplications.programmeId, programmeId))
    expect(apps.map((a) => a.id)).not.toContain(waitingId)
    expect(apps).toHaveLength(2)
    expect(apps.every((a) => a.selfDescription === null && a.sharedContact === null)).toBe(true)
    const checkIns = await db.select().from(mentoringCheckIns).where(eq(mentoringCheckIns.tandemId, tandemId))
    expect(checkIns).toHaveLength(2)
    expect(checkIns.every((c) => c.sharedNote === null && c.privateNote === null)).toBe(true)
    const [tandem] = await db.select().from(mentoringTandems).where(eq(mentoringTandems.id, tandemId))
    expect(tandem!.endReason).toBeNull()
    expect(tandem!.helpNote).toBeNull()
  })
})
