import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { sqlLocalDay } from '../../platform/time.js'
import { users } from '../accounts/tables.js'
import { agreements, partnershipRetreats } from '../agreements/tables.js'
import { eventHosts, events } from '../events/tables.js'
import { helpRequests } from '../help/tables.js'
import { members } from '../members/tables.js'
import { onboardingContacts, onboardingPipelines } from '../onboarding/tables.js'
import { roleGrants } from '../org-units/grants.tables.js'
import { orgUnits } from '../org-units/tables.js'
import { partnerships } from '../partnerships/tables.js'
import { boardReports } from '../reports/tables.js'
import { consents, VOLUNTEER_POOL_PURPOSE, volunteerProjects } from '../volunteers/tables.js'
import type { PlatformEvidenceKind } from './evidence.js'
import {
  resolutionAddressees,
  resolutionLines,
  resolutionMeasures,
  resolutionProgressNotes,
  resolutionReminders,
  resolutions,
} from './tables.js'

export type NewResolution = typeof resolutions.$inferInsert
export type NewLine = typeof resolutionLines.$inferInsert
export type NewMeasure = typeof resolutionMeasures.$inferInsert
export type NewNote = typeof resolutionProgressNotes.$inferInsert

export async function insertResolution(db: DbOrTx, values: NewResolution) {
  const [row] = await db.insert(resolutions).values(values).returning()
  return row!
}

export async function insertLines(db: DbOrTx, rows: NewLine[]) {
  // Parameters of one statement are limited (65,535 on PostgreSQL): 6 columns per line, in chunks.
  for (let i = 0; i < rows.length; i += 1000) await db.insert(resolutionLines).values(rows.slice(i, i + 1000))
}

export async function insertAddressees(db: DbOrTx, resolutionId: string, unitIds: readonly string[]) {
  if (unitIds.length === 0) return
  await db.insert(resolutionAddressees).values(unitIds.map((unitId) => ({ resolutionId, unitId })))
}

export async function findResolution(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ resolution: resolutions, unit: orgUnits })
    .from(resolutions)
    .innerJoin(orgUnits, eq(orgUnits.id, resolutions.unitId))
    .where(eq(resolutions.id, id))
  return row
}

/** The addressees of these resolutions, by resolution. */
export async function addresseesOf(db: DbOrTx, resolutionIds: readonly string[]) {
  const out = new Map<string, (typeof orgUnits.$inferSelect)[]>()
  if (resolutionIds.length === 0) return out
  const rows = await db
    .select({ resolutionId: resolutionAddressees.resolutionId, unit: orgUnits })
    .from(resolutionAddressees)
    .innerJoin(orgUnits, eq(orgUnits.id, resolutionAddressees.unitId))
    .where(inArray(resolutionAddressees.resolutionId, [...resolutionIds]))
    .orderBy(asc(orgUnits.name))
  for (const r of rows) out.set(r.resolutionId, [...(out.get(r.resolutionId) ?? []), r.unit])
  return out
}

export async function listLines(db: DbOrTx, resolutionId: string) {
  return db
    .select()
    .from(resolutionLines)
    .where(eq(resolutionLines.resolutionId, resolutionId))
    .orderBy(asc(resolutionLines.number))
}

/** The lines from one number to another, in order. */
export async function listLineRange(db: DbOrTx, resolutionId: string, from: number, to: number) {
  return db
    .select()
    .from(resolutionLines)
    .where(
      and(
        eq(resolutionLines.resolutionId, resolutionId),
        sql`${resolutionLines.number} between ${from} and ${to}`,
      ),
    )
    .orderBy(asc(resolutionLines.number))
}

/** The resolutions a unit passed or is addressed by, newest decision first. */
export async function listResolutionsAround(db: DbOrTx, unitId: string) {
  return db
    .select({ resolution: resolutions, unit: orgUnits })
    .from(resolutions)
    .innerJoin(orgUnits, eq(orgUnits.id, resolutions.unitId))
    .where(
      or(
        eq(resolutions.unitId, unitId),
        sql`exists (select 1 from ${resolutionAddressees} a where a.resolution_id = ${resolutions.id} and a.unit_id = ${unitId})`,
      ),
    )
    .orderBy(sql`${resolutions.decidedOn} desc nulls last`, desc(resolutions.createdAt))
}

export async function listMeasures(db: DbOrTx, resolutionId: string) {
  return db
    .select({ measure: resolutionMeasures, unit: orgUnits })
    .from(resolutionMeasures)
    .innerJoin(orgUnits, eq(orgUnits.id, resolutionMeasures.unitId))
    .where(eq(resolutionMeasures.resolutionId, resolutionId))
    .orderBy(asc(resolutionMeasures.fromLine), asc(resolutionMeasures.createdAt), asc(orgUnits.name))
}

/** The measures a unit is responsible for, with their resolution, for its tracking overview. */
export async function listMeasuresOfUnit(db: DbOrTx, unitId: string) {
  return db
    .select({ measure: resolutionMeasures, resolution: resolutions, unit: orgUnits })
    .from(resolutionMeasures)
    .innerJoin(resolutions, eq(resolutions.id, resolutionMeasures.resolutionId))
    .innerJoin(orgUnits, eq(orgUnits.id, resolutions.unitId))
    .where(eq(resolutionMeasures.unitId, unitId))
    .orderBy(sql`${resolutionMeasures.dueOn} asc nulls last`, asc(resolutionMeasures.title))
}

/** The measures given to these units (a state's KVs), with their resolution and its unit, in the order made. */
export async function listMeasuresOfUnits(db: DbOrTx, unitIds: readonly string[]) {
  if (unitIds.length === 0) return []
  const owner = alias(orgUnits, 'owner')
  return db
    .select({ measure: resolutionMeasures, resolution: resolutions, owner })
    .from(resolutionMeasures)
    .innerJoin(resolutions, eq(resolutions.id, resolutionMeasures.resolutionId))
    .innerJoin(owner, eq(owner.id, resolutions.unitId))
    .where(inArray(resolutionMeasures.unitId, [...unitIds]))
    .orderBy(
      sql`${resolutions.decidedOn} desc nulls last`,
      asc(resolutions.createdAt),
      asc(resolutionMeasures.fromLine),
      asc(resolutionMeasures.createdAt),
    )
}

export async function findMeasure(db: DbOrTx, id: string, opts: { lock?: boolean } = {}) {
  const q = db
    .select({ measure: resolutionMeasures, unit: orgUnits })
    .from(resolutionMeasures)
    .innerJoin(orgUnits, eq(orgUnits.id, resolutionMeasures.unitId))
    .where(eq(resolutionMeasures.id, id))
  const [row] = opts.lock ? await q.for('update', { of: resolutionMeasures }) : await q
  return row
}

export async function insertMeasures(db: DbOrTx, rows: NewMeasure[]) {
  return db.insert(resolutionMeasures).values(rows).returning()
}

export async function updateMeasureProgress(
  db: DbOrTx,
  id: string,
  values: Pick<NewMeasure, 'status' | 'progress'>,
) {
  await db.update(resolutionMeasures).set(values).where(eq(resolutionMeasures.id, id))
}

export async function insertNote(db: DbOrTx, values: NewNote) {
  const [row] = await db.insert(resolutionProgressNotes).values(values).returning()
  return row!
}

/** The progress notes of these measures with their authors' names, newest first. */
export async function listNotes(db: DbOrTx, measureIds: readonly string[]) {
  if (measureIds.length === 0) return []
  return db
    .select({ note: resolutionProgressNotes, author: users.displayName })
    .from(resolutionProgressNotes)
    .leftJoin(users, eq(users.id, resolutionProgressNotes.authorId))
    .where(inArray(resolutionProgressNotes.measureId, [...measureIds]))
    .orderBy(desc(resolutionProgressNotes.createdAt))
}

/**
 * Published events of a type hosted by these units from one instant to another, counted per unit and per
 * calendar month in the given time zone ('2025-03').
 */
export async function countEventsPerMonth(
  db: DbOrTx,
  opts: { unitIds: readonly string[]; type: string; from: Date; to: Date; timeZone: string },
) {
  if (opts.unitIds.length === 0) return []
  const ids = uuidList(opts.unitIds)
  return queryRows<{ unitId: string; month: string; count: number }>(
    db,
    sql`select h.unit_id as "unitId",
               to_char(e.starts_at at time zone ${opts.timeZone}, 'YYYY-MM') as month,
               count(*)::int as count
          from ${events} e
          join ${eventHosts} h on h.event_id = e.id
         where h.unit_id in (${ids})
           and e.type = ${opts.type}
           and e.status = 'published'
           and e.starts_at >= ${opts.from.toISOString()}::timestamptz
           and e.starts_at < ${opts.to.toISOString()}::timestamptz
         group by 1, 2`,
  )
}

const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )

/**
 * Members of these units (their home KV) in the volunteer pool at each given instant: a consent to the pool
 * given before it and not withdrawn by then, the member not left or erased by then.
 */
export async function countPoolMembersAt(
  db: DbOrTx,
  opts: { unitIds: readonly string[]; points: readonly { period: string; at: Date }[] },
) {
  if (opts.unitIds.length === 0 || opts.points.length === 0) return []
  const points = sql.join(
    opts.points.map((p) => sql`(${p.period}, ${p.at.toISOString()}::timestamptz)`),
    sql`, `,
  )
  return queryRows<{ unitId: string; period: string; value: number }>(
    db,
    sql`select m.home_unit_id as "unitId", p.period as period, count(*)::int as value
          from (values ${points}) as p(period, at)
          join ${consents} c on c.purpose = ${VOLUNTEER_POOL_PURPOSE}
                          and c.given_at < p.at
                          and (c.withdrawn_at is null or c.withdrawn_at >= p.at)
          join ${members} m on m.id = c.member_id
         where m.home_unit_id in (${uuidList(opts.unitIds)})
           and m.erased_at is null
           and (m.left_on is null or m.left_on > ${sqlLocalDay(sql`p.at`)})
         group by 1, 2`,
  )
}

/**
 * New members of these units (their home KV) by the month they entered ('2025-03'), from one day to
 * another: how many are judged (their week is over by `today`, or they were reached within it) and how
 * many of those were reached by phone within `days` days of their entry.
 */
export async function countReachedInTimePerMonth(
  db: DbOrTx,
  opts: { unitIds: readonly string[]; from: string; to: string; today: string; days: number },
) {
  if (opts.unitIds.length === 0) return []
  return queryRows<{ unitId: string; period: string; base: number; reached: number }>(
    db,
    sql`select unit_id as "unitId", period,
               count(*) filter (where in_time or due < ${opts.today}::date)::int as base,
               count(*) filter (where in_time)::int as reached
          from (select m.home_unit_id as unit_id,
                       to_char(p.entered_on, 'YYYY-MM') as period,
                       p.entered_on + ${opts.days}::int as due,
                       exists (select 1 from ${onboardingContacts} c
                                where c.pipeline_id = p.id and c.outcome = 'reached'
                                  and c.attempted_on <= p.entered_on + ${opts.days}::int) as in_time
                  from ${onboardingPipelines} p
                  join ${members} m on m.id = p.member_id
                 where m.home_unit_id in (${uuidList(opts.unitIds)})
                   and p.entered_on >= ${opts.from}::date
                   and p.entered_on < ${opts.to}::date) as x
         group by 1, 2`,
  )
}

/** Joint board retreats held by partnerships of these units, per unit and calendar year ('2025'). */
export async function countRetreatsPerYear(
  db: DbOrTx,
  opts: { unitIds: readonly string[]; fromYear: string; toYear: string },
) {
  if (opts.unitIds.length === 0) return []
  const ids = uuidList(opts.unitIds)
  return queryRows<{ unitId: string; period: string; value: number }>(
    db,
    sql`select s.unit_id as "unitId", to_char(r.held_on, 'YYYY') as period, count(*)::int as value
          from ${partnershipRetreats} r
          join ${partnerships} p on p.id = r.partnership_id
          cross join lateral (values (p.unit_a_id), (p.unit_b_id)) as s(unit_id)
         where s.unit_id in (${ids})
           and r.held_on >= ${`${opts.fromYear}-01-01`}::date
           and r.held_on < ${`${Number(opts.toYear) + 1}-01-01`}::date
         group by 1, 2`,
  )
}

const evidenceTables = {
  event: events,
  help_request: helpRequests,
  project: volunteerProjects,
  report: boardReports,
  agreement: agreements,
} as const

/** Whether the platform object a progress note points to exists. */
export async function evidenceExists(db: DbOrTx, kind: PlatformEvidenceKind, id: string) {
  const table = evidenceTables[kind]
  const rows = await db.select({ id: table.id }).from(table).where(eq(table.id, id)).limit(1)
  return rows.length > 0
}

export async function updateResolution(
  db: DbOrTx,
  id: string,
  values: Pick<NewResolution, 'code' | 'title' | 'committee' | 'decidedOn' | 'agendaItem' | 'visibility'>,
) {
  await db.update(resolutions).set(values).where(eq(resolutions.id, id))
}

export async function replaceAddressees(db: DbOrTx, resolutionId: string, unitIds: readonly string[]) {
  await db.delete(resolutionAddressees).where(eq(resolutionAddressees.resolutionId, resolutionId))
  await insertAddressees(db, resolutionId, unitIds)
}

/** Deletes a resolution with its lines, addressees, measures, their notes and reminders (cascading). */
export async function deleteResolution(db: DbOrTx, id: string) {
  await db.delete(resolutions).where(eq(resolutions.id, id))
}

/** The rows of a measure (one per responsible unit), locked for a change. */
export async function lockMeasureGroup(db: DbOrTx, groupId: string) {
  return db
    .select({ id: resolutionMeasures.id, unitId: resolutionMeasures.unitId })
    .from(resolutionMeasures)
    .where(eq(resolutionMeasures.groupId, groupId))
    .for('update')
}

/** Changes what a measure is, for every unit it was given to. */
export async function updateMeasureGroup(
  db: DbOrTx,
  groupId: string,
  values: Pick<
    NewMeasure,
    | 'title'
    | 'fromLine'
    | 'toLine'
    | 'quote'
    | 'responsibleNote'
    | 'dueOn'
    | 'dueText'
    | 'indicator'
    | 'indicatorTarget'
  >,
) {
  await db.update(resolutionMeasures).set(values).where(eq(resolutionMeasures.groupId, groupId))
}

/** Deletes measure rows with their notes and reminders (cascading). */
export async function deleteMeasures(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return
  await db.delete(resolutionMeasures).where(inArray(resolutionMeasures.id, [...ids]))
}

/** Measures still open or in progress: due by `until`, or tied to an indicator; with their resolution. */
export async function listMeasuresToRemind(db: DbOrTx, until: string) {
  return db
    .select({ measure: resolutionMeasures, resolution: resolutions, unit: orgUnits })
    .from(resolutionMeasures)
    .innerJoin(resolutions, eq(resolutions.id, resolutionMeasures.resolutionId))
    .innerJoin(orgUnits, eq(orgUnits.id, resolutionMeasures.unitId))
    .where(
      and(
        inArray(resolutionMeasures.status, ['open', 'in_progress']),
        or(sql`${resolutionMeasures.dueOn} <= ${until}`, sql`${resolutionMeasures.indicator} is not null`),
      ),
    )
}

/** Takes a reminder for itself; false when it was already sent (by this run, an earlier one or another server). */
export async function claimReminder(
  db: DbOrTx,
  r: { measureId: string; kind: 'due' | 'indicator'; period: string; sentAt: Date },
) {
  const rows = await db.insert(resolutionReminders).values(r).onConflictDoNothing().returning()
  return rows.length > 0
}

/** The active accounts holding the board role on this unit itself: the responsible body. */
export async function listBoardContacts(db: DbOrTx, unitId: string) {
  return db
    .selectDistinct({ email: users.email, name: users.displayName, locale: users.locale })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(
      and(
        eq(roleGrants.unitId, unitId),
        eq(roleGrants.role, 'board'),
        sql`${roleGrants.revokedAt} is null`,
        sql`${users.deactivatedAt} is null`,
      ),
    )
}
