import { randomUUID } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  actorFor,
  buildDistrict,
  buildEvent,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { addDays } from '../../platform/time.js'
import { users } from '../accounts/tables.js'
import { eventRsvps } from '../events/tables.js'
import { importMembers } from '../members/index.js'
import { members } from '../members/tables.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import { stepState } from './queue.js'
import * as repo from './repo.js'
import { type NewMember, sendOnboardingMails, startOnboarding, viewStateDashboard } from './service/index.js'
import { defaultStandard } from './standard.js'
import {
  onboardingContacts,
  onboardingPipelines,
  onboardingStepOptOuts,
  onboardingWelcomeTexts,
} from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db
const TODAY = '2026-11-21' // the test clock's day in Berlin

const HEADER =
  'Mitgliedsnummer;Vorname;Nachname;E-Mail;Telefon;PLZ;KV;Ortsverband;Eintrittsdatum;Austrittsdatum'

async function importWorld() {
  const federation = await buildFederation(db())
  const state = await buildState(db(), federation)
  const tag = randomUUID().slice(0, 6)
  const kv = await insertUnit(db(), { kind: 'district', name: `Neukreis ${tag}`, parentId: state.id })
  const admin = actorFor(await buildUser(db()), [['admin', federation]])
  const run = (lines: string[]) =>
    importMembers(t.app.deps, admin, {
      csv: Buffer.from([HEADER, ...lines].join('\n')),
      fileName: 'mitglieder.csv',
      mode: 'all-or-nothing',
    })
  return { federation, state, kv, admin, run, prefix: `O${tag}-` }
}

async function pipelinesOf(memberNumbers: string[]) {
  return db()
    .select({ pipeline: onboardingPipelines, memberNumber: members.memberNumber })
    .from(onboardingPipelines)
    .innerJoin(members, eq(members.id, onboardingPipelines.memberId))
    .where(inArray(members.memberNumber, memberNumbers))
}

async function stepsOf(pipelineId: string) {
  return repo.listPipelineSteps(db(), [pipelineId])
}

describe('pipelines start on import', () => {
  test('a newly imported new member gets the default standard with due dates from the entry date (from the import for steps already due then); old, left and re-imported members do not', async () => {
    const w = await importWorld()
    const p = w.prefix
    const lines = [
      `${p}1;Neu;Mitglied;neu@example.org;;;${w.kv.name};;2026-11-11;`,
      `${p}2;Alt;Mitglied;alt@example.org;;;${w.kv.name};;2019-03-01;`,
      `${p}3;Weg;Mitglied;weg@example.org;;;${w.kv.name};;2026-11-01;2026-11-15`,
    ]
    const first = await w.run(lines)
    expect(first.kind === 'imported' && first.inserted).toBe(3)
    const started = await pipelinesOf([`${p}1`, `${p}2`, `${p}3`])
    expect(started.map((s) => s.memberNumber)).toEqual([`${p}1`])
    expect(started[0]!.pipeline.enteredOn).toBe('2026-11-11')
    const steps = await stepsOf(started[0]!.pipeline.id)
    // Imported ten days after joining: the welcome mail (day 0) and the call (day 7) would be overdue at once, so
    // they get their days from the import; the later steps keep their days from joining.
    const due = (days: number) =>
      addDays('2026-11-11', days) < TODAY ? addDays(TODAY, days) : addDays('2026-11-11', days)
    const byPosition = [...steps].sort((a, b) => a.position - b.position)
    expect(byPosition.map((s) => [s.kind, s.dueOn, s.mandatory, s.status])).toEqual(
      defaultStandard.map((d) => [d.kind, due(d.dueDays), d.mandatory, 'open']),
    )
    expect(steps.find((s) => s.kind === 'welcome_call')!.dueOn).toBe('2026-11-28')
    expect(steps.find((s) => s.kind === 'meeting_invitation')!.dueOn).toBe('2026-11-25')
    expect(steps.filter((s) => stepState(s, TODAY) === 'overdue')).toEqual([])
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'onboarding.pipelines_started'),
          eq(auditEvents.actorUserId, w.admin.userId),
        ),
      )
    expect(audit!.data).toEqual({ pipelines: 1 })

    // The same file again, and then with a changed name: nobody starts twice.
    await w.run(lines)
    await w.run([`${p}1;Neu;Umbenannt;neu@example.org;;;${w.kv.name};;2026-11-11;`, ...lines.slice(1)])
    expect(await pipelinesOf([`${p}1`, `${p}2`, `${p}3`])).toHaveLength(1)
    expect(await stepsOf(started[0]!.pipeline.id)).toHaveLength(defaultStandard.length)
  })

  test("the KV's standard is its state's steps minus the optional ones it left out, plus its own", async () => {
    const w = await importWorld()
    const [call, buddy, questionnaire] = await repo.insertSteps(db(), [
      { unitId: w.state.id, kind: 'welcome_call', dueDays: 5, mandatory: true, position: 1 },
      { unitId: w.state.id, kind: 'buddy', dueDays: 10, position: 2 },
      { unitId: w.state.id, kind: 'questionnaire', dueDays: 20, position: 3 },
    ])
    await repo.insertSteps(db(), [
      { unitId: w.kv.id, kind: 'custom', title: 'Einladung in die Chatgruppe', dueDays: 2, position: 1 },
    ])
    await db()
      .insert(onboardingStepOptOuts)
      .values([
        { districtId: w.kv.id, stepId: buddy!.id },
        // A stale opt-out of a mandatory step changes nothing.
        { districtId: w.kv.id, stepId: call!.id },
      ])
    await w.run([`${w.prefix}1;Neu;Mitglied;;;;${w.kv.name};;2026-11-20;`])
    const [started] = await pipelinesOf([`${w.prefix}1`])
    const steps = await stepsOf(started!.pipeline.id)
    expect(steps.map((s) => [s.kind, s.title, s.dueOn])).toEqual([
      ['custom', 'Einladung in die Chatgruppe', '2026-11-22'],
      ['welcome_call', null, '2026-11-25'],
      ['questionnaire', null, '2026-12-10'],
    ])
    expect(questionnaire!.mandatory).toBe(false)
  })

  test('set-based start: thousands of members in a few statements, each with their own KV standard', async () => {
    const federation = await buildFederation(db())
    const state = await buildState(db(), federation)
    const kvs = [await buildDistrict(db(), state), await buildDistrict(db(), state)]
    await repo.insertSteps(db(), [
      { unitId: kvs[1]!.id, kind: 'custom', title: 'Extra', dueDays: 1, position: 1 },
    ])
    const inserted: NewMember[] = []
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      memberNumber: `S${randomUUID().slice(0, 8)}${i}`,
      firstName: 'Viele',
      lastName: `Neue-${i}`,
      homeUnitId: kvs[i % 2]!.id,
      enteredOn: '2026-11-01',
    }))
    for (let i = 0; i < rows.length; i += 500) {
      const batch = await db()
        .insert(members)
        .values(rows.slice(i, i + 500))
        .returning({
          id: members.id,
          homeUnitId: members.homeUnitId,
          enteredOn: members.enteredOn,
          leftOn: members.leftOn,
        })
      inserted.push(...batch)
    }
    const ids = inserted.map((m) => m.id)
    const started = await db().transaction((tx) => startOnboarding(tx, undefined, inserted, t.clock.now()))
    expect(started).toBe(2500)
    // One row per member; the steps are the plan of each KV, shared by all who started under it.
    const pipelines = await db()
      .select()
      .from(onboardingPipelines)
      .where(inArray(onboardingPipelines.memberId, ids))
    expect(new Set(pipelines.map((p) => p.planId)).size).toBe(2)
    const steps = await repo.listPipelineSteps(
      db(),
      pipelines.map((p) => p.id),
    )
    expect(steps).toHaveLength(1250 * defaultStandard.length + 1250 * (defaultStandard.length + 1))
    // Joined on 1 November, started on the 21st: the extra step, due a day after joining, is due a day after the start.
    expect(steps.filter((s) => s.kind === 'custom').every((s) => s.dueOn === '2026-11-22')).toBe(true)
    expect(await db().transaction((tx) => startOnboarding(tx, undefined, inserted, t.clock.now()))).toBe(0)
  })
})

/** A new member of `kv` entered on `enteredOn`, with their pipeline started. */
async function newMember(
  kv: OrgUnit,
  enteredOn: string,
  overrides: Partial<typeof members.$inferInsert> = {},
) {
  const member = await buildMember(db(), kv, { enteredOn, ...overrides })
  await db().transaction((tx) =>
    startOnboarding(tx, undefined, [member], t.clock.now(), { since: '2000-01-01' }),
  )
  const row = await repo.findPipelineOfMember(db(), member.id)
  return { member, pipeline: row!.pipeline }
}

describe('the mail job', () => {
  test("sends a due welcome mail once, in the KV's words, with the next new-member meeting", async () => {
    const kv = await buildDistrict(db())
    const { member, pipeline } = await newMember(kv, TODAY, {
      firstName: 'Wilma',
      email: 'wilma@example.org',
    })
    await db().insert(onboardingWelcomeTexts).values({
      unitId: kv.id,
      subject: 'Hallo {vorname}!',
      body: 'Willkommen im {kv}. Treffen: {termin}. {fragebogen}',
    })
    const meeting = await buildEvent(db(), [kv], {
      type: 'neumitgliedertreffen',
      title: 'Neumitgliedertreffen Test',
      startsAt: new Date('2026-12-01T18:00:00Z'),
      endsAt: new Date('2026-12-01T20:00:00Z'),
      audience: 'own_members',
    })
    const before = (await t.outbox()).length
    expect(await sendOnboardingMails(t.app.deps, t.app.config)).toBeGreaterThanOrEqual(1)
    expect(await sendOnboardingMails(t.app.deps, t.app.config)).toBe(0)
    const mails = (await t.outbox()).slice(0, (await t.outbox()).length - before)
    const welcome = mails.filter((m) => m.to === member.email && m.subject === 'Hallo Wilma!')
    expect(welcome).toHaveLength(1)
    expect(welcome[0]!.text).toContain(`Willkommen im ${kv.name}. Treffen: `)
    expect(welcome[0]!.text).toContain(`/events/${meeting.id}`)
    expect(welcome[0]!.text).toContain('/onboarding/questionnaire')
    // The meeting was there, so the invitation went out in the same run, with the event's link.
    const invitation = mails.filter(
      (m) => m.to === member.email && m.subject === 'Einladung: Neumitgliedertreffen Test',
    )
    expect(invitation).toHaveLength(1)
    const steps = await stepsOf(pipeline.id)
    expect(steps.find((s) => s.kind === 'welcome_mail')!.status).toBe('done')
    expect(steps.find((s) => s.kind === 'meeting_invitation')!.eventId).toBe(meeting.id)
  })

  test('half a year late, the job writes no welcome any more; the board still can', async () => {
    const kv = await buildDistrict(db())
    const { member, pipeline } = await newMember(kv, '2026-05-01', { email: 'spaet@example.org' })
    await sendOnboardingMails(t.app.deps, t.app.config)
    expect((await t.outbox()).some((m) => m.to === member.email)).toBe(false)
    expect((await stepsOf(pipeline.id)).find((s) => s.kind === 'welcome_mail')!.status).toBe('open')
  })

  test('no meeting, no invitation: the step stays open; a welcome mail waits for its day', async () => {
    const kv = await buildDistrict(db())
    const { member, pipeline } = await newMember(kv, '2026-11-25', { email: 'later@example.org' })
    await sendOnboardingMails(t.app.deps, t.app.config)
    expect((await t.outbox()).some((m) => m.to === member.email)).toBe(false)
    expect((await stepsOf(pipeline.id)).every((s) => s.status === 'open')).toBe(true)
  })
})

describe('the benchmark on a known data set', () => {
  /**
   * A state with four KVs. `north`: 6 new members entered on 2026-09-01 (welcome call due 09-08),
   * reached after 2, 3, 5, 9 and 12 days and one never; buddies for 4; two at an event within 60 days.
   * `south`: 3 new members entered 09-10, all reached on day 1, all with a buddy. `west`: 5 new members
   * entered 09-01, nobody reached, no buddy. `empty`: nobody.
   */
  async function knownState() {
    const state = await buildState(db())
    const north = await insertUnit(db(), { kind: 'district', name: 'A Nord', parentId: state.id })
    const south = await insertUnit(db(), { kind: 'district', name: 'B Süd', parentId: state.id })
    const west = await insertUnit(db(), { kind: 'district', name: 'C West', parentId: state.id })
    const empty = await insertUnit(db(), { kind: 'district', name: 'D Leer', parentId: state.id })
    const buddy = await buildMember(db(), north)
    const southBuddy = await buildMember(db(), south)
    const meeting = await buildEvent(db(), [north], {
      type: 'neumitgliedertreffen',
      startsAt: new Date('2026-10-06T17:00:00Z'),
      endsAt: new Date('2026-10-06T19:00:00Z'),
    })
    const lateMeeting = await buildEvent(db(), [north], {
      startsAt: new Date('2026-11-10T17:00:00Z'),
      endsAt: new Date('2026-11-10T19:00:00Z'),
    })
    const reachedAfter = [2, 3, 5, 9, 12, null]
    for (const [i, days] of reachedAfter.entries()) {
      const { member, pipeline } = await newMember(north, '2026-09-01')
      if (days !== null)
        await db()
          .insert(onboardingContacts)
          .values([
            { pipelineId: pipeline.id, outcome: 'not_reached', attemptedOn: '2026-09-02' },
            { pipelineId: pipeline.id, outcome: 'reached', attemptedOn: addDays('2026-09-01', days) },
          ])
      if (i < 4) await repo.setBuddy(db(), pipeline.id, buddy.id, t.clock.now())
      // Two come to the meeting in their first 60 days; one only to an event on day 70, which does not count.
      if (i < 3) {
        const [account] = await db()
          .insert(users)
          .values({ email: `${randomUUID()}@example.org`, displayName: 'x', memberId: member.id })
          .returning()
        await db()
          .insert(eventRsvps)
          .values({
            eventId: i < 2 ? meeting.id : lateMeeting.id,
            userId: account!.id,
            status: 'confirmed',
            attendedAt: new Date('2026-10-06T17:30:00Z'),
          })
      }
    }
    for (let i = 0; i < 3; i++) {
      const { pipeline } = await newMember(south, '2026-09-10')
      await db()
        .insert(onboardingContacts)
        .values({ pipelineId: pipeline.id, outcome: 'reached', attemptedOn: '2026-09-11' })
      await repo.setBuddy(db(), pipeline.id, southBuddy.id, t.clock.now())
    }
    for (let i = 0; i < 5; i++) await newMember(west, '2026-09-01')
    return { state, north, south, west, empty }
  }

  test('per KV and for the state, with figures on fewer than five people withheld', async () => {
    const { state, north, south, west, empty } = await knownState()
    const office = actorFor(await buildUser(db()), [['state_office', state]])
    const data = await viewStateDashboard(t.app.deps, office, state.id, { from: '2026-01-01', to: TODAY })
    const row = (u: OrgUnit) => data.table.rows.find((r) => r.key.id === u.id)!.figures
    expect(data.table.rows.map((r) => r.key.name)).toEqual(['A Nord', 'B Süd', 'C West', 'D Leer'])

    expect(row(north).people.value).toBe(6)
    expect(row(north).medianDays.value).toBe(5)
    // Reached by 09-08: after 2, 3 and 5 days; 9, 12 and never are late.
    expect(row(north).reachedInTime.value).toBeCloseTo(3 / 6)
    expect(row(north).withBuddy.value).toBeCloseTo(4 / 6)
    expect(row(north).atEvent.value).toBeCloseTo(2 / 6)

    // Three people: every figure is withheld.
    for (const f of Object.values(row(south))) expect(f).toMatchObject({ value: null, suppressed: 'small' })
    // With exactly one KV withheld, the total minus the others would give it away: the next smallest
    // KV (west, 5 people) is withheld for every figure that adds up. Its median rests on nobody.
    for (const name of ['people', 'reachedInTime', 'withBuddy', 'atEvent'] as const)
      expect(row(west)[name]).toMatchObject({ value: null, base: 5, suppressed: 'complementary' })
    expect(row(west).medianDays).toEqual({ value: null, base: 0, suppressed: 'none' })
    expect(row(empty).people).toEqual({ value: null, base: 0, suppressed: 'none' })

    const total = data.table.total
    expect(total.people.value).toBe(14)
    // Days 1, 1, 1, 2, 3, 5, 9, 12: the median lies between 2 and 3.
    expect(total.medianDays.value).toBe(2.5)
    expect(total.reachedInTime.value).toBeCloseTo(6 / 14)
    expect(total.withBuddy.value).toBeCloseTo(7 / 14)
    expect(total.atEvent.value).toBeCloseTo(2 / 14)
  })

  test('a state total on fewer than five people is withheld as well', async () => {
    const state = await buildState(db())
    const kv = await buildDistrict(db(), state)
    for (let i = 0; i < 4; i++) await newMember(kv, '2026-10-01')
    const office = actorFor(await buildUser(db()), [['state_office', state]])
    const data = await viewStateDashboard(t.app.deps, office, state.id, { from: '2026-01-01', to: TODAY })
    expect(data.table.total.people).toEqual({ value: null, base: 4, suppressed: 'small' })
    expect(data.table.rows[0]!.figures.withBuddy.suppressed).toBe('small')
  })
})
