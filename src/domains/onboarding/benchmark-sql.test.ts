import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { buildEvent } from '../../../test/support/factories.js'
import type { Actor, Role } from '../../platform/auth/actor.js'
import type { Database } from '../../platform/db/client.js'
import type { AppDeps } from '../../platform/deps.js'
import { createMailTransport } from '../../platform/mail/mailer.js'
import { users } from '../accounts/tables.js'
import { eventRsvps, eventStatuses, rsvpStatuses } from '../events/tables.js'
import { members } from '../members/tables.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import {
  type BenchmarkCounts,
  type BenchmarkRow,
  emptyCounts,
  type Figure,
  figureNames,
  MIN_PEOPLE,
} from './benchmark.js'
import * as repo from './repo.js'
import { periodOf, viewDashboardHome, viewStateDashboard } from './service/index.js'
import { DEFAULT_CONTACT_DAYS } from './standard.js'
import {
  onboardingContacts,
  onboardingPipelines,
  onboardingPlanSteps,
  onboardingPlans,
  onboardingStepProgress,
} from './tables.js'

/**
 * The benchmark's figures are counted by one SQL statement (`benchmarkCounts` in repo.ts) and turned into the
 * dashboard's table (`viewStateDashboard`, `viewDashboardHome`). Here the same figures are worked out plainly
 * from random worlds, on a real database, and must agree: new members in two states' KVs with entry dates near
 * the period's ends, the 60th day and the contact deadline; plans with and without a welcome call; contact
 * attempts of every outcome; buddies; closed and skipped steps (which count for nothing); members who left;
 * events in every status, just before and after midnight in Berlin (23:30 UTC is the next day there in winter,
 * 22:30 UTC in summer), before and after "now"; RSVPs of every status, attended or not, and events that took
 * attendance (a guest's) or did not. "Now" is any time of a day of 2026, so both sides of a daylight-saving
 * change and of midnight in Berlin come up. The days are counted here with UTC date arithmetic and Intl, not
 * with platform/time.ts. BENCHMARK_SQL_SEED replays a run, BENCHMARK_SQL_RUNS raises the number of runs.
 */

const seed = Number(process.env.BENCHMARK_SQL_SEED ?? 20_261_206)
const numRuns = Number(process.env.BENCHMARK_SQL_RUNS ?? 40)

// ---- the calendar, counted plainly ----

const berlinDays = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})
/** The day in Berlin of an instant, "YYYY-MM-DD". */
const berlinDay = (instant: Date) => berlinDays.format(instant)
const utcDay = (instant: Date) => instant.toISOString().slice(0, 10)
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const dayDiff = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000

/** Clock times in UTC: 21:59 and 22:30 are the last and the first minutes of a day in Berlin in summer, 22:30 and 23:30 in winter. */
const times = ['00:30', '09:00', '21:59', '22:30', '23:30'] as const
/** Times near midnight in Berlin come up more often than the others. */
const someTime = fc.constantFrom(...times, '21:59', '22:30', '22:30', '23:30', '23:30')
/** Every world has this many events (some of them drafts or cancelled): people's entries and RSVPs refer to them by index. */
const EVENTS = 4

// ---- the world ----

/** The KVs: three in state A, two in state B. */
const kvCount = 5
const stateOfKv = [0, 0, 0, 1, 1]
/** The welcome call's deadline of each plan; null: a plan without a welcome call (the default deadline counts). */
const planContactDays = [null, 0, 3, 7, 14] as const

type EventSpec = {
  offset: number
  time: string
  status: (typeof eventStatuses)[number]
  guestAttended: boolean
}
type Entry =
  | { kind: 'daysAgo'; n: number }
  | { kind: 'contactDue'; rel: number }
  | {
      kind: 'eventDay'
      event: number
      delta: number
      rsvp: { status: (typeof rsvpStatuses)[number]; attended: boolean } | null
    }
type Contact = {
  outcome: 'reached' | 'not_reached' | 'call_back'
  day: { afterEntry: number } | { afterDue: number }
}
type PersonSpec = {
  kv: number
  plan: number
  entry: Entry
  left: boolean
  buddy: boolean
  account: boolean
  contacts: Contact[]
  closed: { position: 1 | 2; status: 'done' | 'skipped' }[]
  rsvps: { event: number; status: (typeof rsvpStatuses)[number]; attended: boolean }[]
}
type World = {
  /** Days since 2026-01-01 (UTC) and a clock time: "now". */
  nowDay: number
  nowTime: string
  events: EventSpec[]
  people: PersonSpec[]
  period: { from: number; to: number } | null
}

const nearSixty = fc.constantFrom(59, 60, 61)
const world: fc.Arbitrary<World> = fc.record({
  nowDay: fc.integer({ min: 0, max: 364 }),
  nowTime: someTime,
  events: fc.array(
    fc.record({
      // Days from today; 0 and 1 are today and tomorrow, around "now".
      offset: fc.oneof(fc.integer({ min: -130, max: 1 }), fc.constantFrom(0, -1, -59, -60, -61)),
      time: someTime,
      status: fc.constantFrom('published', 'published', 'published', ...eventStatuses),
      guestAttended: fc.nat(3).map((n) => n === 0),
    }),
    { minLength: EVENTS, maxLength: EVENTS },
  ),
  people: fc.array(
    fc.record({
      kv: fc.nat(kvCount - 1),
      plan: fc.nat(planContactDays.length - 1),
      entry: fc.oneof(
        fc.record({
          kind: fc.constant('daysAgo' as const),
          n: fc.oneof(fc.nat(140), nearSixty, fc.constantFrom(0, 365, 366)),
        }),
        fc.record({ kind: fc.constant('contactDue' as const), rel: fc.constantFrom(-1, 0, 1) }),
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('eventDay' as const),
            event: fc.nat(EVENTS - 1),
            // Entered on the day before the event's day in UTC (-1) up to the 61st day after: -1 and 60 are
            // where a late event's day in Berlin and in UTC fall on either side of the window's edge.
            delta: fc.constantFrom(-1, -1, 0, 1, 59, 60, 60, 61),
            // And they RSVP'd to it, mostly.
            rsvp: fc.option(
              fc.record({ status: fc.constantFrom(...rsvpStatuses, 'confirmed'), attended: fc.boolean() }),
              { freq: 4 },
            ),
          }),
        },
      ),
      left: fc.nat(4).map((n) => n === 0),
      buddy: fc.boolean(),
      account: fc.nat(5).map((n) => n !== 0),
      contacts: fc.array(
        fc.record({
          outcome: fc.constantFrom('reached', 'reached', 'not_reached', 'call_back'),
          day: fc.oneof(
            fc.record({ afterEntry: fc.integer({ min: 0, max: 25 }) }),
            fc.record({ afterDue: fc.constantFrom(-1, 0, 1) }),
          ),
        }),
        { maxLength: 3 },
      ),
      closed: fc.uniqueArray(
        fc.record({
          position: fc.constantFrom(1 as const, 2 as const),
          status: fc.constantFrom('done' as const, 'skipped' as const),
        }),
        { maxLength: 2, selector: (c) => c.position },
      ),
      rsvps: fc.uniqueArray(
        fc.record({
          event: fc.nat(EVENTS - 1),
          status: fc.constantFrom(...rsvpStatuses, 'confirmed'),
          attended: fc.boolean(),
        }),
        { maxLength: 3, selector: (r) => r.event },
      ),
    }),
    { maxLength: 24 },
  ),
  period: fc.option(
    fc.record({
      from: fc.oneof(fc.nat(140), nearSixty, fc.constant(0)),
      to: fc.oneof(fc.nat(140), nearSixty, fc.constant(0)),
    }),
    { freq: 3 },
  ),
})

// ---- what the definition says, computed plainly ----

/** A person's RSVPs: the one to the event their entry was placed by, then the others, one per event. */
function rsvpsOf(p: PersonSpec) {
  const own = p.entry.kind === 'eventDay' && p.entry.rsvp ? [{ event: p.entry.event, ...p.entry.rsvp }] : []
  return [...own, ...p.rsvps.filter((r) => !own.some((o) => o.event === r.event))]
}

type Fact = {
  kv: number
  enteredOn: string
  contactDue: string
  reachedOn: string | null
  buddy: boolean
  atEvent: boolean
}

function plainFacts(w: World, now: Date, eventAt: Date[]) {
  const today = berlinDay(now)
  const events = w.events.map((e, i) => ({ ...e, startsAt: eventAt[i]! }))
  const tookAttendance = events.map(
    (e, i) =>
      e.guestAttended ||
      w.people.some((p) => p.account && rsvpsOf(p).some((r) => r.event === i && r.attended)),
  )
  const facts: Fact[] = []
  const seen = { midnight: 0 }
  for (const p of w.people) {
    const enteredOn = enteredOf(p, today, eventAt)
    const contactDue = plusDays(enteredOn, planContactDays[p.plan] ?? DEFAULT_CONTACT_DAYS)
    const reached = p.contacts
      .filter((c) => c.outcome === 'reached')
      .map((c) => contactDay(c, enteredOn, contactDue))
      .sort()
    const within = (day: string) => day >= enteredOn && day <= plusDays(enteredOn, 60)
    const counts = (r: PersonSpec['rsvps'][number], e: (typeof events)[number], i: number) =>
      e.status === 'published' &&
      e.startsAt.getTime() <= now.getTime() &&
      (r.attended || (r.status === 'confirmed' && !tookAttendance[i]))
    const atEvent =
      p.account &&
      rsvpsOf(p).some((r) => {
        const e = events[r.event]
        if (!e || !counts(r, e, r.event)) return false
        // Read in UTC, the event would fall on the other side of the window's edge.
        if (within(berlinDay(e.startsAt)) !== within(utcDay(e.startsAt))) seen.midnight++
        return within(berlinDay(e.startsAt))
      })
    facts.push({ kv: p.kv, enteredOn, contactDue, reachedOn: reached[0] ?? null, buddy: p.buddy, atEvent })
  }
  return { facts, seen }
}

function enteredOf(p: PersonSpec, today: string, eventAt: Date[]) {
  switch (p.entry.kind) {
    case 'daysAgo':
      return plusDays(today, -p.entry.n)
    case 'contactDue':
      return plusDays(today, -(planContactDays[p.plan] ?? DEFAULT_CONTACT_DAYS) + p.entry.rel)
    case 'eventDay': {
      // The event's day in UTC: for an event late in the evening, Berlin has the next day already.
      return plusDays(utcDay(eventAt[p.entry.event]!), -p.entry.delta)
    }
  }
}

const contactDay = (c: Contact, enteredOn: string, contactDue: string) =>
  'afterEntry' in c.day ? plusDays(enteredOn, c.day.afterEntry) : plusDays(contactDue, c.day.afterDue)

function median(values: number[]) {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function plainCounts(facts: Fact[], today: string): BenchmarkCounts {
  const reached = facts.filter((f) => f.reachedOn !== null)
  const inTime = (f: Fact) => f.reachedOn !== null && f.reachedOn <= f.contactDue
  return {
    people: facts.length,
    reached: reached.length,
    medianDays: median(reached.map((f) => dayDiff(f.enteredOn, f.reachedOn!))),
    // The deadline has passed (not when it is today), or they were reached by then.
    contactBase: facts.filter((f) => f.contactDue < today || inTime(f)).length,
    reachedInTime: facts.filter(inTime).length,
    withBuddy: facts.filter((f) => f.buddy).length,
    // Days 0 to 60 after entry are the window; it is over once the 60th day has gone by.
    eventBase: facts.filter((f) => plusDays(f.enteredOn, 60) < today || f.atEvent).length,
    atEvent: facts.filter((f) => f.atEvent).length,
  }
}

/** Each figure's value and the number of people it rests on, before anything is withheld. */
function plainFigures(
  c: BenchmarkCounts,
): Record<(typeof figureNames)[number], { value: number | null; base: number }> {
  return {
    people: { value: c.people, base: c.people },
    medianDays: { value: c.medianDays, base: c.reached },
    reachedInTime: { value: c.reachedInTime / c.contactBase, base: c.contactBase },
    withBuddy: { value: c.withBuddy / c.people, base: c.people },
    atEvent: { value: c.atEvent / c.eventBase, base: c.eventBase },
  }
}

const additive = ['people', 'reachedInTime', 'withBuddy', 'atEvent'] as const
const seen = {
  small: 0,
  complementary: 0,
  shown: 0,
  dueToday: 0,
  sixtiethToday: 0,
  reachedOnDue: 0,
  midnight: 0,
  lateNow: 0,
}

/** One figure as the page shows it, against its plain value: withheld below MIN_PEOPLE, else shown or withheld for the total's sake. */
function expectFigure(shown: Figure, plain: { value: number | null; base: number }) {
  expect(shown.base).toBe(plain.base)
  if (plain.base === 0) return expect(shown).toEqual({ value: null, base: 0, suppressed: 'none' })
  if (plain.base < MIN_PEOPLE) {
    seen.small++
    return expect(shown).toEqual({ value: null, base: plain.base, suppressed: 'small' })
  }
  if (shown.suppressed === 'complementary') return expect(shown.value).toBeNull()
  seen.shown++
  expect(shown.suppressed).toBe('none')
  expect(shown.value).toBeCloseTo(plain.value!, 12)
}

/**
 * A table as the page shows it: every figure as above; for a figure that adds up to a shown total, exactly one
 * group withheld for being small takes the smallest shown group (by that figure's base) with it, and nothing else
 * is withheld for the total's sake.
 */
function expectTable(
  table: { rows: { key: OrgUnit; figures: BenchmarkRow }[]; total: BenchmarkRow },
  groups: { unit: OrgUnit; counts: BenchmarkCounts }[],
  total: BenchmarkCounts,
) {
  expect(table.rows.map((r) => r.key.id).sort()).toEqual(groups.map((g) => g.unit.id).sort())
  const totalPlain = plainFigures(total)
  for (const name of figureNames) expect(table.total[name].suppressed).not.toBe('complementary')
  for (const name of figureNames) expectFigure(table.total[name], totalPlain[name])
  for (const g of groups) {
    const row = table.rows.find((r) => r.key.id === g.unit.id)!
    const plain = plainFigures(g.counts)
    for (const name of figureNames) expectFigure(row.figures[name], plain[name])
    expect(row.figures.medianDays.suppressed).not.toBe('complementary')
  }
  for (const name of additive) {
    const small = table.rows.filter((r) => r.figures[name].suppressed === 'small')
    const complementary = table.rows.filter((r) => r.figures[name].suppressed === 'complementary')
    const candidates = table.rows.filter((r) => r.figures[name].base >= MIN_PEOPLE)
    const totalShown = totalPlain[name].base >= MIN_PEOPLE
    if (totalShown && small.length === 1 && candidates.length > 0) {
      seen.complementary++
      expect(complementary).toHaveLength(1)
      expect(complementary[0]!.figures[name].base).toBe(
        Math.min(...candidates.map((r) => r.figures[name].base)),
      )
    } else expect(complementary).toEqual([])
  }
}

// ---- the database ----

let database: Database
const db = () => database.db
let clock = new Date()
let deps: AppDeps
const planIds: string[] = []

beforeAll(async () => {
  database = await createTestDatabase()
  deps = {
    database,
    mailer: createMailTransport({ from: 'test@example.org' }),
    secret: 'benchmark-sql-benchmark-sql-benchmark-sql-0123',
    now: () => new Date(clock),
  }
  const holder = await insertUnit(db(), { kind: 'federal', name: 'Pläne', parentId: null })
  for (const [i, days] of planContactDays.entries()) {
    const [plan] = await db()
      .insert(onboardingPlans)
      .values({ unitId: holder.id, stepsKey: `benchmark-${i}` })
      .returning()
    planIds.push(plan!.id)
    await db()
      .insert(onboardingPlanSteps)
      .values([
        { planId: plan!.id, position: 1, kind: 'welcome_mail', dueDays: 0, mandatory: true },
        days === null
          ? { planId: plan!.id, position: 2, kind: 'buddy', dueDays: 14 }
          : { planId: plan!.id, position: 2, kind: 'welcome_call', dueDays: days, mandatory: true },
      ])
  }
})
afterAll(() => database.close())

const actorWith = (role: Role, unit: OrgUnit): Actor => ({
  userId: randomUUID(),
  sessionId: 's',
  email: 'office@example.org',
  displayName: 'Office',
  memberId: null,
  homeUnitId: null,
  grants: [{ role, unitId: unit.id, unitPath: unit.path }],
})

/** Writes the world below a federation of its own; returns its units and the events' start instants. */
async function build(w: World, now: Date) {
  const today = berlinDay(now)
  const tag = randomUUID().slice(0, 8)
  const federation = await insertUnit(db(), { kind: 'federal', name: `Bund ${tag}`, parentId: null })
  const states = [
    await insertUnit(db(), { kind: 'state', name: `A ${tag}`, parentId: federation.id }),
    await insertUnit(db(), { kind: 'state', name: `B ${tag}`, parentId: federation.id }),
  ]
  const kvs: OrgUnit[] = []
  for (let i = 0; i < kvCount; i++)
    kvs.push(
      await insertUnit(db(), {
        kind: 'district',
        name: `KV ${i} ${tag}`,
        parentId: states[stateOfKv[i]!]!.id,
      }),
    )

  const eventAt = w.events.map((e) => new Date(`${plusDays(today, e.offset)}T${e.time}:00Z`))
  const events: { id: string; startsAt: Date }[] = []
  for (const [i, e] of w.events.entries()) {
    const event = await buildEvent(db(), [kvs[0]!], {
      startsAt: eventAt[i]!,
      endsAt: new Date(eventAt[i]!.getTime() + 2 * 3600_000),
      status: e.status,
    })
    events.push(event)
    if (e.guestAttended)
      await db()
        .insert(eventRsvps)
        .values({
          eventId: event.id,
          guestName: 'Gast',
          guestEmail: `${randomUUID()}@example.org`,
          status: 'confirmed',
          attendedAt: eventAt[i]!,
        })
  }

  const buddy = await insertMembers([{ kv: kvs[0]!, enteredOn: null, leftOn: null }], tag)
  const { facts } = plainFacts(w, now, eventAt)
  if (w.people.length === 0) return { federation, states, kvs, eventAt }
  const memberRows = await insertMembers(
    w.people.map((p, i) => ({
      kv: kvs[p.kv]!,
      enteredOn: facts[i]!.enteredOn,
      leftOn: p.left ? plusDays(facts[i]!.enteredOn, 10) : null,
    })),
    tag,
  )
  const pipelines = await db()
    .insert(onboardingPipelines)
    .values(
      w.people.map((p, i) => ({
        memberId: memberRows[i]!.id,
        planId: planIds[p.plan]!,
        enteredOn: facts[i]!.enteredOn,
        ...(p.buddy ? { buddyMemberId: buddy[0]!.id, buddyAssignedAt: now } : {}),
      })),
    )
    .returning()
  const contacts = w.people.flatMap((p, i) =>
    p.contacts.map((c) => ({
      pipelineId: pipelines[i]!.id,
      outcome: c.outcome,
      attemptedOn: contactDay(c, facts[i]!.enteredOn, facts[i]!.contactDue),
      callBackOn: c.outcome === 'call_back' ? plusDays(today, 1) : null,
    })),
  )
  if (contacts.length) await db().insert(onboardingContacts).values(contacts)
  const progress = w.people.flatMap((p, i) =>
    p.closed.map((c) => ({
      pipelineId: pipelines[i]!.id,
      position: c.position,
      status: c.status,
      closedAt: now,
    })),
  )
  if (progress.length) await db().insert(onboardingStepProgress).values(progress)
  const withAccount = w.people.flatMap((p, i) => (p.account ? [{ p, memberId: memberRows[i]!.id }] : []))
  if (withAccount.length === 0) return { federation, states, kvs, eventAt }
  const accounts = await db()
    .insert(users)
    .values(
      withAccount.map(({ memberId }) => ({
        email: `${randomUUID()}@example.org`,
        displayName: 'Neu',
        memberId,
      })),
    )
    .returning()
  const rsvps = withAccount.flatMap(({ p }, i) =>
    rsvpsOf(p).flatMap((r) => {
      const event = events[r.event]
      if (!event) return []
      return [
        {
          eventId: event.id,
          userId: accounts[i]!.id,
          status: r.status,
          attendedAt: r.attended ? event.startsAt : null,
        },
      ]
    }),
  )
  if (rsvps.length) await db().insert(eventRsvps).values(rsvps)
  return { federation, states, kvs, eventAt }
}

async function insertMembers(
  rows: { kv: OrgUnit; enteredOn: string | null; leftOn: string | null }[],
  tag: string,
) {
  return db()
    .insert(members)
    .values(
      rows.map((r, i) => ({
        memberNumber: `B${tag}-${randomUUID().slice(0, 8)}-${i}`,
        firstName: 'Neu',
        lastName: `Mitglied ${i}`,
        homeUnitId: r.kv.id,
        enteredOn: r.enteredOn,
        leftOn: r.leftOn,
      })),
    )
    .returning()
}

/** A group without anybody has no row of its own (the total always has one); the dashboard reads it as empty. */
const expectCounts = (sql: BenchmarkCounts | undefined, plain: BenchmarkCounts) =>
  expect(sql ?? emptyCounts).toEqual(plain)

test("the benchmark's statement and its table agree with the figures counted plainly", async () => {
  await fc.assert(
    fc.asyncProperty(world, async (w) => {
      const now = new Date(`${plusDays('2026-01-01', w.nowDay)}T${w.nowTime}:00Z`)
      clock = now
      const today = berlinDay(now)
      if (today !== utcDay(now)) seen.lateNow++
      const { federation, states, kvs, eventAt } = await build(w, now)

      const query: { from?: string; to?: string } = w.period
        ? { from: plusDays(today, -w.period.from), to: plusDays(today, -w.period.to) }
        : {}
      const to = query.to ?? today
      const from = query.from ?? plusDays(to, -365)
      const period = from <= to ? { from, to } : { from: to, to: from }
      expect(periodOf(query, now)).toEqual(period)

      const { facts, seen: s } = plainFacts(w, now, eventAt)
      const counted = facts.filter((f) => f.enteredOn >= period.from && f.enteredOn <= period.to)
      seen.midnight += s.midnight
      for (const f of counted) {
        if (f.contactDue === today) seen.dueToday++
        if (plusDays(f.enteredOn, 60) === today) seen.sixtiethToday++
        if (f.reachedOn === f.contactDue) seen.reachedOnDue++
      }
      const countsOf = (kvIndexes: number[]) =>
        plainCounts(
          counted.filter((f) => kvIndexes.includes(f.kv)),
          today,
        )
      const kvsOfState = (s: number) => kvs.flatMap((_, i) => (stateOfKv[i] === s ? [i] : []))
      const all = kvs.map((_, i) => i)

      // The statement, by KV within state A and by state within the federation.
      const byKv = await repo.benchmarkCounts(db(), {
        path: states[0]!.path,
        groupBy: 'district',
        ...period,
        today,
        now,
      })
      for (const i of kvsOfState(0)) expectCounts(byKv.byUnit.get(kvs[i]!.id), countsOf([i]))
      expect(byKv.byUnit.size).toBe(kvsOfState(0).filter((i) => countsOf([i]).people > 0).length)
      expectCounts(byKv.total, countsOf(kvsOfState(0)))
      const byState = await repo.benchmarkCounts(db(), {
        path: federation.path,
        groupBy: 'state',
        ...period,
        today,
        now,
      })
      for (const [s, state] of states.entries())
        expectCounts(byState.byUnit.get(state.id), countsOf(kvsOfState(s)))
      expectCounts(byState.total, countsOf(all))

      // The pages: the state office compares its KVs, the federal office the states, on the injected clock.
      const statePage = await viewStateDashboard(
        deps,
        actorWith('state_office', states[0]!),
        states[0]!.id,
        period,
      )
      expectTable(
        statePage.table,
        kvsOfState(0).map((i) => ({ unit: kvs[i]!, counts: countsOf([i]) })),
        countsOf(kvsOfState(0)),
      )
      const federalPage = await viewDashboardHome(deps, actorWith('federal_office', federation), period)
      expect(federalPage.kind).toBe('federal')
      if (federalPage.kind !== 'federal') return
      expectTable(
        federalPage.table,
        states.map((state, s) => ({ unit: state, counts: countsOf(kvsOfState(s)) })),
        countsOf(all),
      )
    }),
    { seed, numRuns },
  )
  // Each boundary must have come up, or the property would prove nothing about it.
  expect(Object.entries(seen).filter(([, n]) => n === 0)).toEqual([])
})

test('the edges, by example: midnight in Berlin, an event not yet begun, the 60th day, a deadline due today', async () => {
  // 23:30 UTC on 20 January is 00:30 on the 21st in Berlin: today is the 21st.
  const now = new Date('2026-01-20T23:30:00Z')
  clock = now
  const published = { status: 'published' as const, guestAttended: false }
  const person = (p: Partial<PersonSpec> & { entry: Entry }): PersonSpec => ({
    kv: 0,
    plan: 3,
    left: false,
    buddy: false,
    account: true,
    contacts: [],
    closed: [],
    rsvps: [],
    ...p,
  })
  const attended = { status: 'confirmed' as const, attended: true }
  const w: World = {
    nowDay: 19,
    nowTime: '23:30',
    events: [
      // 11 January 23:30 UTC: the 12th in Berlin. 22:30 UTC: still the 11th there.
      { offset: -10, time: '23:30', ...published },
      { offset: -10, time: '22:30', ...published },
      // Later today in Berlin, not begun yet; and one that begins this very minute, where nobody's attendance was taken.
      { offset: 0, time: '09:00', ...published },
      { offset: -1, time: '23:30', ...published },
    ],
    people: [
      // Entered on 12 November: the event's day in UTC is their 60th, in Berlin their 61st: too late.
      person({ entry: { kind: 'eventDay', event: 0, delta: 60, rsvp: attended } }),
      // The same day in UTC, 22:30: in Berlin still their 60th day: it counts.
      person({ entry: { kind: 'eventDay', event: 1, delta: 60, rsvp: attended } }),
      // Entered on the 12th, the day the first event fell on in Berlin (the 11th in UTC): it counts.
      person({ entry: { kind: 'eventDay', event: 0, delta: -1, rsvp: attended } }),
      // Entered today; the meeting later today has not begun.
      person({
        entry: { kind: 'eventDay', event: 2, delta: 0, rsvp: { status: 'confirmed', attended: false } },
      }),
      // Confirmed for the event beginning now, which took no attendance: it counts.
      person({
        entry: { kind: 'eventDay', event: 3, delta: 0, rsvp: { status: 'confirmed', attended: false } },
      }),
      // The welcome call (7 days) is due today: not yet in the base; due yesterday: in it.
      person({ entry: { kind: 'contactDue', rel: 0 } }),
      person({ entry: { kind: 'contactDue', rel: -1 } }),
      // Their 60th day is today: the window is still open; the 61st: it is over.
      person({ entry: { kind: 'daysAgo', n: 60 } }),
      person({ entry: { kind: 'daysAgo', n: 61 } }),
      // Due today and reached today: in time.
      person({
        entry: { kind: 'contactDue', rel: 0 },
        contacts: [{ outcome: 'reached', day: { afterDue: 0 } }],
      }),
    ],
    period: null,
  }
  const { states, eventAt } = await build(w, now)
  const today = berlinDay(now)
  expect(today).toBe('2026-01-21')
  const expected: BenchmarkCounts = {
    people: 10,
    reached: 1,
    medianDays: 7,
    contactBase: 7,
    reachedInTime: 1,
    withBuddy: 0,
    eventBase: 5,
    atEvent: 3,
  }
  expect(plainCounts(plainFacts(w, now, eventAt).facts, today)).toEqual(expected)
  const { total } = await repo.benchmarkCounts(db(), {
    path: states[0]!.path,
    groupBy: 'district',
    ...periodOf({}, now),
    today,
    now,
  })
  expect(total).toEqual(expected)
})
