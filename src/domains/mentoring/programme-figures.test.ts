import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { buildProgramme } from '../../../test/support/mentoring.js'
import type { OrgUnit } from '../org-units/index.js'
import { mentoringApplications, mentoringCheckIns, mentoringGoals, mentoringTandems } from './tables.js'

let t: TestApp
let berlin: OrgUnit
let programmeId: string
let office: Session
let officeUser: TestUser
let federal: Session
let boardPankow: Session
let member: Session
const lastNames: string[] = []

/** The text of the figures section, or null when the page has none. */
function figuresOf(html: string) {
  const m = html.match(/<section aria-labelledby="figures-heading">([\s\S]*?)<\/section>/)
  return m ? m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') : null
}

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  berlin = await buildState(db, federation)
  const kvs = await Promise.all(
    ['Berlin-Pankow', 'Berlin-Mitte', 'Berlin-Neukölln'].map((n) => buildDistrict(db, berlin, n)),
  )
  officeUser = await buildUser(db, { roles: [['state_office', berlin]] })
  office = await sessionFor(db, officeUser)
  federal = await sessionFor(db, await buildUser(db, { roles: [['federal_office', federation]] }))
  boardPankow = await sessionFor(db, await buildUser(db, { roles: [['board', kvs[0]!]], member: kvs[0]! }))
  member = await sessionFor(db, await buildUser(db, { member: kvs[1]! }))
  const programme = await buildProgramme(db, berlin.id)
  programmeId = programme.id
  // 9 mentees and 7 mentors from three KVs; one mentee withdrew. 6 tandems, one of them ended early.
  const apps: { id: string; role: 'mentee' | 'mentor' }[] = []
  for (let i = 0; i < 16; i++) {
    const role = i < 9 ? 'mentee' : 'mentor'
    const m = await buildMember(db, kvs[i % 3]!)
    lastNames.push(m.lastName)
    const [row] = await db
      .insert(mentoringApplications)
      .values({
        programmeId,
        memberId: m.id,
        role,
        motivation: 'Mitmachen',
        goals: 'Reden halten',
        topics: ['Wahlkampf'],
        formats: ['online'],
        languages: ['Deutsch'],
        availability: ['weekend'],
        status: i === 0 ? 'withdrawn' : 'accepted',
        submittedAt: new Date('2026-10-01T10:00:00Z'),
      })
      .returning()
    apps.push({ id: row!.id, role })
  }
  const mentees = apps.filter((a) => a.role === 'mentee').slice(1)
  const mentors = apps.filter((a) => a.role === 'mentor')
  for (let i = 0; i < 6; i++) {
    const [tandem] = await db
      .insert(mentoringTandems)
      .values({
        programmeId,
        menteeApplicationId: mentees[i]!.id,
        mentorApplicationId: mentors[i]!.id,
        score: 20,
        reasons: [],
        pairedAt: new Date('2026-11-02T10:00:00Z'),
        status: i === 5 ? 'ended_early' : 'active',
      })
      .returning()
    for (let g = 0; g < 2; g++)
      await db.insert(mentoringGoals).values({
        tandemId: tandem!.id,
        text: `Ziel ${g}`,
        createdByApplicationId: mentees[i]!.id,
        createdAt: new Date('2026-11-03T10:00:00Z'),
        reachedAt: g === 0 && i < 3 ? new Date('2026-11-20T10:00:00Z') : null,
      })
    for (let c = 0; c < 3; c++)
      await db.insert(mentoringCheckIns).values({
        tandemId: tandem!.id,
        authorApplicationId: mentees[i]!.id,
        heldOn: `2026-11-1${c}`,
        format: 'online',
        createdAt: new Date('2026-11-20T10:00:00Z'),
      })
  }
  // A dissolved tandem never met and counts nowhere.
  await db.insert(mentoringTandems).values({
    programmeId,
    menteeApplicationId: mentees[6]!.id,
    mentorApplicationId: mentors[6]!.id,
    score: 1,
    reasons: [],
    pairedAt: new Date('2026-11-02T10:00:00Z'),
    status: 'dissolved',
  })
})
afterAll(() => t.close())

const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

describe("a programme's figures", () => {
  test('the office sees the counts of the cohort; a part on fewer than five people is withheld with its complement', async () => {
    const res = await get(office, `/mentoring/${programmeId}`)
    expect(res.statusCode).toBe(200)
    const text = figuresOf(res.body)!
    expect(text).toContain('Bewerbungen 16')
    expect(text).toContain('davon als Mentee 9')
    expect(text).toContain('davon als Mentor:in 7')
    expect(text).toContain('aufgenommen 15')
    expect(text).toContain('Tandems gebildet 6')
    // One tandem ended early (two people): withheld, and "running" with it, or 6 − 5 would tell.
    expect(text).toContain('laufend zurückgehalten')
    expect(text).toContain('vorzeitig beendet zurückgehalten')
    expect(text).toContain('abgeschlossen 0')
    expect(text).toContain('Treffen je Tandem 3')
    expect(text).toContain('Ziele erreicht 25 %')
  })

  test('when the cohort has ended, the running tandems count as completed', async () => {
    const later = new Date('2027-07-05T10:00:00Z')
    t.clock.current = later
    try {
      const session = await sessionFor(t.database.db, officeUser, later)
      const text = figuresOf((await get(session, `/mentoring/${programmeId}`)).body)!
      expect(text).toContain('abgeschlossen zurückgehalten')
    } finally {
      t.clock.current = new Date('2026-11-21T10:00:00Z')
    }
  })

  test('the federal office sees the figures and the cohort table, but no applicant; members and the boards below see none', async () => {
    const page = await get(federal, `/mentoring/${programmeId}`)
    expect(figuresOf(page.body)).toContain('Tandems gebildet 6')
    const unitPage = await get(federal, `/units/${berlin.id}`)
    expect(unitPage.body).toContain('Zahlen nach Jahrgang')
    for (const body of [page.body, unitPage.body])
      for (const name of lastNames) expect(body).not.toContain(name)
    for (const s of [member, boardPankow]) {
      const res = await get(s, `/mentoring/${programmeId}`)
      expect(res.statusCode).toBe(200)
      expect(figuresOf(res.body)).toBeNull()
      expect((await get(s, `/units/${berlin.id}`)).body).not.toContain('Zahlen nach Jahrgang')
    }
  })
})
