import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildMember,
  buildPartnership,
  buildState,
} from '../../../test/support/factories.js'
import type { Database } from '../../platform/db/client.js'
import { partnershipRetreats } from '../agreements/tables.js'
import type { Member } from '../members/index.js'
import { onboardingContacts, onboardingPipelines, startOnboarding } from '../onboarding/index.js'
import type { OrgUnit } from '../org-units/index.js'
import { consents, VOLUNTEER_POOL_PURPOSE } from '../volunteers/tables.js'
import { evaluateIndicator } from './service/index.js'

let database: Database
let kv: OrgUnit
let other: OrgUnit
const db = () => database.db
// The injected clock: 21 November 2026 in Berlin.
const now = new Date('2026-11-21T10:00:00Z')
const since = new Date('2026-08-01T12:00:00Z')

beforeAll(async () => {
  database = await createTestDatabase()
  const state = await buildState(db(), await buildFederation(db()))
  kv = await buildDistrict(db(), state, 'Pankow')
  other = await buildDistrict(db(), state, 'Mitte')
})
afterAll(() => database.close())

const byUnit = async (key: Parameters<typeof evaluateIndicator>[1]['key'], target: number) =>
  evaluateIndicator(db(), { key, target, unitIds: [kv.id, other.id], since, now })

describe('new-member meetings per month', () => {
  test('an event at half past midnight on 1 October in Berlin counts for October, not September', async () => {
    await buildEvent(db(), [kv], {
      type: 'neumitgliedertreffen',
      startsAt: new Date('2026-09-30T22:30:00Z'),
    })
    await buildEvent(db(), [kv], { type: 'stammtisch', startsAt: new Date('2026-08-12T17:00:00Z') })
    const results = await byUnit('newMemberMeetingsMonthly', 1)
    expect(results.get(kv.id)!.map((r) => `${r.period} ${r.value} ${r.state}`)).toEqual([
      '2026-08 0 missed',
      '2026-09 0 missed',
      '2026-10 1 met',
      '2026-11 0 running',
    ])
    expect(results.get(other.id)!.every((r) => r.value === 0)).toBe(true)
  })
})

describe('the volunteer pool', () => {
  test("counts current consents at each month's end in Berlin time, and now for the running month", async () => {
    const people = []
    for (let i = 0; i < 12; i++) people.push(await buildMember(db(), kv))
    const left = await buildMember(db(), kv, { leftOn: '2026-10-15' })
    const consent = (memberId: string, givenAt: string, withdrawnAt?: string) => ({
      memberId,
      purpose: VOLUNTEER_POOL_PURPOSE,
      scope: 'party',
      textVersion: 'v1',
      textHash: 'h',
      givenAt: new Date(givenAt),
      withdrawnAt: withdrawnAt ? new Date(withdrawnAt) : null,
    })
    await db()
      .insert(consents)
      .values([
        // Ten in September; one withdraws on 31 October at 23:30 in Berlin, i.e. still in October.
        ...people.slice(0, 9).map((m) => consent(m.id, '2026-09-10T10:00:00Z')),
        consent(people[9]!.id, '2026-09-10T10:00:00Z', '2026-10-31T22:30:00Z'),
        // Given at 00:30 on 1 November in Berlin: November's, not October's.
        consent(people[10]!.id, '2026-10-31T23:30:00Z'),
        consent(people[11]!.id, '2026-11-20T10:00:00Z'),
        // A member who left in October no longer counts at October's end.
        consent(left.id, '2026-09-10T10:00:00Z'),
      ])
    const results = await byUnit('volunteerPoolSize', 10)
    expect(results.get(kv.id)!.map((r) => `${r.period} ${r.value} ${r.state}`)).toEqual([
      '2026-08 0 missed',
      '2026-09 11 met',
      '2026-10 9 missed',
      '2026-11 11 met',
    ])
  })

  test('a pool of one to four people is shown as "fewer than five", zero as zero', async () => {
    const few = await buildMember(db(), other)
    await db()
      .insert(consents)
      .values({
        memberId: few.id,
        purpose: VOLUNTEER_POOL_PURPOSE,
        scope: 'own_kv',
        textVersion: 'v1',
        textHash: 'h',
        givenAt: new Date('2026-10-02T10:00:00Z'),
      })
    const results = await byUnit('volunteerPoolSize', 10)
    expect(results.get(other.id)!.map((r) => `${r.period} ${r.value} ${r.state}`)).toEqual([
      '2026-08 0 missed',
      '2026-09 0 missed',
      '2026-10 null missed',
      '2026-11 null running',
    ])
  })
})

describe('new members reached within seven days', () => {
  test('a month judged on the members whose week is over; fewer than five withheld', async () => {
    // October: six entered; four reached within seven days (one on the seventh day), one on the eighth, one never.
    // November: five entered, the last three still within their week on the 21st, of whom one is reached.
    const entered = [
      ['2026-10-01', '2026-10-03'],
      ['2026-10-05', '2026-10-12'],
      ['2026-10-10', '2026-10-11'],
      ['2026-10-20', '2026-10-27'],
      ['2026-10-24', '2026-11-01'],
      ['2026-10-31', null],
      ['2026-11-02', '2026-11-05'],
      ['2026-11-03', null],
      ['2026-11-15', '2026-11-16'],
      ['2026-11-17', null],
      ['2026-11-20', null],
    ] as const
    const inserted: Member[] = []
    for (const [enteredOn] of entered) inserted.push(await buildMember(db(), kv, { enteredOn }))
    await db().transaction((tx) => startOnboarding(tx, undefined, inserted, now, { since: '2000-01-01' }))
    const pipelines = await db().select().from(onboardingPipelines)
    for (const [i, [, reachedOn]] of entered.entries()) {
      if (!reachedOn) continue
      const pipeline = pipelines.find((p) => p.memberId === inserted[i]!.id)!
      await db()
        .insert(onboardingContacts)
        .values({ pipelineId: pipeline.id, outcome: 'reached', attemptedOn: reachedOn })
    }
    const results = await byUnit('newMembersReachedIn7Days', 80)
    const kvResults = results.get(kv.id)!
    expect(kvResults.find((r) => r.period === '2026-10')).toEqual({
      period: '2026-10',
      value: 67,
      base: 6,
      state: 'missed',
    })
    // Judged so far: 2 Nov (reached), 3 Nov (week over, not reached), 15 Nov (reached): three, too few.
    expect(kvResults.find((r) => r.period === '2026-11')).toEqual({
      period: '2026-11',
      value: null,
      base: 3,
      state: 'withheld',
    })
    expect(results.get(other.id)!.every((r) => r.state === 'withheld' && r.value === null)).toBe(true)
  })
})

describe('the partnership retreat', () => {
  test("counts each calendar year's retreats for both partners", async () => {
    const p = await buildPartnership(db(), { status: 'active' })
    await db()
      .insert(partnershipRetreats)
      .values([
        { partnershipId: p.partnership.id, heldOn: '2025-03-01', hostUnitId: p.unitA.id, place: 'Jena' },
        { partnershipId: p.partnership.id, heldOn: '2026-01-01', hostUnitId: p.unitB.id, place: 'Bonn' },
      ])
    const results = await evaluateIndicator(db(), {
      key: 'partnershipRetreatYearly',
      target: 1,
      unitIds: [p.unitA.id, p.unitB.id, kv.id],
      since: new Date('2024-06-01T12:00:00Z'),
      now,
    })
    const expected = ['2024 0 missed', '2025 1 met', '2026 1 met']
    for (const unit of [p.unitA, p.unitB])
      expect(results.get(unit.id)!.map((r) => `${r.period} ${r.value} ${r.state}`)).toEqual(expected)
    expect(results.get(kv.id)!.map((r) => r.state)).toEqual(['missed', 'missed', 'running'])
  })
})
