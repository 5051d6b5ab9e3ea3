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
import { buildProgramme } from '../../../test/support/mentoring.js'
import {
  consents,
  skills,
  VOLUNTEER_POOL_PURPOSE,
  volunteerProfileSkills,
  volunteerProfiles,
} from '../volunteers/index.js'
import { eraseEndedCohorts } from './index.js'
import { mentoringApplications, mentoringGoals, mentoringReviews, mentoringTandems } from './tables.js'

let t: TestApp
let users: { mentee: TestUser; mentor: TestUser; office: TestUser }
let tandemId: string
let goalIds: string[]
let skillId: string
const late = new Date('2027-06-10T10:00:00Z')

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const berlin = await buildState(db, await buildFederation(db))
  const pankow = await buildDistrict(db, berlin, 'Berlin-Pankow')
  users = {
    mentee: await buildUser(db, { member: pankow }),
    mentor: await buildUser(db, { member: pankow }),
    office: await buildUser(db, { roles: [['state_office', berlin]] }),
  }
  const programme = await buildProgramme(db, berlin.id, { capacity: 5 })
  const apps = await db
    .insert(mentoringApplications)
    .values(
      (['mentee', 'mentor'] as const).map((role) => ({
        programmeId: programme.id,
        memberId: users[role].memberId!,
        role,
        motivation: 'Mitmachen',
        goals: 'Reden',
        topics: ['Wahlkampf'],
        formats: ['online' as const],
        languages: ['Deutsch'],
        availability: ['weekend' as const],
        status: 'accepted' as const,
        submittedAt: new Date('2026-10-01T10:00:00Z'),
      })),
    )
    .returning()
  const [tandem] = await db
    .insert(mentoringTandems)
    .values({
      programmeId: programme.id,
      menteeApplicationId: apps[0]!.id,
      mentorApplicationId: apps[1]!.id,
      score: 30,
      reasons: [],
      pairedAt: new Date('2026-11-02T10:00:00Z'),
    })
    .returning()
  tandemId = tandem!.id
  const goals = await db
    .insert(mentoringGoals)
    .values(
      ['Eine Rede halten', 'Einen Antrag schreiben'].map((text) => ({
        tandemId,
        text,
        createdByApplicationId: apps[0]!.id,
        createdAt: new Date('2026-11-03T10:00:00Z'),
      })),
    )
    .returning()
  goalIds = goals.map((g) => g.id)
  // The mentor is in the volunteer pool (consent and profile); the mentee is not.
  const [skill] = await db.insert(skills).values({ name: 'Reden halten' }).returning()
  skillId = skill!.id
  await db.insert(consents).values({
    memberId: users.mentor.memberId!,
    purpose: VOLUNTEER_POOL_PURPOSE,
    scope: 'own_kv',
    textVersion: 'v1',
    textHash: 'x',
    givenAt: new Date('2026-10-01T10:00:00Z'),
  })
  await db
    .insert(volunteerProfiles)
    .values({ memberId: users.mentor.memberId!, hoursPerMonth: 4, reach: 'own_kv' })
})
afterAll(() => t.close())

async function post(user: TestUser, fields: [string, string][]) {
  const session: Session = await sessionFor(t.database.db, user, t.clock.now())
  return t.app.inject({
    method: 'POST',
    url: `/mentoring/tandems/${tandemId}/review`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    payload: new URLSearchParams([['_csrf', session.csrf], ...fields]).toString(),
  })
}
async function page(user: TestUser) {
  const session = await sessionFor(t.database.db, user, t.clock.now())
  return (
    await t.app.inject({ method: 'GET', url: `/mentoring/tandems/${tandemId}`, headers: session.headers })
  ).body
}

describe('the closing review', () => {
  test('opens in the last four weeks of the cohort', async () => {
    expect(await page(users.mentee)).not.toContain('Rückblick abgeben')
    const res = await post(users.mentee, [
      ['tandemRating', '5'],
      ['programmeRating', '4'],
    ])
    expect(res.statusCode).toBe(409)
    t.clock.current = late
    expect(await page(users.mentee)).toContain('Rückblick abgeben')
  })

  test('each rates the tandem and the programme and ticks the goals reached; only the writer reads it', async () => {
    expect((await post(users.mentee, [['tandemRating', '9']])).statusCode).toBe(422)
    const res = await post(users.mentee, [
      ['tandemRating', '5'],
      ['programmeRating', '4'],
      ['tandemComment', 'Mira hat mir sehr geholfen.'],
      ['reached', goalIds[0]!],
      ['skillsGained', skillId],
    ])
    expect(res.statusCode).toBe(303)
    const [goal] = await t.database.db.select().from(mentoringGoals).where(eq(mentoringGoals.id, goalIds[0]!))
    expect(goal?.reachedAt).not.toBeNull()
    expect(await page(users.mentee)).toContain('Tandem 5 von 5, Programm 4 von 5')
    for (const other of [users.mentor, users.office]) {
      const body = await page(other)
      expect(body).not.toContain('Mira hat mir sehr geholfen.')
      expect(body).not.toContain('Tandem 5 von 5')
    }
    // Once only; the tandem runs until both have written theirs.
    expect(
      (
        await post(users.mentee, [
          ['tandemRating', '1'],
          ['programmeRating', '1'],
        ])
      ).statusCode,
    ).toBe(409)
    expect(
      (
        await post(users.office, [
          ['tandemRating', '1'],
          ['programmeRating', '1'],
        ])
      ).statusCode,
    ).toBe(403)
    const [running] = await t.database.db
      .select()
      .from(mentoringTandems)
      .where(eq(mentoringTandems.id, tandemId))
    expect(running?.status).toBe('active')
    expect(await page(users.mentor)).toContain('Reden halten')
    expect(
      (
        await post(users.mentor, [
          ['tandemRating', '4'],
          ['programmeRating', '5'],
          ['skillsGained', skillId],
        ])
      ).statusCode,
    ).toBe(303)
    // The skill gained went into the pool profile of the mentor, who consented; not into the mentee's.
    const inProfiles = await t.database.db.select().from(volunteerProfileSkills)
    expect(inProfiles.map((r) => r.memberId)).toEqual([users.mentor.memberId])
    const [done] = await t.database.db
      .select()
      .from(mentoringTandems)
      .where(eq(mentoringTandems.id, tandemId))
    expect(done?.status).toBe('completed')
  })

  test('the texts are blanked with the other notes after the cohort; the ratings stay for the figures', async () => {
    t.clock.current = new Date('2027-10-01T10:00:00Z')
    await eraseEndedCohorts(t.app.deps)
    const reviews = await t.database.db.select().from(mentoringReviews)
    expect(reviews.map((r) => [r.tandemRating, r.tandemComment]).sort()).toEqual([
      [4, null],
      [5, null],
    ])
  })
})
