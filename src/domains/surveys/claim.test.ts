import { eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { buildDistrict, buildMember, buildState } from '../../../test/support/factories.js'
import { grantsJson } from '../../platform/audit/record.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Actor, Role } from '../../platform/auth/actor.js'
import { strongestRoleOn } from '../../platform/auth/actor.js'
import type { Database } from '../../platform/db/client.js'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { ConflictError } from '../../platform/errors.js'
import type { OrgUnit } from '../org-units/index.js'
import { ALWAYS, type CallingHours, EVENINGS_AND_SATURDAY } from './calling-hours.js'
import { CALLBACK_GRACE_HOURS, CLAIM_MINUTES, callDesk, claimNext } from './repo.js'
import { nextPerson } from './service.js'
import {
  campaignCallers,
  campaignTargets,
  memberDoNotCall,
  surveyCampaigns,
  surveys,
  surveyVersions,
} from './tables.js'

// "Next person" (repo.claimNext) against the database itself: the order in which the list is handed out and
// callers asking at the same moment. On PostgreSQL the concurrent claims run on connections of their own.

let database: Database
let state: OrgUnit
let kv: OrgUnit
let survey: string
const now = new Date('2026-11-21T18:00:00Z')
const minutes = (m: number) => new Date(now.getTime() - m * 60 * 1000)

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  state = await buildState(db)
  kv = await buildDistrict(db, state)
  const [row] = await db
    .insert(surveys)
    .values({ unitId: state.id, title: 'Telefonbefragung', anonymous: false, status: 'open', createdAt: now })
    .returning()
  survey = row!.id
  await db
    .insert(surveyVersions)
    .values({ surveyId: survey, number: 1, questionnaire: { questions: [] }, createdAt: now })
}, 120_000)
afterAll(() => database.close())

async function callers(n: number) {
  const rows = await queryRows<{ id: string }>(
    database.db,
    sql`insert into users (email, display_name)
        select 'anrufer-' || gen_random_uuid() || '@example.org', 'Anrufer ' || i from generate_series(1, ${n}::int) i
        returning id`,
  )
  return rows.map((r) => r.id)
}

/** A campaign whose list holds `n` new members of the KV; answers the campaign and its targets' ids. */
async function campaignOf(n: number, callingHours: CallingHours = ALWAYS) {
  const db = database.db
  const [campaign] = await db
    .insert(surveyCampaigns)
    .values({
      surveyId: survey,
      unitId: state.id,
      name: 'Herbst',
      script: 'Hallo',
      callingHours,
      filters: {
        kvId: null,
        enteredFrom: null,
        enteredTo: null,
        neverReachedByOnboarding: false,
        noEventIn12Months: false,
      },
      createdAt: now,
    })
    .returning()
  const targets: string[] = []
  for (let i = 0; i < n; i++) {
    const m = await buildMember(db, kv, { phone: `030 555 ${i}` })
    const [target] = await db
      .insert(campaignTargets)
      .values({ campaignId: campaign!.id, memberId: m.id, unitId: kv.id })
      .returning()
    targets.push(target!.id)
  }
  return { id: campaign!.id, targets }
}

const claim = (campaignId: string, caller: string, at = now) =>
  database.db.transaction((tx) => claimNext(tx, campaignId, caller, at))
const set = (id: string, values: Partial<typeof campaignTargets.$inferInsert>) =>
  database.db.update(campaignTargets).set(values).where(eq(campaignTargets.id, id))

describe('"next person"', () => {
  test('hands out the list in its order: own due call-back, stale claim, untried, overdue call-back, fewest attempts', async () => {
    const [me, other] = (await callers(2)) as [string, string]
    const { id, targets } = await campaignOf(9)
    const [mine, othersDue, othersOverdue, stale, fresh, untried, twice, once, blocked] = targets as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ]
    // Everyone but `untried` was tried before; `blocked` asked not to be called again.
    for (const t of targets) if (t !== untried) await set(t, { attempts: 1 })
    await set(mine, { state: 'callback', claimedById: me, callbackAt: minutes(5), attempts: 2 })
    await set(othersDue, { state: 'callback', claimedById: other, callbackAt: minutes(5) })
    await set(othersOverdue, {
      state: 'callback',
      claimedById: other,
      callbackAt: minutes(CALLBACK_GRACE_HOURS * 60 + 1),
      attempts: 3,
    })
    await set(stale, { state: 'claimed', claimedById: other, claimedAt: minutes(CLAIM_MINUTES + 1) })
    await set(fresh, { state: 'claimed', claimedById: other, claimedAt: minutes(CLAIM_MINUTES - 1) })
    await set(twice, { attempts: 2 })
    const [dnc] = await queryRows<{ member_id: string }>(
      database.db,
      sql`select member_id from campaign_targets where id = ${blocked}`,
    )
    await database.db.insert(memberDoNotCall).values({ memberId: dnc!.member_id, at: now })
    await set(blocked, { attempts: 0 })

    const order: string[] = []
    for (;;) {
      const next = await claim(id, me)
      if (!next) break
      order.push(next)
    }
    // The other caller's call-back that is due but not a day overdue, their fresh claim and the member who
    // asked not to be called are never handed to me.
    expect(order).toEqual([mine, stale, untried, othersOverdue, once, twice])
    expect(order).not.toContain(othersDue)
    expect(order).not.toContain(fresh)
    expect(order).not.toContain(blocked)
  })

  test('claims nobody outside the calling hours on the clocks in Berlin; the use case refuses with its code', async () => {
    // Weekdays 17:00–20:00 and Saturday 11:00–14:00; `now` is Saturday 21 November 2026, 19:00 in Berlin.
    const [me] = (await callers(1)) as [string]
    const { id, targets } = await campaignOf(2, EVENINGS_AND_SATURDAY)
    await database.db
      .insert(campaignCallers)
      .values({ campaignId: id, userId: me, addedAt: now, confirmedAt: now })
    const claimedNow = async () =>
      (
        await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from campaign_targets where campaign_id = ${id} and state = 'claimed'`,
        )
      )[0]!.n
    expect(await claim(id, me)).toBeNull()
    // Sunday has no hours at all; Saturday 14:00 is the end, not included.
    expect(await claim(id, me, new Date('2026-11-22T12:00:00Z'))).toBeNull()
    expect(await claim(id, me, new Date('2026-11-21T13:00:00Z'))).toBeNull()
    expect(await claimedNow()).toBe(0)
    const actor: Actor = {
      userId: me,
      sessionId: 's',
      email: 'a@example.org',
      displayName: 'A',
      memberId: null,
      homeUnitId: null,
      grants: [],
    }
    const refused = await nextPerson({ database, now: () => now }, actor, id).catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(ConflictError)
    expect((refused as ConflictError).code).toBe('surveys.errors.outsideHours')
    expect(await claimedNow()).toBe(0)
    const audited = await database.db.select().from(auditEvents).where(inArray(auditEvents.objectId, targets))
    expect(audited).toEqual([])
    // Saturday 12:59 in Berlin: inside.
    const inside = new Date('2026-11-21T11:59:00Z')
    const desk = await nextPerson({ database, now: () => inside }, actor, id)
    expect(targets).toContain(desk.current?.target.id)
    expect(await claim(id, me, inside)).not.toBeNull()
    expect(await claimedNow()).toBe(2)
  })

  test('callers asking at the same moment never get the same member, untried or open again', async () => {
    const ids = await callers(24)
    const { id, targets } = await campaignOf(60)
    /** Every caller asks at once; the calls then end without an answer and the people leave the pool for now. */
    const round = async () => {
      const got = await Promise.all(ids.map((caller) => claim(id, caller)))
      expect(got.every((r) => r !== null && targets.includes(r))).toBe(true)
      await database.db
        .update(campaignTargets)
        .set({ state: 'done' })
        .where(inArray(campaignTargets.id, got as string[]))
      return got as string[]
    }
    // A new list: nobody tried yet. Two rounds hand out 48 different members.
    const untried = [...(await round()), ...(await round())]
    expect(new Set(untried).size).toBe(48)
    // Everyone was called once: the whole list is open again, and again no member goes to two callers.
    await database.db
      .update(campaignTargets)
      .set({ state: 'open', attempts: 1, claimedById: null, claimedAt: null })
      .where(eq(campaignTargets.campaignId, id))
    const openAgain = [...(await round()), ...(await round())]
    expect(new Set(openAgain).size).toBe(48)
    const [left] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from campaign_targets where campaign_id = ${id} and state = 'claimed'`,
    )
    expect(left!.n).toBe(0)
  })
})

describe('"next person" with the desk, in one statement', () => {
  const actorOf = (userId: string, grants: [Role, OrgUnit][]): Actor => ({
    userId,
    sessionId: 's',
    email: 'a@example.org',
    displayName: 'A',
    memberId: null,
    homeUnitId: null,
    grants: grants.map(([role, unit]) => ({ role, unitId: unit.id, unitPath: unit.path })),
  })
  const next = (campaignId: string, actor: Actor, db: DbOrTx = database.db) =>
    callDesk(db, campaignId, actor.userId, now, {
      grants: grantsJson(actor),
      data: {},
      requestId: 'req-1',
    })

  test('claims for a confirmed caller, audits with the acting role the platform gives, keeps the person', async () => {
    const [office, board, removed, unconfirmed] = (await callers(4)) as [string, string, string, string]
    const { id, targets } = await campaignOf(3)
    await database.db.insert(campaignCallers).values([
      { campaignId: id, userId: office, addedAt: now, confirmedAt: now },
      { campaignId: id, userId: board, addedAt: now, confirmedAt: now },
      { campaignId: id, userId: removed, addedAt: now, confirmedAt: now, removedAt: now },
      { campaignId: id, userId: unconfirmed, addedAt: now },
    ])
    const cases: [Actor, string][] = [
      [
        actorOf(office, [
          ['board', kv],
          ['state_office', state],
        ]),
        'state_office',
      ],
      // A board role on a KV does not reach the state the survey belongs to.
      [actorOf(board, [['board', kv]]), 'none'],
    ]
    for (const [actor, role] of cases) {
      expect(strongestRoleOn(actor, state.path) ?? 'none').toBe(role)
      const desk = await next(id, actor)
      expect(desk?.current?.target.id).toBeDefined()
      expect(targets).toContain(desk!.current!.target.id)
      const rows = await database.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.objectId, desk!.current!.target.id))
      expect(rows).toMatchObject([
        {
          action: 'campaign.person_claimed',
          actorUserId: actor.userId,
          actingRole: role,
          unitId: state.id,
          requestId: 'req-1',
        },
      ])
      // Asking again: the same person, no second claim and no second audit row.
      expect((await next(id, actor))?.current?.target.id).toBe(desk!.current!.target.id)
      expect(
        await database.db
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.objectId, desk!.current!.target.id)),
      ).toHaveLength(1)
    }
    // A removed caller gets nothing; one who has not confirmed the note sees the desk without a person.
    expect(await next(id, actorOf(removed, []))).toBeUndefined()
    const note = await next(id, actorOf(unconfirmed, []))
    expect(note).toMatchObject({ confirmed: false, current: null })
    const [open] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from campaign_targets where campaign_id = ${id} and state = 'open'`,
    )
    expect(open!.n).toBe(1)
  })

  test('a claim commits durably: its transaction waits for the disk as every write does', async () => {
    const [caller] = (await callers(1)) as [string]
    const { id } = await campaignOf(2)
    await database.db
      .insert(campaignCallers)
      .values({ campaignId: id, userId: caller, addedAt: now, confirmedAt: now })
    const actor = actorOf(caller, [])
    const setting = async (db: DbOrTx) =>
      (await queryRows<{ s: string }>(db, sql`select current_setting('synchronous_commit') as s`))[0]!.s
    const before = await setting(database.db)
    expect(before).not.toBe('off')
    // Inside the claim's transaction (one opened around it, to look inside) the commit still waits for the disk.
    const claimed = await database.db.transaction(async (tx) => {
      const desk = await next(id, actor, tx)
      return { target: desk?.current?.target.id, setting: await setting(tx) }
    })
    expect(claimed).toEqual({ target: expect.any(String), setting: before })
  })
})
