import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
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
import { queryRows } from '../../platform/db/query.js'
import { members } from '../members/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import { eraseFormerMembers } from '../privacy/index.js'
import { purgeCampaignNotes } from './index.js'
import type { Question } from './questionnaire.js'
import { progressByCaller, progressByUnit } from './repo.js'
import {
  campaignCalls,
  campaignTargets,
  surveyCampaigns,
  surveyResponses,
  surveys,
  surveyVersions,
} from './tables.js'

/**
 * The timed job `surveys.purge-call-notes`: the calls (outcomes and the callers' notes) of a campaign are deleted
 * `retention_days` after the campaign ended, and not a minute earlier; a running campaign keeps them however old.
 */

let t: TestApp
let state: OrgUnit
let office: Session
let caller: { user: TestUser; session: Session }
const DAY = 24 * 60 * 60 * 1000

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
]

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  state = await buildState(db, await buildFederation(db))
  const kv = await buildDistrict(db, state)
  office = await sessionFor(db, await buildUser(db, { roles: [['state_office', state]] }))
  const user = await buildUser(db, { member: kv })
  caller = { user, session: await sessionFor(db, user) }
  for (let i = 0; i < 3; i++) await buildMember(db, kv, { firstName: `Gerufen${i}`, phone: `030 555 01${i}` })
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

async function expectRedirect(res: Awaited<ReturnType<typeof post>>) {
  expect(res.statusCode, res.body).toBe(303)
  return res.headers.location!
}

async function openSurvey() {
  const db = t.database.db
  const [survey] = await db
    .insert(surveys)
    .values({
      unitId: state.id,
      title: 'Parteiarbeit',
      anonymous: false,
      status: 'open',
      createdAt: t.clock.now(),
    })
    .returning()
  await db
    .insert(surveyVersions)
    .values({ surveyId: survey!.id, number: 1, questionnaire: { questions }, createdAt: t.clock.now() })
  return survey!.id
}

/** The caller's claim in a campaign, as the table holds it. */
async function claimOf(campaignId: string) {
  const [row] = await t.database.db
    .select()
    .from(campaignTargets)
    .where(
      and(
        eq(campaignTargets.campaignId, campaignId),
        eq(campaignTargets.claimedById, caller.user.id),
        eq(campaignTargets.state, 'claimed'),
      ),
    )
  return row!
}

/**
 * A campaign with three calls by the caller, each with a note: one person reached (answers stored), one to call
 * back, one not reached.
 */
async function campaignWithCalls(retentionDays: number) {
  // A survey of its own: a member answers a survey once, and each campaign reaches someone.
  const surveyId = await openSurvey()
  const location = await expectRedirect(
    await post(office, `/surveys/${surveyId}/campaigns`, {
      name: `Aktion ${retentionDays}`,
      script: 'Hallo, hier ist der Landesverband.',
      ...callingHoursFields(),
      retentionDays: String(retentionDays),
    }),
  )
  const id = location.split('/').pop()!
  await expectRedirect(await post(office, `/campaigns/${id}/callers`, { email: caller.user.email }))
  await expectRedirect(await post(caller.session, `/campaigns/${id}/confirm`))
  const outcomes: Record<string, string>[] = [
    { outcome: 'reached', q_q1: 'o1', note: `erreicht in ${id}` },
    { outcome: 'callback', callbackAt: '2026-11-23T18:00', note: `abends in ${id}` },
    { outcome: 'no_answer', note: `Mailbox in ${id}` },
  ]
  for (const fields of outcomes) {
    expect((await post(caller.session, `/campaigns/${id}/next`)).statusCode).toBe(200)
    const claim = await claimOf(id)
    await expectRedirect(await post(caller.session, `/campaigns/${id}/calls/${claim.id}`, fields))
  }
  return id
}

const callsOf = (campaignId: string) =>
  t.database.db.select().from(campaignCalls).where(eq(campaignCalls.campaignId, campaignId))
const targetsOf = (campaignId: string) =>
  t.database.db.select().from(campaignTargets).where(eq(campaignTargets.campaignId, campaignId))
const purgeAudits = () =>
  t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'campaign.notes_purged'))
const campaignRow = async (id: string) =>
  (await t.database.db.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id)))[0]!

describe('deleting call notes after the retention time', () => {
  test('a campaign loses its calls and notes once its retention time after the end has passed; others keep theirs', async () => {
    const short = await campaignWithCalls(30)
    const long = await campaignWithCalls(90)
    const running = await campaignWithCalls(1)
    for (const id of [short, long]) await expectRedirect(await post(office, `/campaigns/${id}/end`))
    const endedAt = t.clock.now().getTime()
    for (const id of [short, long, running]) {
      const calls = await callsOf(id)
      expect(calls).toHaveLength(3)
      expect(calls.every((c) => c.note?.endsWith(id))).toBe(true)
    }
    const responses = () => t.database.db.select().from(surveyResponses)
    expect(await responses()).toHaveLength(3)
    const auditsBefore = (await purgeAudits()).length
    const progress = async (id: string) => ({
      kvs: await progressByUnit(t.database.db, id),
      callers: await progressByCaller(t.database.db, id),
    })
    const progressBefore = await progress(short)
    expect(progressBefore.kvs.reduce((n, r) => n + r.reached, 0)).toBe(1)
    expect(progressBefore.callers).toMatchObject([{ calls: 3, reached: 1 }])

    // A minute before the short campaign's 30 days are over: nothing goes.
    t.clock.current = new Date(endedAt + 30 * DAY - 60_000)
    expect(await purgeCampaignNotes(t.app.deps)).toBe(0)
    expect(await callsOf(short)).toHaveLength(3)
    expect(await purgeAudits()).toHaveLength(auditsBefore)

    // Once they are over: the short campaign's notes go, and every link from its calls and list to a member or
    // a claim; nothing else.
    t.clock.current = new Date(endedAt + 30 * DAY + 60_000)
    expect(await purgeCampaignNotes(t.app.deps)).toBe(1)
    const purgedCalls = await callsOf(short)
    expect(purgedCalls.map((c) => [c.memberId, c.note, c.callbackAt])).toEqual(
      purgedCalls.map(() => [null, null, null]),
    )
    const purgedList = await targetsOf(short)
    expect(purgedList).toHaveLength(3)
    expect(purgedList.map((r) => [r.memberId, r.claimedById, r.claimedAt, r.callbackAt])).toEqual(
      purgedList.map(() => [null, null, null, null]),
    )
    // The counts stay: the progress per KV (called, reached, open) and per caller reads as before.
    expect(await progress(short)).toEqual(progressBefore)
    expect(purgedList.map((r) => r.outcome).filter(Boolean)).toEqual(['reached'])
    // And nothing of the campaign leads to a member any more: no row, no note, no claim.
    const [linked] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select (select count(*) from campaign_targets where campaign_id = ${short} and member_id is not null)
               + (select count(*) from campaign_calls where campaign_id = ${short} and (member_id is not null or note is not null))
               as n`,
    )
    expect(Number(linked!.n)).toBe(0)
    expect((await campaignRow(short)).purgedAt).toEqual(t.clock.now())
    expect(await callsOf(long)).toHaveLength(3)
    expect((await campaignRow(long)).purgedAt).toBeNull()
    // A running campaign keeps its calls, however old: its retention time counts from its end.
    expect(await callsOf(running)).toHaveLength(3)
    // The answers given on the phone are survey results, not call notes: they stay.
    expect(await responses()).toHaveLength(3)
    const audits = await purgeAudits()
    expect(audits).toHaveLength(auditsBefore + 1)
    expect(audits.at(-1)).toMatchObject({
      actorUserId: null,
      objectType: 'survey_campaign',
      data: { campaigns: 1 },
    })

    // The job runs every hour: a second run finds nothing and records nothing.
    expect(await purgeCampaignNotes(t.app.deps)).toBe(0)
    expect(await purgeAudits()).toHaveLength(auditsBefore + 1)

    // The long campaign's 90 days.
    t.clock.current = new Date(endedAt + 90 * DAY)
    expect(await purgeCampaignNotes(t.app.deps)).toBe(1)
    expect((await callsOf(long)).every((c) => c.memberId === null && c.note === null)).toBe(true)
    expect(await callsOf(running)).toHaveLength(3)
    const withNotes = await t.database.db
      .select()
      .from(campaignCalls)
      .where(and(inArray(campaignCalls.campaignId, [short, long, running]), isNotNull(campaignCalls.note)))
    expect(withNotes.map((c) => c.campaignId)).toEqual([running, running, running])
  })
})

describe('erasing a member before the purge', () => {
  test('a member erased in a running campaign leaves its progress as it was, less the calls still to make, and is called by nobody', async () => {
    t.clock.current = new Date('2026-11-21T10:00:00Z')
    const id = await campaignWithCalls(30)
    const progress = async () => ({
      kvs: await progressByUnit(t.database.db, id),
      callers: await progressByCaller(t.database.db, id),
    })
    const before = await progress()
    expect(before.kvs).toMatchObject([{ total: 3, called: 3, reached: 1, remaining: 2 }])
    expect(before.callers).toMatchObject([{ calls: 3, reached: 1 }])
    // The person reached and the person to call back leave, and their retention time is over.
    const list = await targetsOf(id)
    const reached = list.find((r) => r.outcome === 'reached')!
    const callback = list.find((r) => r.state === 'callback')!
    await t.database.db
      .update(members)
      .set({ leftOn: '2020-01-01' })
      .where(inArray(members.id, [reached.memberId!, callback.memberId!]))
    const { erased } = await eraseFormerMembers(t.app.deps, { privacy: { retentionDaysAfterLeaving: 30 } })
    expect(erased).toBe(2)

    // On the list and called, reached, per KV and per caller: as before; the call-back is no call still to make.
    const after = await progress()
    expect(after.callers).toEqual(before.callers)
    expect(after.kvs).toEqual([{ ...before.kvs[0]!, remaining: 1 }])
    // What stays names nobody: no note, no call-back time, no claim; the rows point at the tombstones only.
    const kept = (await targetsOf(id)).filter((r) => r.id === reached.id || r.id === callback.id)
    expect(kept.map((r) => [r.state, r.claimedById, r.claimedAt, r.callbackAt])).toEqual([
      ['done', null, null, null],
      ['done', null, null, null],
    ])
    const calls = (await callsOf(id)).filter((c) => c.targetId === reached.id || c.targetId === callback.id)
    expect(calls.map((c) => [c.note, c.callbackAt])).toEqual([
      [null, null],
      [null, null],
    ])
    // "Next person" hands out the one still open, then nobody: never an erased member.
    expect((await post(caller.session, `/campaigns/${id}/next`)).statusCode).toBe(200)
    const claim = await claimOf(id)
    expect(claim.id).not.toBe(reached.id)
    expect(claim.id).not.toBe(callback.id)
    await expectRedirect(
      await post(caller.session, `/campaigns/${id}/calls/${claim.id}`, { outcome: 'wrong_number' }),
    )
    // Nobody left: back to the desk, which says so.
    expect(await expectRedirect(await post(caller.session, `/campaigns/${id}/next`))).toBe(
      `/campaigns/${id}/call`,
    )
    const claimed = await t.database.db
      .select()
      .from(campaignTargets)
      .where(and(eq(campaignTargets.campaignId, id), eq(campaignTargets.state, 'claimed')))
    expect(claimed).toEqual([])

    // The purge after the campaign's end unlinks the rows from the tombstones; the progress still reads as before.
    await expectRedirect(await post(office, `/campaigns/${id}/end`))
    const ended = await progress()
    t.clock.advance(31 * DAY)
    expect(await purgeCampaignNotes(t.app.deps)).toBeGreaterThanOrEqual(1)
    expect(await progress()).toEqual(ended)
    expect((await targetsOf(id)).every((r) => r.memberId === null)).toBe(true)
  })
})
