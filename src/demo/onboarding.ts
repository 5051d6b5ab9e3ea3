import { randomUUID } from 'node:crypto'
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm'
import { users } from '../domains/accounts/index.js'
import { eventHosts, eventRsvps, events, expandMonthly } from '../domains/events/index.js'
import { members } from '../domains/members/index.js'
import {
  defaultStandard,
  interestTopics,
  onboardingContacts,
  onboardingPipelines,
  onboardingPlanSteps,
  onboardingQuestionnaires,
  onboardingStepOptOuts,
  onboardingSteps,
  onboardingWelcomeTexts,
  startOnboarding,
} from '../domains/onboarding/index.js'
import { type OrgUnit, orgUnits } from '../domains/org-units/index.js'
import { queryRows } from '../platform/db/query.js'
import type { DbOrTx } from '../platform/db/types.js'
import { addDays, daysBetween, localDay, sqlTimeZone } from '../platform/time.js'
import { insertMany } from './insert-many.js'
import { demoMemberNumber, type Random, seededRandom } from './people.js'
import { lookupDemoUnit } from './units.js'

const THURINGIA = '16'
const SAALE_ORLA = '16075'
/** How long ago the board's own KV's new members joined, in days: a queue with something in every state. */
const saaleOrlaAges = [0, 2, 5, 9, 13, 24, 41, 70, 118]

type Closure = {
  pipelineId: string
  position: number
  status: 'done' | 'skipped'
  closedAt: Date
  eventId?: string | null
}

/** The steps of these pipelines: their plans' steps with the due dates. */
async function stepsOf(tx: DbOrTx, pipelines: (typeof onboardingPipelines.$inferSelect)[]) {
  if (pipelines.length === 0) return []
  const planSteps = await tx
    .select()
    .from(onboardingPlanSteps)
    .where(inArray(onboardingPlanSteps.planId, [...new Set(pipelines.map((p) => p.planId))]))
  return pipelines.flatMap((p) =>
    planSteps
      .filter((s) => s.planId === p.planId)
      .map((s) => ({
        pipelineId: p.id,
        position: s.position,
        kind: s.kind,
        dueOn: addDays(p.enteredOn, s.dueDays),
      })),
  )
}

/**
 * New-member onboarding in the demo: every state works by a standard (Thüringen with its own call
 * deadline and an extra step), Saale-Orla adds a step, leaves one out and words its welcome mail;
 * generated members of Thüringen's KVs and of a few KVs in every other state become recent entrants
 * with pipelines in every stage (reached or not, buddies, answered questionnaires, past new-member
 * meetings they came to), so the queue and the comparison look real. The demo member account is a new
 * member of Saale-Orla with the questionnaire still open, and the board account is their buddy.
 */
export async function seedDemoOnboarding(tx: DbOrTx, now: Date) {
  const random = seededRandom(20260808)
  const today = localDay(now)
  const states = await tx
    .select()
    .from(orgUnits)
    .where(eq(orgUnits.kind, 'state'))
    .orderBy(asc(orgUnits.name))
  const thuringia = states.find((s) => s.ags === THURINGIA)
  const saaleOrla = await lookupDemoUnit(tx, { kind: 'district', ags: SAALE_ORLA })

  await seedStandards(tx, states, thuringia, saaleOrla)

  // Recent entrants: every KV of Thüringen, two KVs of each other state and the three city districts.
  const chosen: { kv: OrgUnit; ages: number[] }[] = []
  const allKvs = await tx
    .select()
    .from(orgUnits)
    .where(eq(orgUnits.kind, 'district'))
    .orderBy(asc(orgUnits.name))
  for (const state of states) {
    const kvs = allKvs.filter((kv) => kv.path.startsWith(state.path))
    const picked = state.id === thuringia?.id ? kvs : kvs.filter((k, i) => i < 2 || k.kreisType === null)
    for (const kv of picked) {
      const ages =
        kv.id === saaleOrla?.id
          ? saaleOrlaAges
          : Array.from({ length: random.int(state.id === thuringia?.id ? 3 : 2, 9) }, () =>
              random.int(0, 150),
            )
      chosen.push({ kv, ages })
    }
  }
  const entrants = await redateEntrants(tx, chosen, today)
  const demoMember = await memberByEmail(tx, 'member@demo.example.org')
  const board = await memberByEmail(tx, 'board@demo.example.org')
  if (demoMember)
    await tx
      .update(members)
      .set({ enteredOn: addDays(today, -12) })
      .where(eq(members.id, demoMember.id))
  const ids = [...entrants.keys(), ...(demoMember ? [demoMember.id] : [])]
  const starters = await tx
    .select({
      id: members.id,
      homeUnitId: members.homeUnitId,
      enteredOn: members.enteredOn,
      leftOn: members.leftOn,
    })
    .from(members)
    .where(inArray(members.id, ids))
  await startOnboarding(tx, undefined, starters, now, { since: addDays(today, -180) })
  // The demo party has run the platform for a while: each new member was imported on the day they joined.
  await tx.execute(
    sql`update onboarding_pipelines set created_at = (entered_on + time '09:00') at time zone ${sqlTimeZone}
        where entered_on < ${today}::date`,
  )

  const quality = new Map(
    chosen.map((c) => [c.kv.id, c.kv.id === saaleOrla?.id ? 0.7 : 0.3 + random.next() * 0.65]),
  )
  const meetings = await seedPastMeetings(
    tx,
    chosen.map((c) => c.kv),
    now,
  )
  await seedProgress(tx, random, now, { entrants, quality, meetings, skip: demoMember?.id })
  if (demoMember && board) await seedDemoMember(tx, now, demoMember.id, board.id)
}

async function memberByEmail(tx: DbOrTx, email: string) {
  const [row] = await tx.select().from(members).where(eq(members.email, email))
  return row
}

async function seedStandards(tx: DbOrTx, states: OrgUnit[], thuringia?: OrgUnit, saaleOrla?: OrgUnit) {
  const rows = states.flatMap((state) =>
    defaultStandard.map((s) => ({
      ...s,
      unitId: state.id,
      dueDays: state.id === thuringia?.id && s.kind === 'welcome_call' ? 5 : s.dueDays,
    })),
  )
  if (thuringia)
    rows.push({
      kind: 'custom',
      title: 'Einladung zur Basisgruppe vor Ort',
      dueDays: 30,
      mandatory: false,
      position: 7,
      unitId: thuringia.id,
    })
  const inserted = await tx.insert(onboardingSteps).values(rows).returning()
  if (!saaleOrla) return
  await tx.insert(onboardingSteps).values({
    unitId: saaleOrla.id,
    kind: 'custom',
    title: 'In die Signal-Gruppe des Kreisverbands aufnehmen',
    dueDays: 3,
    position: 1,
  })
  // Saale-Orla has no local group in every town yet: it leaves the state's "Basisgruppe" step out.
  const basis = inserted.find((s) => s.unitId === thuringia?.id && s.kind === 'custom')
  if (basis) await tx.insert(onboardingStepOptOuts).values({ districtId: saaleOrla.id, stepId: basis.id })
  await tx.insert(onboardingWelcomeTexts).values({
    unitId: saaleOrla.id,
    subject: 'Willkommen im Kreisverband {kv}, {vorname}!',
    body: 'Hallo {vorname},\n\nherzlich willkommen! Wir sind ein kleiner Kreisverband mit großen Plänen, und wir freuen uns sehr, dass du dabei bist.\n\nIn den nächsten Tagen ruft dich jemand aus dem Vorstand an. Am besten lernst du uns beim Neumitgliedertreffen kennen: {termin}\n\nWas interessiert dich? Sag es uns hier: {fragebogen}\n\nSolidarische Grüße aus Pößneck\ndein Kreisvorstand',
  })
}

/** Generated members of the chosen KVs (never the demo accounts) joined as many days ago as listed. */
async function redateEntrants(tx: DbOrTx, chosen: { kv: OrgUnit; ages: number[] }[], today: string) {
  const entrants = new Map<string, { kvId: string; enteredOn: string }>()
  // The first members by number of each chosen KV, as many as it has ages, in one query.
  const firsts = await queryRows<{ id: string; kv_id: string; n: number }>(
    tx,
    sql`select m.id, m.home_unit_id as kv_id, m.n from (
          select id, home_unit_id, row_number() over (partition by home_unit_id order by member_number)::int as n
          from members
          where home_unit_id = any(${sql.param(chosen.map((c) => c.kv.id))}::uuid[])
            and member_number < ${demoMemberNumber(9_000_000)}
        ) m
        join unnest(${sql.param(chosen.map((c) => c.kv.id))}::uuid[], ${sql.param(chosen.map((c) => c.ages.length))}::int[])
          as c(kv_id, wanted) on c.kv_id = m.home_unit_id and m.n <= c.wanted`,
  )
  const byKv = new Map<string, string[]>()
  for (const row of firsts.sort((a, b) => a.n - b.n)) {
    const list = byKv.get(row.kv_id) ?? []
    list.push(row.id)
    byKv.set(row.kv_id, list)
  }
  for (const { kv, ages } of chosen)
    for (const [i, id] of (byKv.get(kv.id) ?? []).entries())
      entrants.set(id, { kvId: kv.id, enteredOn: addDays(today, -ages[i]!) })
  const list = [...entrants]
  await tx.execute(
    sql`update members m set entered_on = v.entered_on
        from unnest(${sql.param(list.map(([id]) => id))}::uuid[], ${sql.param(list.map(([, e]) => e.enteredOn))}::date[])
          as v(id, entered_on)
        where m.id = v.id`,
  )
  return entrants
}

/** A monthly new-member meeting in each KV over the past five months, for the attendance figures. */
async function seedPastMeetings(tx: DbOrTx, kvs: OrgUnit[], now: Date) {
  const occurrences = expandMonthly(
    { ordinal: 1, weekday: 2, startTime: '19:00', endTime: '21:00' },
    new Date(now.getTime() - 160 * 86_400_000),
    6,
  ).filter((o) => o.endsAt < now)
  const out = new Map<string, { id: string; startsAt: Date }[]>()
  let code = 0
  const planned = kvs.flatMap((kv) =>
    occurrences.map((o) => ({
      kv,
      event: {
        ...o,
        id: randomUUID(),
        type: 'neumitgliedertreffen' as const,
        title: `Neumitgliedertreffen ${kv.name}`,
        audience: 'own_members' as const,
        status: 'published' as const,
        checkInCode: `NM${String(++code).padStart(4, '0')}`,
      },
    })),
  )
  if (planned.length === 0) return out
  await tx.insert(events).values(planned.map((p) => p.event))
  await tx.insert(eventHosts).values(planned.map((p) => ({ eventId: p.event.id, unitId: p.kv.id })))
  for (const { kv, event } of planned) {
    const list = out.get(kv.id) ?? []
    list.push({ id: event.id, startsAt: event.startsAt })
    out.set(kv.id, list)
  }
  return out
}

/** A time on a day after entry, never later than now. */
const dayTime = (enteredOn: string, days: number, now: Date) =>
  new Date(Math.min(now.getTime(), Date.parse(`${addDays(enteredOn, days)}T09:00:00Z`)))

async function seedProgress(
  tx: DbOrTx,
  random: Random,
  now: Date,
  opts: {
    entrants: Map<string, { kvId: string; enteredOn: string }>
    quality: Map<string, number>
    meetings: Map<string, { id: string; startsAt: Date }[]>
    skip: string | undefined
  },
) {
  const today = localDay(now)
  const memberIds = [...opts.entrants.keys()].filter((id) => id !== opts.skip)
  if (memberIds.length === 0) return
  const pipelines = await tx
    .select()
    .from(onboardingPipelines)
    .where(inArray(onboardingPipelines.memberId, memberIds))
  const steps = await stepsOf(tx, pipelines)
  // Buddies come from the KV's longer-standing members.
  const kvIds = [...new Set([...opts.entrants.values()].map((e) => e.kvId))]
  const veterans = await tx
    .select({ id: members.id, kvId: members.homeUnitId })
    .from(members)
    .where(and(inArray(members.homeUnitId, kvIds), lt(members.enteredOn, addDays(today, -365))))

  const closures: Closure[] = []
  const contacts: (typeof onboardingContacts.$inferInsert)[] = []
  const buddies: { id: string; buddy: string; at: Date }[] = []
  const answers: (typeof onboardingQuestionnaires.$inferInsert)[] = []
  const attendees: { memberId: string; eventId: string; at: Date }[] = []

  for (const p of pipelines) {
    const { kvId } = opts.entrants.get(p.memberId)!
    const q = opts.quality.get(kvId) ?? 0.5
    const age = daysBetween(p.enteredOn, today)
    const at = (days: number) => dayTime(p.enteredOn, Math.min(days, age), now)
    const own = steps.filter((s) => s.pipelineId === p.id)
    const close = (kind: string, days: number, status: Closure['status'] = 'done', eventId?: string) => {
      const step = own.find((s) => s.kind === kind)
      if (step) closures.push({ ...step, status, closedAt: at(days), eventId: eventId ?? null })
    }
    if (age >= 1) close('welcome_mail', 0)
    // The call: reached after a number of days that grows as the KV's care shrinks; some never, yet.
    const reachedAfter = 1 + Math.floor(random.next() * (2 + (1 - q) * 20))
    if (random.next() < q + 0.1 && reachedAfter <= age) {
      if (random.next() < 0.4 && reachedAfter > 1)
        contacts.push({
          pipelineId: p.id,
          outcome: 'not_reached',
          attemptedOn: addDays(p.enteredOn, reachedAfter - 1),
        })
      contacts.push({ pipelineId: p.id, outcome: 'reached', attemptedOn: addDays(p.enteredOn, reachedAfter) })
      close('welcome_call', reachedAfter)
    } else if (age >= 3 && random.next() < 0.5) {
      contacts.push({
        pipelineId: p.id,
        outcome: 'call_back',
        attemptedOn: addDays(p.enteredOn, Math.min(2, age)),
        callBackOn: addDays(today, random.int(1, 4)),
        note: random.pick([
          'Bittet um Rückruf nach 18 Uhr.',
          'Nur Mailbox erreicht; neuer Versuch am Wochenende.',
        ]),
      })
    }
    if (age >= 10 && random.next() < q) {
      const candidates = veterans.filter((v) => v.kvId === kvId)
      if (candidates.length > 0) {
        buddies.push({ id: p.id, buddy: random.pick(candidates).id, at: at(random.int(4, 14)) })
        close('buddy', random.int(4, 14))
      }
    }
    if (age >= 6 && random.next() < q + 0.1) close('meeting_invitation', random.int(2, 6))
    for (const s of own.filter((x) => x.kind === 'custom')) {
      const due = daysBetween(p.enteredOn, s.dueOn)
      if (age >= due && random.next() < q + 0.2)
        closures.push({ ...s, status: 'done', closedAt: at(Math.max(0, due - random.int(0, 2))) })
    }
    if (age >= 12 && random.next() < q * 0.7) {
      const interests = interestTopics.filter(() => random.next() < 0.3)
      answers.push({
        pipelineId: p.id,
        interests: interests.length > 0 ? interests : ['social'],
        hoursPerMonth: random.pick([2, 4, 5, 8, 10]),
        evenings: random.next() < 0.7,
        weekends: random.next() < 0.5,
        message: random.pick([
          'Ich würde gern beim Wahlkampf mithelfen.',
          'Erst einmal reinschnuppern und Leute kennenlernen.',
          'Ich kenne mich mit Social Media aus.',
          null,
        ]),
        answeredAt: at(random.int(5, 12)),
      })
      close('questionnaire', random.int(5, 12))
    }
    const meeting = (opts.meetings.get(kvId) ?? []).find(
      (m) =>
        m.startsAt < now &&
        daysBetween(p.enteredOn, localDay(m.startsAt)) >= 0 &&
        daysBetween(p.enteredOn, localDay(m.startsAt)) <= 60,
    )
    if (meeting && random.next() < q * 0.9) {
      attendees.push({ memberId: p.memberId, eventId: meeting.id, at: meeting.startsAt })
      if (age >= 30) close('first_activity', daysBetween(p.enteredOn, localDay(meeting.startsAt)))
    }
  }

  if (contacts.length > 0) await tx.insert(onboardingContacts).values(contacts)
  if (answers.length > 0) await tx.insert(onboardingQuestionnaires).values(answers)
  await closeSteps(tx, closures)
  if (buddies.length > 0)
    await tx.execute(
      sql`update onboarding_pipelines p set buddy_member_id = v.buddy, buddy_assigned_at = v.at
          from unnest(${sql.param(buddies.map((b) => b.id))}::uuid[], ${sql.param(buddies.map((b) => b.buddy))}::uuid[],
                      ${sql.param(buddies.map((b) => b.at.toISOString()))}::timestamptz[]) as v(id, buddy, at)
          where p.id = v.id`,
    )
  await seedAttendance(tx, attendees)
}

async function closeSteps(tx: DbOrTx, closures: Closure[]) {
  if (closures.length === 0) return
  await insertMany(
    tx,
    'onboarding_step_progress',
    [
      ['pipeline_id', 'uuid'],
      ['position', 'integer'],
      ['status', 'text'],
      ['closed_at', 'timestamptz'],
      ['event_id', 'uuid'],
    ],
    closures.map((c) => [c.pipelineId, c.position, c.status, c.closedAt, c.eventId ?? null]),
  )
}

/** New members who came to a meeting get an account (by e-mail link, no password) and a confirmed, attended RSVP. */
async function seedAttendance(tx: DbOrTx, attendees: { memberId: string; eventId: string; at: Date }[]) {
  if (attendees.length === 0) return
  const people = await tx
    .select()
    .from(members)
    .where(
      inArray(
        members.id,
        attendees.map((a) => a.memberId),
      ),
    )
  const accounts = await tx
    .insert(users)
    .values(
      people
        .filter((m) => m.email)
        .map((m) => ({ email: m.email!, displayName: `${m.firstName} ${m.lastName}`, memberId: m.id })),
    )
    .onConflictDoNothing()
    .returning({ id: users.id, memberId: users.memberId })
  const rsvps = attendees.flatMap((a) => {
    const account = accounts.find((u) => u.memberId === a.memberId)
    return account
      ? [
          {
            eventId: a.eventId,
            userId: account.id,
            status: 'confirmed' as const,
            confirmedAt: a.at,
            attendedAt: a.at,
            queuedAt: a.at,
          },
        ]
      : []
  })
  if (rsvps.length > 0) await tx.insert(eventRsvps).values(rsvps)
}

/** The demo member: welcomed, called, given the board member as buddy and invited; the questionnaire is theirs to answer. */
async function seedDemoMember(tx: DbOrTx, now: Date, memberId: string, buddyId: string) {
  const [pipeline] = await tx
    .select()
    .from(onboardingPipelines)
    .where(eq(onboardingPipelines.memberId, memberId))
  if (!pipeline) return
  const steps = await stepsOf(tx, [pipeline])
  const [next] = await tx
    .select({ id: events.id })
    .from(events)
    .innerJoin(eventHosts, eq(eventHosts.eventId, events.id))
    .innerJoin(orgUnits, eq(orgUnits.id, eventHosts.unitId))
    .where(
      and(
        eq(events.type, 'neumitgliedertreffen'),
        eq(orgUnits.ags, SAALE_ORLA),
        sql`${events.startsAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(events.startsAt))
    .limit(1)
  const at = (days: number) => dayTime(pipeline.enteredOn, days, now)
  const closures: Closure[] = []
  for (const s of steps) {
    if (s.kind === 'welcome_mail') closures.push({ ...s, status: 'done', closedAt: at(0) })
    if (s.kind === 'welcome_call') closures.push({ ...s, status: 'done', closedAt: at(2) })
    if (s.kind === 'custom') closures.push({ ...s, status: 'done', closedAt: at(2) })
    if (s.kind === 'buddy') closures.push({ ...s, status: 'done', closedAt: at(4) })
    if (s.kind === 'meeting_invitation' && next)
      closures.push({ ...s, status: 'done', closedAt: at(5), eventId: next.id })
  }
  await closeSteps(tx, closures)
  await tx.insert(onboardingContacts).values([
    { pipelineId: pipeline.id, outcome: 'not_reached', attemptedOn: addDays(pipeline.enteredOn, 1) },
    {
      pipelineId: pipeline.id,
      outcome: 'reached',
      attemptedOn: addDays(pipeline.enteredOn, 2),
      note: 'Freut sich aufs Neumitgliedertreffen, hat Kinder: Kinderbetreuung angesprochen.',
    },
  ])
  await tx
    .update(onboardingPipelines)
    .set({ buddyMemberId: buddyId, buddyAssignedAt: at(4) })
    .where(eq(onboardingPipelines.id, pipeline.id))
}
