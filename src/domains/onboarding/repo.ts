import { and, asc, desc, eq, ilike, inArray, isNull, like, ne, or, type SQL, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { sqlLocalDay } from '../../platform/time.js'
import { users } from '../accounts/tables.js'
import { events } from '../events/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { consents, skills, VOLUNTEER_POOL_PURPOSE } from '../volunteers/tables.js'
import type { BenchmarkCounts } from './benchmark.js'
import { DEFAULT_CONTACT_DAYS } from './standard.js'
import {
  type ClosedStatus,
  type ContactOutcome,
  onboardingContacts,
  onboardingPipelines,
  onboardingPlanSteps,
  onboardingPlans,
  onboardingQuestionnaires,
  onboardingStepOptOuts,
  onboardingStepProgress,
  onboardingSteps,
  onboardingWelcomeTexts,
  type PipelineStep,
  type StepKind,
} from './tables.js'

// ---- units ----

export async function listUnitsByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .select()
    .from(orgUnits)
    .where(inArray(orgUnits.id, [...ids]))
}

/** The units of one kind at or below a path, by name. */
export async function listUnitsUnder(db: DbOrTx, path: string, kind: 'state' | 'district') {
  return db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, kind), isNull(orgUnits.dissolvedAt), like(orgUnits.path, `${path}%`)))
    .orderBy(asc(orgUnits.name))
}

// ---- standards ----

export async function listStepsOfUnits(db: DbOrTx, unitIds: readonly string[]) {
  if (unitIds.length === 0) return []
  return db
    .select()
    .from(onboardingSteps)
    .where(inArray(onboardingSteps.unitId, [...unitIds]))
    .orderBy(asc(onboardingSteps.position), asc(onboardingSteps.createdAt))
}

export async function listOptOuts(db: DbOrTx, districtIds: readonly string[]) {
  if (districtIds.length === 0) return []
  return db
    .select()
    .from(onboardingStepOptOuts)
    .where(inArray(onboardingStepOptOuts.districtId, [...districtIds]))
}

export async function findStep(db: DbOrTx, id: string) {
  const [row] = await db.select().from(onboardingSteps).where(eq(onboardingSteps.id, id))
  return row
}

export async function insertSteps(db: DbOrTx, rows: (typeof onboardingSteps.$inferInsert)[]) {
  if (rows.length === 0) return []
  return db.insert(onboardingSteps).values(rows).returning()
}

export async function deleteStep(db: DbOrTx, id: string) {
  await db.delete(onboardingSteps).where(eq(onboardingSteps.id, id))
}

/** Takes an exclusive lock on a unit's standard, so two editors cannot both add the same kind of step. */
export async function lockStandard(db: DbOrTx, unitId: string) {
  await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, unitId)).for('update')
}

export async function insertOptOut(db: DbOrTx, values: typeof onboardingStepOptOuts.$inferInsert) {
  const rows = await db.insert(onboardingStepOptOuts).values(values).onConflictDoNothing().returning()
  return rows.length > 0
}

export async function deleteOptOut(db: DbOrTx, districtId: string, stepId: string) {
  const rows = await db
    .delete(onboardingStepOptOuts)
    .where(and(eq(onboardingStepOptOuts.districtId, districtId), eq(onboardingStepOptOuts.stepId, stepId)))
    .returning()
  return rows.length > 0
}

export async function listWelcomeTexts(db: DbOrTx, unitIds: readonly string[]) {
  if (unitIds.length === 0) return []
  return db
    .select()
    .from(onboardingWelcomeTexts)
    .where(inArray(onboardingWelcomeTexts.unitId, [...unitIds]))
}

export async function upsertWelcomeText(db: DbOrTx, values: typeof onboardingWelcomeTexts.$inferInsert) {
  await db
    .insert(onboardingWelcomeTexts)
    .values(values)
    .onConflictDoUpdate({
      target: onboardingWelcomeTexts.unitId,
      set: {
        subject: values.subject,
        body: values.body,
        updatedById: values.updatedById,
        updatedAt: values.updatedAt,
      },
    })
}

// ---- pipelines ----

export type StepTemplate = {
  position: number
  kind: StepKind
  title: string | null
  dueDays: number
  mandatory: boolean
}

/**
 * The plan of each KV for these steps: an existing one with the same steps, or a new one. Set-based:
 * one insert for the plans that are new, one for their steps, one read for all ids.
 */
export async function ensurePlans(
  db: DbOrTx,
  wanted: readonly { unitId: string; stepsKey: string; steps: readonly StepTemplate[] }[],
  now: Date,
) {
  if (wanted.length === 0) return new Map<string, string>()
  const created = await db
    .insert(onboardingPlans)
    .values(wanted.map((w) => ({ unitId: w.unitId, stepsKey: w.stepsKey, createdAt: now })))
    .onConflictDoNothing()
    .returning()
  const steps = created.flatMap((plan) =>
    (wanted.find((w) => w.unitId === plan.unitId && w.stepsKey === plan.stepsKey)?.steps ?? []).map((s) => ({
      ...s,
      planId: plan.id,
    })),
  )
  if (steps.length > 0) await db.insert(onboardingPlanSteps).values(steps)
  const all = await db
    .select({ id: onboardingPlans.id, unitId: onboardingPlans.unitId, stepsKey: onboardingPlans.stepsKey })
    .from(onboardingPlans)
    .where(
      or(
        ...wanted.map((w) =>
          and(eq(onboardingPlans.unitId, w.unitId), eq(onboardingPlans.stepsKey, w.stepsKey)),
        ),
      ),
    )
  return new Map(all.map((p) => [p.unitId, p.id]))
}

/** A member who starts a pipeline, on the plan of their KV, from the day they entered. */
export type Starter = { memberId: string; planId: string; enteredOn: string }

/**
 * Starts the pipelines of these members (those who have none yet): one row each, in one statement,
 * the members travelling as arrays. The steps are their plan's, so nothing else is written.
 */
export async function insertPipelines(db: DbOrTx, starters: readonly Starter[], now: Date) {
  const [row] = await queryRows<{ pipelines: number }>(
    db,
    sql`with started as (
          insert into onboarding_pipelines (member_id, plan_id, entered_on, created_at)
          select member_id, plan_id, entered_on, ${now.toISOString()}::timestamptz
          from unnest(${sql.param(starters.map((s) => s.memberId))}::uuid[],
            ${sql.param(starters.map((s) => s.planId))}::uuid[], ${sql.param(starters.map((s) => s.enteredOn))}::date[])
            as f(member_id, plan_id, entered_on)
          on conflict (member_id) do nothing
          returning 1
        )
        select count(*)::int as pipelines from started`,
  )
  return row?.pipelines ?? 0
}

const buddies = alias(members, 'buddy')

const pipelineColumns = {
  pipeline: onboardingPipelines,
  member: {
    id: members.id,
    firstName: members.firstName,
    lastName: members.lastName,
    email: members.email,
    phone: members.phone,
    memberNumber: members.memberNumber,
    leftOn: members.leftOn,
  },
  kv: { id: orgUnits.id, name: orgUnits.name, path: orgUnits.path, kind: orgUnits.kind },
  buddy: { id: buddies.id, firstName: buddies.firstName, lastName: buddies.lastName },
}

function pipelinesQuery(db: DbOrTx) {
  return db
    .select(pipelineColumns)
    .from(onboardingPipelines)
    .innerJoin(members, eq(members.id, onboardingPipelines.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .leftJoin(buddies, eq(buddies.id, onboardingPipelines.buddyMemberId))
}

export type PipelineRow = Awaited<ReturnType<typeof findPipeline>> & {}

/** A pipeline with its member, the member's current KV and the buddy. */
export async function findPipeline(db: DbOrTx, id: string) {
  const [row] = await pipelinesQuery(db).where(eq(onboardingPipelines.id, id))
  return row
}

export async function findPipelineOfMember(db: DbOrTx, memberId: string) {
  const [row] = await pipelinesQuery(db).where(eq(onboardingPipelines.memberId, memberId))
  return row
}

export async function lockPipeline(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: onboardingPipelines.id })
    .from(onboardingPipelines)
    .where(eq(onboardingPipelines.id, id))
    .for('update')
  return row
}

/**
 * The day a step of pipeline `p` is due, `days` after joining. A member imported after that day (the import came
 * late) gets the same number of days from the import instead: a step cannot be overdue on the day it appears.
 */
const dueAfter = (days: SQL) =>
  sql`(case when p.entered_on + ${days} < ${sqlLocalDay(sql`p.created_at`)}
    then ${sqlLocalDay(sql`p.created_at`)} + ${days} else p.entered_on + ${days} end)`
const stepDue = dueAfter(sql`ps.due_days`)

/**
 * When the member of pipeline `p` first took part after joining: a confirmed or attended RSVP for an event from the
 * day of joining on, or a sign-up for a help shift (not cancelled) made since. It closes the first-activity step by
 * itself; null while there is none.
 */
const firstActivityAt = sql`least(
    (select min(coalesce(r.confirmed_at, r.attended_at, r.created_at)) from users a
      join event_rsvps r on r.user_id = a.id join events e on e.id = r.event_id
      where a.member_id = p.member_id and (r.status = 'confirmed' or r.attended_at is not null)
        and ${sqlLocalDay(sql`e.starts_at`)} >= p.entered_on),
    (select min(s.created_at) from help_signups s
      where s.member_id = p.member_id and s.status <> 'cancelled'
        and ${sqlLocalDay(sql`s.created_at`)} >= p.entered_on))`
/** A step nobody has closed, and which did not close itself. */
const stepOpen = sql`not exists (select 1 from onboarding_step_progress pr
    where pr.pipeline_id = p.id and pr.position = ps.position)
  and not (ps.kind = 'first_activity' and ${firstActivityAt} is not null)`

/** The pipelines of a KV's current members (those who left are not in the queue). */
export async function listQueue(db: DbOrTx, kvId: string) {
  return pipelinesQuery(db)
    .where(and(eq(members.homeUnitId, kvId), isNull(members.leftOn)))
    .orderBy(desc(onboardingPipelines.enteredOn), asc(members.lastName))
}

/** The steps of pipelines: their plan's steps, with the due date and the progress of each. */
export async function listPipelineSteps(db: DbOrTx, pipelineIds: readonly string[]): Promise<PipelineStep[]> {
  if (pipelineIds.length === 0) return []
  const rows = await queryRows<Omit<PipelineStep, 'closedAt'> & { closedAt: string | Date | null }>(
    db,
    sql`select p.id as "pipelineId", ps.position, ps.kind, ps.title, ${stepDue}::text as "dueOn",
          ps.mandatory, coalesce(pr.status, case when auto.at is not null then 'done' else 'open' end) as status,
          coalesce(pr.closed_at, auto.at) as "closedAt", pr.closed_by_id as "closedById", pr.event_id as "eventId",
          (pr.status is null and auto.at is not null) as automatic
        from onboarding_pipelines p
        join onboarding_plan_steps ps on ps.plan_id = p.plan_id
        left join onboarding_step_progress pr on pr.pipeline_id = p.id and pr.position = ps.position
        left join lateral (select case when ps.kind = 'first_activity' then ${firstActivityAt} end as at) auto on true
        where p.id = any(${sql.param([...pipelineIds])}::uuid[])
        order by ${stepDue}, ps.position`,
  )
  return rows.map((r) => ({ ...r, closedAt: r.closedAt === null ? null : new Date(r.closedAt) }))
}

export async function findPipelineStep(db: DbOrTx, pipelineId: string, position: number) {
  return (await listPipelineSteps(db, [pipelineId])).find((s) => s.position === position)
}

/** Closes an open step; false when it was closed already. */
export async function closeStep(
  db: DbOrTx,
  pipelineId: string,
  position: number,
  status: ClosedStatus,
  by: string | null,
  now: Date,
) {
  const rows = await db
    .insert(onboardingStepProgress)
    .values({ pipelineId, position, status, closedAt: now, closedById: by })
    .onConflictDoNothing()
    .returning()
  return rows.length > 0
}

/** Opens a closed step again; false when it was open. */
export async function reopenStep(db: DbOrTx, pipelineId: string, position: number) {
  const rows = await db
    .delete(onboardingStepProgress)
    .where(
      and(eq(onboardingStepProgress.pipelineId, pipelineId), eq(onboardingStepProgress.position, position)),
    )
    .returning()
  return rows.length > 0
}

/** Closes the open step of a kind in a pipeline, when there is one (a reached call, an assigned buddy, …). */
export async function closeOpenStepOfKind(
  db: DbOrTx,
  pipelineId: string,
  kind: StepKind,
  by: string | null,
  now: Date,
) {
  return queryRows<{ position: number }>(
    db,
    sql`insert into onboarding_step_progress (pipeline_id, position, status, closed_at, closed_by_id)
        select p.id, ps.position, 'done', ${now.toISOString()}::timestamptz, ${by}::uuid
        from onboarding_pipelines p join onboarding_plan_steps ps on ps.plan_id = p.plan_id and ps.kind = ${kind}
        where p.id = ${pipelineId}::uuid
        on conflict do nothing
        returning position`,
  )
}

export async function listContacts(db: DbOrTx, pipelineIds: readonly string[]) {
  if (pipelineIds.length === 0) return []
  return db
    .select({ contact: onboardingContacts, recordedBy: users.displayName })
    .from(onboardingContacts)
    .leftJoin(users, eq(users.id, onboardingContacts.recordedById))
    .where(inArray(onboardingContacts.pipelineId, [...pipelineIds]))
    .orderBy(desc(onboardingContacts.attemptedOn), desc(onboardingContacts.createdAt))
}

export async function insertContact(
  db: DbOrTx,
  values: {
    pipelineId: string
    outcome: ContactOutcome
    attemptedOn: string
    callBackOn: string | null
    note: string | null
    recordedById: string
    createdAt: Date
  },
) {
  const [row] = await db.insert(onboardingContacts).values(values).returning()
  return row!
}

export async function setBuddy(db: DbOrTx, pipelineId: string, buddyMemberId: string, now: Date) {
  await db
    .update(onboardingPipelines)
    .set({ buddyMemberId, buddyAssignedAt: now })
    .where(eq(onboardingPipelines.id, pipelineId))
}

/** A current member of the KV, to be someone's buddy. */
export async function findKvMember(db: DbOrTx, kvId: string, memberId: string) {
  const [row] = await db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.homeUnitId, kvId), isNull(members.leftOn)))
  return row
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Members of the KV whose name contains the text, for the buddy search; never the new member themselves. */
export async function searchKvMembers(db: DbOrTx, kvId: string, exceptId: string, query: string, limit = 20) {
  const pattern = `%${escapeLike(query)}%`
  const where: SQL[] = [eq(members.homeUnitId, kvId), isNull(members.leftOn), ne(members.id, exceptId)]
  if (query) where.push(or(ilike(members.firstName, pattern), ilike(members.lastName, pattern))!)
  return db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
    .from(members)
    .where(and(...where))
    .orderBy(asc(members.lastName), asc(members.firstName))
    .limit(limit)
}

/** How many new members each buddy already accompanies, for the candidates shown. */
export async function countBuddyships(db: DbOrTx, memberIds: readonly string[]) {
  if (memberIds.length === 0) return new Map<string, number>()
  const rows = await db
    .select({ id: onboardingPipelines.buddyMemberId, n: sql<number>`count(*)::int` })
    .from(onboardingPipelines)
    .where(inArray(onboardingPipelines.buddyMemberId, [...memberIds]))
    .groupBy(onboardingPipelines.buddyMemberId)
  return new Map(rows.map((r) => [r.id!, Number(r.n)]))
}

/** Open and overdue pipelines per KV, for the overview of a state office. */
export async function countOpenByKv(db: DbOrTx, kvIds: readonly string[], today: string) {
  if (kvIds.length === 0) return []
  return queryRows<{ kvId: string; open: number; overdue: number }>(
    db,
    sql`select m.home_unit_id as "kvId",
          count(distinct p.id)::int as open,
          count(distinct p.id) filter (where ${stepDue} < ${today}::date)::int as overdue
        from onboarding_pipelines p
        join members m on m.id = p.member_id and m.left_on is null
        join onboarding_plan_steps ps on ps.plan_id = p.plan_id
        where m.home_unit_id = any(${sql.param([...kvIds])}::uuid[]) and ${stepOpen}
        group by m.home_unit_id`,
  )
}

// ---- questionnaire ----

export async function findQuestionnaire(db: DbOrTx, pipelineId: string) {
  const [row] = await db
    .select()
    .from(onboardingQuestionnaires)
    .where(eq(onboardingQuestionnaires.pipelineId, pipelineId))
  return row
}

export async function insertQuestionnaire(db: DbOrTx, values: typeof onboardingQuestionnaires.$inferInsert) {
  const rows = await db.insert(onboardingQuestionnaires).values(values).onConflictDoNothing().returning()
  return rows[0]
}

/** The pool's skills on offer (not retired). */
export async function listSkills(db: DbOrTx) {
  return db
    .select({ id: skills.id, name: skills.name })
    .from(skills)
    .where(isNull(skills.retiredAt))
    .orderBy(asc(skills.sortOrder), asc(skills.name))
}

export async function countSkills(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return 0
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(skills)
    .where(and(inArray(skills.id, [...ids]), isNull(skills.retiredAt)))
  return Number(row?.n ?? 0)
}

/** Whether the member is in the volunteer pool right now (a current consent). */
export async function hasPoolConsent(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({ id: consents.id })
    .from(consents)
    .where(
      and(
        eq(consents.memberId, memberId),
        eq(consents.purpose, VOLUNTEER_POOL_PURPOSE),
        isNull(consents.withdrawnAt),
      ),
    )
  return !!row
}

// ---- mails ----

export type MailClaim = {
  pipelineId: string
  position: number
  memberId: string
  firstName: string
  lastName: string
  email: string
  kvId: string
  kvName: string
  stateId: string | null
}

type ClaimFilter = {
  pipelineId?: string
  dueBy?: string
  enteredSince?: string
  withMeeting?: Date
  limit?: number
}

/** A published new-member meeting ahead, of the KV `u` or, for the whole state or the public, of its state. */
const meetingAhead = (now: Date) =>
  sql`exists (select 1 from events e join event_hosts h on h.event_id = e.id
      where e.type = 'neumitgliedertreffen' and e.status = 'published'
        and e.starts_at > ${now.toISOString()}::timestamptz
        and (h.unit_id = u.id or (h.unit_id = u.parent_id and e.audience in ('state', 'public'))))`

/**
 * Open steps of a kind whose member is still a member and has an e-mail address, their pipelines locked
 * for this transaction; a second sender running at the same time skips them.
 */
export async function lockOpenMailSteps(db: DbOrTx, kind: StepKind, filter: ClaimFilter) {
  const where: SQL[] = [
    sql`not exists (select 1 from onboarding_step_progress pr where pr.pipeline_id = p.id and pr.position = ps.position)`,
  ]
  if (filter.pipelineId) where.push(sql`p.id = ${filter.pipelineId}::uuid`)
  if (filter.enteredSince) where.push(sql`p.entered_on >= ${filter.enteredSince}::date`)
  if (filter.dueBy) where.push(sql`${stepDue} <= ${filter.dueBy}::date`)
  if (filter.withMeeting) where.push(meetingAhead(filter.withMeeting))
  return queryRows<MailClaim>(
    db,
    sql`select p.id as "pipelineId", ps.position, m.id as "memberId", m.first_name as "firstName",
          m.last_name as "lastName", m.email, u.id as "kvId", u.name as "kvName", u.parent_id as "stateId"
        from onboarding_pipelines p
        join onboarding_plan_steps ps on ps.plan_id = p.plan_id and ps.kind = ${kind}
        join members m on m.id = p.member_id and m.left_on is null and m.email is not null
        join org_units u on u.id = m.home_unit_id
        where ${sql.join(where, sql` and `)}
        order by p.entered_on, p.id
        limit ${filter.limit ?? 500}::int
        for update of p skip locked`,
  )
}

/** Records sent steps as done in one statement; the invitation's meeting is kept with its step. */
export async function markSent(
  db: DbOrTx,
  sent: readonly { pipelineId: string; position: number; eventId: string | null }[],
  now: Date,
) {
  if (sent.length === 0) return
  await db.execute(
    sql`insert into onboarding_step_progress (pipeline_id, position, status, closed_at, event_id)
        select v.pipeline_id, v.position, 'done', ${now.toISOString()}::timestamptz, v.event_id
        from unnest(${sql.param(sent.map((x) => x.pipelineId))}::uuid[], ${sql.param(sent.map((x) => x.position))}::int[],
          ${sql.param(sent.map((x) => x.eventId))}::uuid[]) as v(pipeline_id, position, event_id)
        on conflict do nothing`,
  )
}

export type Meeting = { id: string; title: string; startsAt: Date; hostId: string }

/**
 * The next published new-member meeting hosted by each of these units. A state's meeting counts for
 * its KVs only when its audience reaches them (the whole state or the public).
 */
export async function nextMeetings(
  db: DbOrTx,
  kvIds: readonly string[],
  stateIds: readonly string[],
  now: Date,
) {
  const ids = [...kvIds, ...stateIds]
  if (ids.length === 0) return new Map<string, Meeting>()
  const rows = await queryRows<{ id: string; title: string; startsAt: string | Date; hostId: string }>(
    db,
    sql`select distinct on (h.unit_id) e.id, e.title, e.starts_at as "startsAt", h.unit_id as "hostId"
        from events e join event_hosts h on h.event_id = e.id
        where e.type = 'neumitgliedertreffen' and e.status = 'published'
          and e.starts_at > ${now.toISOString()}::timestamptz
          and (h.unit_id = any(${sql.param([...kvIds])}::uuid[])
            or (h.unit_id = any(${sql.param([...stateIds])}::uuid[]) and e.audience in ('state', 'public')))
        order by h.unit_id, e.starts_at, e.id`,
  )
  return new Map(rows.map((r) => [r.hostId, { ...r, startsAt: new Date(r.startsAt) }]))
}

export async function findEventTitle(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: events.id, title: events.title, startsAt: events.startsAt })
    .from(events)
    .where(eq(events.id, id))
  return row
}

// ---- benchmark ----

/**
 * The counts of the benchmark for the pipelines below `path` whose entry date lies in [from, to], grouped
 * by KV or by state, and their total (the row whose unitId is null). See README for what each figure means.
 */
export async function benchmarkCounts(
  db: DbOrTx,
  opts: { path: string; groupBy: 'district' | 'state'; from: string; to: string; today: string; now: Date },
) {
  // '/federal/state/district/': the third part of the path is the state's id.
  const group = opts.groupBy === 'district' ? sql`u.id` : sql`split_part(u.path, '/', 3)::uuid`
  const rows = await queryRows<{
    unitId: string | null
    people: number
    reached: number
    medianDays: number | string | null
    contactBase: number
    reachedInTime: number
    withBuddy: number
    eventBase: number
    atEvent: number
  }>(
    db,
    sql`with facts as (
          select ${group} as unit_id, p.entered_on, p.buddy_member_id is not null as has_buddy,
            (select min(c.attempted_on) from onboarding_contacts c
              where c.pipeline_id = p.id and c.outcome = 'reached') as reached_on,
            p.entered_on + coalesce((select min(ps.due_days) from onboarding_plan_steps ps
              where ps.plan_id = p.plan_id and ps.kind = 'welcome_call'), ${DEFAULT_CONTACT_DAYS}::int) as contact_due,
            exists (
              select 1 from users a
              join event_rsvps r on r.user_id = a.id
              join events e on e.id = r.event_id
              where a.member_id = p.member_id and e.status = 'published'
                and e.starts_at <= ${opts.now.toISOString()}::timestamptz
                and ${sqlLocalDay(sql`e.starts_at`)} between p.entered_on and p.entered_on + 60
                and (r.attended_at is not null or (r.status = 'confirmed' and not exists (
                  select 1 from event_rsvps x where x.event_id = e.id and x.attended_at is not null)))
            ) as at_event
          from onboarding_pipelines p
          join members m on m.id = p.member_id
          join org_units u on u.id = m.home_unit_id
          where u.path like ${`${opts.path}%`} and u.kind = 'district'
            and p.entered_on between ${opts.from}::date and ${opts.to}::date
        )
        select unit_id as "unitId", count(*)::int as people,
          count(reached_on)::int as reached,
          percentile_cont(0.5) within group (order by reached_on - entered_on) as "medianDays",
          count(*) filter (where contact_due < ${opts.today}::date or reached_on <= contact_due)::int as "contactBase",
          count(*) filter (where reached_on <= contact_due)::int as "reachedInTime",
          count(*) filter (where has_buddy)::int as "withBuddy",
          count(*) filter (where entered_on + 60 < ${opts.today}::date or at_event)::int as "eventBase",
          count(*) filter (where at_event)::int as "atEvent"
        from facts
        group by grouping sets ((unit_id), ())`,
  )
  const byUnit = new Map<string, BenchmarkCounts>()
  let total: BenchmarkCounts | undefined
  for (const r of rows) {
    const counts: BenchmarkCounts = {
      people: Number(r.people),
      reached: Number(r.reached),
      medianDays: r.medianDays === null ? null : Number(r.medianDays),
      contactBase: Number(r.contactBase),
      reachedInTime: Number(r.reachedInTime),
      withBuddy: Number(r.withBuddy),
      eventBase: Number(r.eventBase),
      atEvent: Number(r.atEvent),
    }
    if (r.unitId === null) total = counts
    else byUnit.set(r.unitId, counts)
  }
  return { byUnit, total }
}

/** Where a member is written to: the account's address and language, else the member record's address. */
export async function memberContact(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({
      firstName: members.firstName,
      email: sql<string | null>`coalesce(${users.email}, ${members.email})`,
      locale: users.locale,
    })
    .from(members)
    .leftJoin(users, and(eq(users.memberId, members.id), isNull(users.deactivatedAt)))
    .where(eq(members.id, memberId))
  return row
}
