import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { sqlLocalDay } from '../../platform/time.js'
import { partnerStatusesSql } from '../partnerships/tables.js'
import type { ReportMeasure } from './figures.js'
import {
  type BoardReport,
  type BoardReportSection,
  type BoardReportVersion,
  boardReportSections,
  boardReportSettings,
  boardReports,
  boardReportVersions,
  type ReportTexts,
} from './tables.js'

export type Period = { from: string; to: string }

const under = (path: string) => `${path}%`

/** Members whose home KV or local group lies under the unit and who entered in the period. */
export async function countJoined(db: DbOrTx, path: string, period: Period) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from members m
        join org_units u on u.id = coalesce(m.local_unit_id, m.home_unit_id)
        where u.path like ${under(path)} and m.entered_on between ${period.from}::date and ${period.to}::date`,
  )
  return Number(row?.n ?? 0)
}

export type EventCounts = {
  byType: { type: string; n: number }[]
  total: number
  coHosted: number
  childcare: number
  stepFree: number
  attended: number
}

/** Published events hosted by a unit under `path` that began in the period (calendar days in Germany). */
export async function countEvents(db: DbOrTx, path: string, period: Period): Promise<EventCounts> {
  const rows = await queryRows<{
    type: string | null
    n: number
    coHosted: number
    childcare: number
    stepFree: number
    attended: number
  }>(
    db,
    sql`with hosted as (
          select e.id, e.type::text as type, e.inclusion,
            (select count(*) from event_hosts h2 where h2.event_id = e.id) > 1 as co_hosted
          from events e
          where e.status = 'published'
            and ${sqlLocalDay(sql`e.starts_at`)} between ${period.from}::date and ${period.to}::date
            and exists (select 1 from event_hosts h join org_units u on u.id = h.unit_id
                        where h.event_id = e.id and u.path like ${under(path)})
        )
        select type, count(*)::int as n,
          count(*) filter (where co_hosted)::int as "coHosted",
          count(*) filter (where coalesce(inclusion->'childcare', 'null'::jsonb) <> 'null'::jsonb)::int as childcare,
          count(*) filter (where (inclusion->>'stepFree')::boolean is true)::int as "stepFree",
          coalesce(sum((select count(*) from event_rsvps r where r.event_id = hosted.id and r.attended_at is not null)), 0)::int as attended
        from hosted group by grouping sets ((type), ()) order by type nulls first`,
  )
  const total = rows.find((r) => r.type === null)
  return {
    byType: rows.filter((r) => r.type !== null).map((r) => ({ type: r.type!, n: Number(r.n) })),
    total: Number(total?.n ?? 0),
    coHosted: Number(total?.coHosted ?? 0),
    childcare: Number(total?.childcare ?? 0),
    stepFree: Number(total?.stepFree ?? 0),
    attended: Number(total?.attended ?? 0),
  }
}

export type HelpCounts = {
  posted: number
  filled: number
  shifts: number
  givenMinutes: number
  givenPeople: number
  receivedMinutes: number
  receivedPeople: number
  partnersHelped: number
  helpedBy: number
}

/**
 * Help requests of units under `path` posted in the period, those whose every shift is full ("filled"),
 * their shifts in the period, and the help given to and received from units outside `path`. A cancelled
 * shift counts neither as a shift nor against "filled": nobody was needed for it any more.
 */
export async function countHelp(db: DbOrTx, path: string, period: Period): Promise<HelpCounts> {
  const [requests] = await queryRows<{ posted: number; filled: number; shifts: number }>(
    db,
    sql`with posted as (
          select r.id from help_requests r join org_units u on u.id = r.unit_id
          where u.path like ${under(path)} and r.direction = 'request'
            and ${sqlLocalDay(sql`r.created_at`)} between ${period.from}::date and ${period.to}::date
        )
        select (select count(*) from posted)::int as posted,
          (select count(*) from posted p
             where exists (select 1 from help_shifts s where s.request_id = p.id and s.cancelled_at is null)
               and not exists (select 1 from help_shifts s
                 where s.request_id = p.id and s.cancelled_at is null and s.taken < s.capacity))::int as filled,
          (select count(*) from help_shifts s join posted p on p.id = s.request_id
             where s.cancelled_at is null)::int as shifts`,
  )
  const [records] = await queryRows<Record<string, number>>(
    db,
    sql`with rec as (
          select r.*, hu.path like ${under(path)} as gave, du.path like ${under(path)} as got
          from help_records r
          join org_units hu on hu.id = r.helper_unit_id
          join org_units du on du.id = r.helped_unit_id
          where r.helped_on between ${period.from}::date and ${period.to}::date
        )
        select
          coalesce(sum(person_minutes) filter (where gave and not got), 0)::int as "givenMinutes",
          coalesce(sum(people) filter (where gave and not got), 0)::int as "givenPeople",
          coalesce(sum(person_minutes) filter (where got and not gave), 0)::int as "receivedMinutes",
          coalesce(sum(people) filter (where got and not gave), 0)::int as "receivedPeople",
          count(distinct helped_unit_id) filter (where gave and not got)::int as "partnersHelped",
          count(distinct helper_unit_id) filter (where got and not gave)::int as "helpedBy"
        from rec`,
  )
  return {
    posted: Number(requests?.posted ?? 0),
    filled: Number(requests?.filled ?? 0),
    shifts: Number(requests?.shifts ?? 0),
    givenMinutes: Number(records?.givenMinutes ?? 0),
    givenPeople: Number(records?.givenPeople ?? 0),
    receivedMinutes: Number(records?.receivedMinutes ?? 0),
    receivedPeople: Number(records?.receivedPeople ?? 0),
    partnersHelped: Number(records?.partnersHelped ?? 0),
    helpedBy: Number(records?.helpedBy ?? 0),
  }
}

/** Partnerships of the unit itself that both sides agreed to, and how many of them have an agreement. */
export async function countPartnerships(db: DbOrTx, unitId: string) {
  const [row] = await queryRows<{ partners: number; agreements: number; published: number }>(
    db,
    sql`select count(*)::int as partners, count(a.id)::int as agreements,
          count(a.id) filter (where a.is_published)::int as published
        from partnerships p left join agreements a on a.partnership_id = p.id
        where (p.unit_a_id = ${unitId} or p.unit_b_id = ${unitId})
          and p.status in (${sql.raw(partnerStatusesSql)})`,
  )
  return {
    partners: Number(row?.partners ?? 0),
    agreements: Number(row?.agreements ?? 0),
    published: Number(row?.published ?? 0),
  }
}

export type VolunteerCounts = { pool: number; projects: number; staffed: number; accepted: number }

/**
 * The volunteer pool of the unit (members under it with a current pool consent, now) and its project calls posted
 * in the period: how many, how many found at least one helper, and how many helpers were accepted.
 */
export async function countVolunteers(
  db: DbOrTx,
  path: string,
  period: Period,
  poolPurpose: string,
): Promise<VolunteerCounts> {
  const [row] = await queryRows<VolunteerCounts>(
    db,
    sql`select
          (select count(distinct m.id)::int from members m
             join org_units u on u.id = coalesce(m.local_unit_id, m.home_unit_id)
             join consents c on c.member_id = m.id and c.purpose = ${poolPurpose} and c.withdrawn_at is null
           where u.path like ${under(path)} and m.left_on is null) as pool,
          count(distinct p.id)::int as projects,
          count(distinct p.id) filter (where a.status = 'accepted')::int as staffed,
          count(distinct a.member_id) filter (where a.status = 'accepted')::int as accepted
        from volunteer_projects p
        join org_units pu on pu.id = p.unit_id and pu.path like ${under(path)}
        left join volunteer_applications a on a.project_id = p.id
        where ${sqlLocalDay(sql`p.created_at`)} between ${period.from}::date and ${period.to}::date`,
  )
  return {
    pool: Number(row?.pool ?? 0),
    projects: Number(row?.projects ?? 0),
    staffed: Number(row?.staffed ?? 0),
    accepted: Number(row?.accepted ?? 0),
  }
}

export async function insertReport(db: DbOrTx, values: typeof boardReports.$inferInsert) {
  const [row] = await db.insert(boardReports).values(values).returning()
  return row!
}

export async function insertSections(db: DbOrTx, rows: (typeof boardReportSections.$inferInsert)[]) {
  if (rows.length === 0) return []
  return db.insert(boardReportSections).values(rows).returning()
}

export async function findReport(db: DbOrTx, id: string): Promise<BoardReport | undefined> {
  const [row] = await db.select().from(boardReports).where(eq(boardReports.id, id))
  return row
}

/** The report's row locked for the rest of the transaction, so two saves do not interleave. */
export async function lockReport(db: DbOrTx, id: string): Promise<BoardReport | undefined> {
  const [row] = await db.select().from(boardReports).where(eq(boardReports.id, id)).for('update')
  return row
}

export async function listSections(db: DbOrTx, reportId: string): Promise<BoardReportSection[]> {
  return db
    .select()
    .from(boardReportSections)
    .where(eq(boardReportSections.reportId, reportId))
    .orderBy(asc(boardReportSections.position))
}

export async function listReportsOfUnit(db: DbOrTx, unitId: string, seen: 'all' | 'published' | 'public') {
  return db
    .select()
    .from(boardReports)
    .where(
      seen === 'all'
        ? eq(boardReports.unitId, unitId)
        : seen === 'published'
          ? and(eq(boardReports.unitId, unitId), eq(boardReports.status, 'published'))
          : and(
              eq(boardReports.unitId, unitId),
              eq(boardReports.status, 'published'),
              eq(boardReports.audience, 'public'),
            ),
    )
    .orderBy(desc(boardReports.periodTo), desc(boardReports.createdAt))
}

export type UpcomingEvent = { id: string; title: string; startsAt: Date }

/**
 * The next published events hosted under the unit after `from` (up to half a year, at most 10), for the outlook:
 * only public ones, or also those for the members of the hosting KV when the report's readers are its members.
 */
export async function listUpcomingEvents(
  db: DbOrTx,
  path: string,
  from: Date,
  withMembersOnly: boolean,
): Promise<UpcomingEvent[]> {
  const audiences = withMembersOnly ? ['public', 'own_members'] : ['public']
  const rows = await queryRows<UpcomingEvent>(
    db,
    sql`select e.id, e.title, e.starts_at as "startsAt" from events e
        where e.status = 'published' and e.audience::text in (${sql.join(
          audiences.map((a) => sql`${a}`),
          sql`, `,
        )})
          and e.starts_at >= ${from.toISOString()}::timestamptz
          and e.starts_at < ${from.toISOString()}::timestamptz + interval '183 days'
          and exists (select 1 from event_hosts h join org_units u on u.id = h.unit_id
                      where h.event_id = e.id and u.path like ${under(path)})
        order by e.starts_at, e.id limit 10`,
  )
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt) }))
}

export type OverviewRow = {
  unitId: string
  unitName: string
  stateName: string | null
  reportId: string | null
  reportTitle: string | null
  publishedAt: Date | null
}

/**
 * The KVs under a state (or the federation) and, for each, its newest report published for the period (one whose
 * period ends within it), for the offices' overview of who has reported.
 */
export async function listReportOverview(db: DbOrTx, path: string, period: Period): Promise<OverviewRow[]> {
  const rows = await queryRows<OverviewRow>(
    db,
    sql`select d.id as "unitId", d.name as "unitName", s.name as "stateName",
          r.id as "reportId", r.title as "reportTitle", r.published_at as "publishedAt"
        from org_units d
        left join org_units s on s.id = d.parent_id and s.kind = 'state'
        left join lateral (
          select id, title, published_at from board_reports b
          where b.unit_id = d.id and b.status = 'published'
            and b.period_to between ${period.from}::date and ${period.to}::date
          order by b.published_at desc limit 1
        ) r on true
        where d.kind = 'district' and d.dissolved_at is null and d.path like ${under(path)}
        order by s.name, d.name`,
  )
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt ? new Date(r.publishedAt) : null }))
}

export type ReportReader = { email: string; locale: string }

/**
 * Whom a published report is mailed to: the members whose home KV or local group lies under the unit and who have
 * not left, at their account's address and language where they have an account, otherwise at the address of the
 * member database.
 */
export async function listReportReaders(db: DbOrTx, path: string): Promise<ReportReader[]> {
  return queryRows<ReportReader>(
    db,
    sql`select distinct on (lower(coalesce(a.email, m.email))) coalesce(a.email, m.email) as email,
          coalesce(a.locale, 'de') as locale
        from members m
        join org_units u on u.id = coalesce(m.local_unit_id, m.home_unit_id)
        left join users a on a.member_id = m.id
        where u.path like ${under(path)} and m.left_on is null and m.erased_at is null
          and coalesce(a.email, m.email) is not null
        order by lower(coalesce(a.email, m.email))`,
  )
}

export async function countReportsOfUnit(db: DbOrTx, unitId: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from board_reports where unit_id = ${unitId}`,
  )
  return Number(row?.n ?? 0)
}

export async function updateReport(
  db: DbOrTx,
  id: string,
  values: Partial<typeof boardReports.$inferInsert>,
) {
  await db.update(boardReports).set(values).where(eq(boardReports.id, id))
}

export async function updateSection(
  db: DbOrTx,
  id: string,
  values: Partial<typeof boardReportSections.$inferInsert>,
) {
  await db.update(boardReportSections).set(values).where(eq(boardReportSections.id, id))
}

/** Keeps the texts as the next version of the report; returns its number. */
export async function insertVersion(
  db: DbOrTx,
  reportId: string,
  texts: ReportTexts,
  savedById: string | null,
  savedAt: Date,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select coalesce(max(version), 0)::int + 1 as n from board_report_versions where report_id = ${reportId}`,
  )
  const version = Number(row?.n ?? 1)
  await db.insert(boardReportVersions).values({ reportId, version, texts, savedById, savedAt })
  return version
}

export type VersionListing = Pick<BoardReportVersion, 'version' | 'savedAt'> & { savedBy: string | null }

/** The saved versions of a report, newest first, with the name of who saved each. */
export async function listVersions(db: DbOrTx, reportId: string): Promise<VersionListing[]> {
  const rows = await queryRows<{ version: number; savedAt: string | Date; savedBy: string | null }>(
    db,
    sql`select v.version, v.saved_at as "savedAt", u.display_name as "savedBy"
        from board_report_versions v left join users u on u.id = v.saved_by_id
        where v.report_id = ${reportId} order by v.version desc`,
  )
  return rows.map((r) => ({ ...r, savedAt: new Date(r.savedAt) }))
}

export async function findVersion(
  db: DbOrTx,
  reportId: string,
  version: number,
): Promise<BoardReportVersion | undefined> {
  const [row] = await db
    .select()
    .from(boardReportVersions)
    .where(and(eq(boardReportVersions.reportId, reportId), eq(boardReportVersions.version, version)))
  return row
}

/** Whether the unit's reports need a second board member's approval before publication (off unless chosen). */
export async function requiresApproval(db: DbOrTx, unitId: string): Promise<boolean> {
  const [row] = await db
    .select({ requiresApproval: boardReportSettings.requiresApproval })
    .from(boardReportSettings)
    .where(eq(boardReportSettings.unitId, unitId))
  return row?.requiresApproval ?? false
}

export async function saveSettings(
  db: DbOrTx,
  unitId: string,
  requires: boolean,
  updatedById: string | null,
  now: Date,
) {
  await db
    .insert(boardReportSettings)
    .values({ unitId, requiresApproval: requires, updatedById, updatedAt: now })
    .onConflictDoUpdate({
      target: boardReportSettings.unitId,
      set: { requiresApproval: requires, updatedById, updatedAt: now },
    })
}

/** The display name of an account (the approving board member), or null. */
export async function nameOfUser(db: DbOrTx, userId: string | null): Promise<string | null> {
  if (!userId) return null
  const [row] = await queryRows<{ name: string }>(
    db,
    sql`select display_name as name from users where id = ${userId}`,
  )
  return row?.name ?? null
}

export type MentoringCounts = { mentees: number; mentors: number; completed: number; programmes: number }

/**
 * Mentoring of the unit's members in the period: members under the unit in a tandem that ran in the period (paired
 * by its end, not ended before its start; a tandem undone as a mistake not at all), as mentee and as mentor; the
 * tandems with such a mentee completed in the period; and the programmes the unit itself ran in the period.
 */
export async function countMentoring(db: DbOrTx, path: string, unitId: string, period: Period) {
  const [row] = await queryRows<MentoringCounts>(
    db,
    sql`with ran as (
          select t.status, t.ended_at, a.role, a.member_id from mentoring_tandems t
          join mentoring_applications a on a.id in (t.mentee_application_id, t.mentor_application_id)
          join members m on m.id = a.member_id
          join org_units u on u.id = coalesce(m.local_unit_id, m.home_unit_id) and u.path like ${under(path)}
          where t.status <> 'dissolved'
            and ${sqlLocalDay(sql`t.paired_at`)} <= ${period.to}::date
            and (t.ended_at is null or ${sqlLocalDay(sql`t.ended_at`)} >= ${period.from}::date)
        )
        select
          (select count(distinct member_id)::int from ran where role = 'mentee') as mentees,
          (select count(distinct member_id)::int from ran where role = 'mentor') as mentors,
          (select count(*)::int from ran where role = 'mentee' and status = 'completed'
             and ${sqlLocalDay(sql`ended_at`)} <= ${period.to}::date) as completed,
          (select count(*)::int from mentoring_programmes p where p.unit_id = ${unitId}
             and p.starts_on <= ${period.to}::date and p.ends_on >= ${period.from}::date) as programmes`,
  )
  return {
    mentees: Number(row?.mentees ?? 0),
    mentors: Number(row?.mentors ?? 0),
    completed: Number(row?.completed ?? 0),
    programmes: Number(row?.programmes ?? 0),
  }
}

export type SurveyCounts = { surveys: number; answers: number }

/**
 * Surveys of units under the unit that were open in the period (opened by its end, not closed before its start),
 * and the answers given to them (a count; an anonymous answer keeps no time, so all of a survey's answers count).
 */
export async function countSurveys(db: DbOrTx, path: string, period: Period): Promise<SurveyCounts> {
  const [row] = await queryRows<SurveyCounts>(
    db,
    sql`with run as (
          select s.id from surveys s join org_units u on u.id = s.unit_id and u.path like ${under(path)}
          where s.opened_at is not null
            and ${sqlLocalDay(sql`s.opened_at`)} <= ${period.to}::date
            and (s.closed_at is null or ${sqlLocalDay(sql`s.closed_at`)} >= ${period.from}::date)
        )
        select (select count(*)::int from run) as surveys,
          (select count(*)::int from survey_responses r where r.survey_id in (select id from run)) as answers`,
  )
  return { surveys: Number(row?.surveys ?? 0), answers: Number(row?.answers ?? 0) }
}

export type MeasureCounts = { measures: number; done: number; inProgress: number; overdue: number }

/** A report to the public counts and lists only the measures of public resolutions. */
const publicOnlySql = (publicOnly: boolean) => (publicOnly ? sql`and r.visibility = 'public'` : sql``)

/**
 * The measures of resolutions given to the unit itself, as they stand now: how many, done, in progress, and open or
 * in progress past their due date at the period's end. Dropped ones are not counted.
 */
export async function countMeasures(
  db: DbOrTx,
  unitId: string,
  period: Period,
  publicOnly = false,
): Promise<MeasureCounts> {
  const [row] = await queryRows<MeasureCounts>(
    db,
    sql`select count(*)::int as measures,
          count(*) filter (where m.status = 'done')::int as done,
          count(*) filter (where m.status = 'in_progress')::int as "inProgress",
          count(*) filter (where m.status in ('open', 'in_progress') and m.due_on < ${period.to}::date)::int as overdue
        from resolution_measures m join resolutions r on r.id = m.resolution_id
        where m.unit_id = ${unitId} and m.status <> 'dropped' ${publicOnlySql(publicOnly)}`,
  )
  return {
    measures: Number(row?.measures ?? 0),
    done: Number(row?.done ?? 0),
    inProgress: Number(row?.inProgress ?? 0),
    overdue: Number(row?.overdue ?? 0),
  }
}

/** Enough for any unit's report; a bound, so a report stays a report. */
const MAX_MEASURES = 100

/**
 * The measures `countMeasures` counts, by name: the status at the period's end (open or in progress past the due
 * date is overdue), the responsible unit and the resolution with its visibility; soonest due first.
 */
export async function listMeasures(
  db: DbOrTx,
  unitId: string,
  period: Period,
  publicOnly = false,
): Promise<ReportMeasure[]> {
  return queryRows<ReportMeasure>(
    db,
    sql`select m.id, m.title,
          case when m.status in ('open', 'in_progress') and m.due_on < ${period.to}::date then 'overdue'
            else m.status::text end as status,
          u.name as "unitName", m.responsible_note as "responsibleNote", m.due_on::text as "dueOn",
          m.due_text as "dueText", r.id as "resolutionId",
          case when r.code is null then r.title else r.code || ' ' || r.title end as "resolutionTitle",
          r.visibility::text as visibility
        from resolution_measures m
        join resolutions r on r.id = m.resolution_id
        join org_units u on u.id = m.unit_id
        where m.unit_id = ${unitId} and m.status <> 'dropped' ${publicOnlySql(publicOnly)}
        order by m.due_on nulls last, m.title, m.id
        limit ${MAX_MEASURES}`,
  )
}
