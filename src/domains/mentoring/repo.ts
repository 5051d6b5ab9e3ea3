import { aliasedTable, and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { users } from '../accounts/tables.js'
import { eventHosts, events } from '../events/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
import {
  consents,
  skills,
  VOLUNTEER_POOL_PURPOSE,
  volunteerProfileSkills,
  volunteerProfiles,
} from '../volunteers/tables.js'
import type { ProgrammeCounts } from './figures.js'
import {
  type MentoringApplicationStatus,
  mentoringApplications,
  mentoringCheckIns,
  mentoringCoordinators,
  mentoringGoals,
  mentoringProgrammeEvents,
  mentoringProgrammes,
  mentoringReviews,
  mentoringTandems,
} from './tables.js'

export async function insertProgramme(db: DbOrTx, values: typeof mentoringProgrammes.$inferInsert) {
  const [row] = await db.insert(mentoringProgrammes).values(values).returning()
  return row!
}

export async function findProgramme(db: DbOrTx, id: string) {
  const [row] = await db.select().from(mentoringProgrammes).where(eq(mentoringProgrammes.id, id))
  return row
}

/** The programmes a unit runs, the newest cohort first. */
export async function listProgrammesOfUnit(db: DbOrTx, unitId: string) {
  return db
    .select({
      id: mentoringProgrammes.id,
      name: mentoringProgrammes.name,
      applyFrom: mentoringProgrammes.applyFrom,
      applyUntil: mentoringProgrammes.applyUntil,
      startsOn: mentoringProgrammes.startsOn,
      endsOn: mentoringProgrammes.endsOn,
    })
    .from(mentoringProgrammes)
    .where(eq(mentoringProgrammes.unitId, unitId))
    .orderBy(desc(mentoringProgrammes.startsOn), asc(mentoringProgrammes.name))
}

export async function isNamedCoordinator(db: DbOrTx, programmeId: string, userId: string) {
  const [row] = await db
    .select({ id: mentoringCoordinators.id })
    .from(mentoringCoordinators)
    .where(and(eq(mentoringCoordinators.programmeId, programmeId), eq(mentoringCoordinators.userId, userId)))
  return !!row
}

export async function listCoordinators(db: DbOrTx, programmeId: string) {
  return db
    .select({
      id: mentoringCoordinators.id,
      userId: users.id,
      displayName: users.displayName,
      email: users.email,
    })
    .from(mentoringCoordinators)
    .innerJoin(users, eq(users.id, mentoringCoordinators.userId))
    .where(eq(mentoringCoordinators.programmeId, programmeId))
    .orderBy(asc(users.displayName))
}

export async function insertCoordinator(db: DbOrTx, values: typeof mentoringCoordinators.$inferInsert) {
  const [row] = await db.insert(mentoringCoordinators).values(values).onConflictDoNothing().returning()
  return row
}

export async function deleteCoordinator(db: DbOrTx, programmeId: string, id: string) {
  const [row] = await db
    .delete(mentoringCoordinators)
    .where(and(eq(mentoringCoordinators.id, id), eq(mentoringCoordinators.programmeId, programmeId)))
    .returning()
  return row
}

export async function findActiveUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.deactivatedAt)))
  return row
}

/** The member's current application (submitted, accepted or on the waiting list), if any. */
export async function findCurrentApplication(db: DbOrTx, programmeId: string, memberId: string) {
  const [row] = await db
    .select()
    .from(mentoringApplications)
    .where(
      and(
        eq(mentoringApplications.programmeId, programmeId),
        eq(mentoringApplications.memberId, memberId),
        inArray(mentoringApplications.status, ['submitted', 'accepted', 'waitlisted']),
      ),
    )
  return row
}

/** The member's latest application to the programme, current or not. */
export async function findLatestApplication(db: DbOrTx, programmeId: string, memberId: string) {
  const [row] = await db
    .select()
    .from(mentoringApplications)
    .where(
      and(eq(mentoringApplications.programmeId, programmeId), eq(mentoringApplications.memberId, memberId)),
    )
    .orderBy(desc(mentoringApplications.submittedAt))
    .limit(1)
  return row
}

export async function findApplication(db: DbOrTx, id: string) {
  const [row] = await db.select().from(mentoringApplications).where(eq(mentoringApplications.id, id))
  return row
}

export async function insertApplication(db: DbOrTx, values: typeof mentoringApplications.$inferInsert) {
  const [row] = await db.insert(mentoringApplications).values(values).onConflictDoNothing().returning()
  return row
}

/** Moves an application on from one of the given statuses; nothing when another request moved it first. */
export async function updateApplication(
  db: DbOrTx,
  id: string,
  from: readonly MentoringApplicationStatus[],
  values: Partial<typeof mentoringApplications.$inferInsert>,
) {
  const [row] = await db
    .update(mentoringApplications)
    .set(values)
    .where(and(eq(mentoringApplications.id, id), inArray(mentoringApplications.status, [...from])))
    .returning()
  return row
}

/** Applications with the applicants' names and home KVs (and where those lie), for coordinators and the pairing. */
function applicationsWithKv(db: DbOrTx) {
  return db
    .select({
      id: mentoringApplications.id,
      programmeId: mentoringApplications.programmeId,
      memberId: mentoringApplications.memberId,
      role: mentoringApplications.role,
      status: mentoringApplications.status,
      topics: mentoringApplications.topics,
      goals: mentoringApplications.goals,
      formats: mentoringApplications.formats,
      languages: mentoringApplications.languages,
      availability: mentoringApplications.availability,
      avoidOwnKv: mentoringApplications.avoidOwnKv,
      submittedAt: mentoringApplications.submittedAt,
      firstName: members.firstName,
      lastName: members.lastName,
      homeUnitId: members.homeUnitId,
      homeUnitName: orgUnits.name,
      anchorLat: orgUnits.anchorLat,
      anchorLon: orgUnits.anchorLon,
    })
    .from(mentoringApplications)
    .innerJoin(members, eq(members.id, mentoringApplications.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
}

/** The programme's applications in the order they came in. */
export async function listApplications(db: DbOrTx, programmeId: string) {
  return applicationsWithKv(db)
    .where(eq(mentoringApplications.programmeId, programmeId))
    .orderBy(asc(mentoringApplications.submittedAt), asc(mentoringApplications.id))
}

export async function findApplicationWithKv(db: DbOrTx, id: string) {
  const [row] = await applicationsWithKv(db).where(eq(mentoringApplications.id, id))
  return row
}

/** The person an application belongs to, for mails: name, address, home KV, the account's language. */
export async function findApplicant(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      homeUnitName: orgUnits.name,
      locale: users.locale,
    })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .leftJoin(users, eq(users.memberId, members.id))
    .where(eq(members.id, memberId))
    .limit(1)
  return row
}

/** The path of the unit a member belongs to: the local group if any, else the home KV. */
export async function memberUnitPath(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({ path: orgUnits.path })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, sql`coalesce(${members.localUnitId}, ${members.homeUnitId})`))
    .where(and(eq(members.id, memberId), isNull(members.leftOn)))
  return row?.path ?? null
}

/** The tandems of a programme that are not dissolved, with both people's names and home KVs. */
export async function listTandems(db: DbOrTx, programmeId: string) {
  const mentee = aliasedTable(mentoringApplications, 'mentee_app')
  const mentor = aliasedTable(mentoringApplications, 'mentor_app')
  const menteeMember = aliasedTable(members, 'mentee_member')
  const mentorMember = aliasedTable(members, 'mentor_member')
  const menteeUnit = aliasedTable(orgUnits, 'mentee_unit')
  const mentorUnit = aliasedTable(orgUnits, 'mentor_unit')
  return db
    .select({
      id: mentoringTandems.id,
      status: mentoringTandems.status,
      score: mentoringTandems.score,
      reasons: mentoringTandems.reasons,
      byHand: mentoringTandems.byHand,
      pairedAt: mentoringTandems.pairedAt,
      menteeApplicationId: mentoringTandems.menteeApplicationId,
      mentorApplicationId: mentoringTandems.mentorApplicationId,
      menteeMemberId: mentee.memberId,
      mentorMemberId: mentor.memberId,
      menteeName: sql<string>`${menteeMember.firstName} || ' ' || ${menteeMember.lastName}`,
      mentorName: sql<string>`${mentorMember.firstName} || ' ' || ${mentorMember.lastName}`,
      menteeKv: menteeUnit.name,
      mentorKv: mentorUnit.name,
    })
    .from(mentoringTandems)
    .innerJoin(mentee, eq(mentee.id, mentoringTandems.menteeApplicationId))
    .innerJoin(mentor, eq(mentor.id, mentoringTandems.mentorApplicationId))
    .innerJoin(menteeMember, eq(menteeMember.id, mentee.memberId))
    .innerJoin(mentorMember, eq(mentorMember.id, mentor.memberId))
    .innerJoin(menteeUnit, eq(menteeUnit.id, menteeMember.homeUnitId))
    .innerJoin(mentorUnit, eq(mentorUnit.id, mentorMember.homeUnitId))
    .where(and(eq(mentoringTandems.programmeId, programmeId), ne(mentoringTandems.status, 'dissolved')))
    .orderBy(asc(mentoringTandems.pairedAt), asc(mentoringTandems.id))
}

export async function findTandem(db: DbOrTx, id: string) {
  const [row] = await db.select().from(mentoringTandems).where(eq(mentoringTandems.id, id))
  return row
}

/** The tandem (not dissolved) an application is in, if any. */
export async function findTandemOfApplication(db: DbOrTx, applicationId: string) {
  const [row] = await db
    .select()
    .from(mentoringTandems)
    .where(
      and(
        ne(mentoringTandems.status, 'dissolved'),
        or(
          eq(mentoringTandems.menteeApplicationId, applicationId),
          eq(mentoringTandems.mentorApplicationId, applicationId),
        ),
      ),
    )
  return row
}

/** Inserts a tandem; nothing when one of the two is already in a tandem (the unique indexes). */
export async function insertTandem(db: DbOrTx, values: typeof mentoringTandems.$inferInsert) {
  const [row] = await db.insert(mentoringTandems).values(values).onConflictDoNothing().returning()
  return row
}

export async function dissolveTandemRow(db: DbOrTx, id: string, by: string, now: Date) {
  const [row] = await db
    .update(mentoringTandems)
    .set({ status: 'dissolved', dissolvedAt: now, dissolvedById: by })
    .where(and(eq(mentoringTandems.id, id), eq(mentoringTandems.status, 'active')))
    .returning()
  return row
}

/** Locks the programme's row, so two coordinators pairing at once count its tandems one after the other. */
export async function lockProgramme(db: DbOrTx, id: string) {
  await db
    .select({ id: mentoringProgrammes.id })
    .from(mentoringProgrammes)
    .where(eq(mentoringProgrammes.id, id))
    .for('update')
}

export async function lockTandem(db: DbOrTx, id: string) {
  await db
    .select({ id: mentoringTandems.id })
    .from(mentoringTandems)
    .where(eq(mentoringTandems.id, id))
    .for('update')
}

export async function updateTandem(
  db: DbOrTx,
  id: string,
  values: Partial<typeof mentoringTandems.$inferInsert>,
) {
  await db.update(mentoringTandems).set(values).where(eq(mentoringTandems.id, id))
}

/** Ends a running tandem early; nothing when it no longer runs. */
export async function endTandemRow(
  db: DbOrTx,
  id: string,
  values: { endedAt: Date; endedByApplicationId: string; endReason: string },
) {
  const [row] = await db
    .update(mentoringTandems)
    .set({ status: 'ended_early', ...values })
    .where(and(eq(mentoringTandems.id, id), eq(mentoringTandems.status, 'active')))
    .returning()
  return row
}

export async function setSharedContact(db: DbOrTx, applicationId: string, contact: string | null) {
  await db
    .update(mentoringApplications)
    .set({ sharedContact: contact })
    .where(eq(mentoringApplications.id, applicationId))
}

export async function listGoals(db: DbOrTx, tandemId: string) {
  return db
    .select()
    .from(mentoringGoals)
    .where(eq(mentoringGoals.tandemId, tandemId))
    .orderBy(asc(mentoringGoals.createdAt), asc(mentoringGoals.id))
}

export async function insertGoal(db: DbOrTx, values: typeof mentoringGoals.$inferInsert) {
  const [row] = await db.insert(mentoringGoals).values(values).returning()
  return row!
}

export async function deleteGoal(db: DbOrTx, tandemId: string, id: string) {
  const [row] = await db
    .delete(mentoringGoals)
    .where(and(eq(mentoringGoals.id, id), eq(mentoringGoals.tandemId, tandemId)))
    .returning()
  return row
}

export async function listCheckIns(db: DbOrTx, tandemId: string) {
  return db
    .select()
    .from(mentoringCheckIns)
    .where(eq(mentoringCheckIns.tandemId, tandemId))
    .orderBy(desc(mentoringCheckIns.heldOn), desc(mentoringCheckIns.createdAt))
}

export async function insertCheckIn(db: DbOrTx, values: typeof mentoringCheckIns.$inferInsert) {
  const [row] = await db.insert(mentoringCheckIns).values(values).returning()
  return row!
}

export async function hasCheckIns(db: DbOrTx, tandemId: string) {
  const [row] = await db
    .select({ id: mentoringCheckIns.id })
    .from(mentoringCheckIns)
    .where(eq(mentoringCheckIns.tandemId, tandemId))
    .limit(1)
  return !!row
}

/** Running tandems of cohorts that run today, with their last check-in and both people. */
export async function listTandemsForReminder(db: DbOrTx, today: string) {
  const mentee = aliasedTable(mentoringApplications, 'mentee_app')
  const mentor = aliasedTable(mentoringApplications, 'mentor_app')
  return db
    .select({
      id: mentoringTandems.id,
      pairedAt: mentoringTandems.pairedAt,
      remindedAt: mentoringTandems.remindedAt,
      reminderWeeks: mentoringProgrammes.reminderWeeks,
      programmeName: mentoringProgrammes.name,
      menteeMemberId: mentee.memberId,
      mentorMemberId: mentor.memberId,
      lastCheckIn: sql<
        string | null
      >`(select max(${mentoringCheckIns.heldOn})::text from ${mentoringCheckIns} where ${mentoringCheckIns.tandemId} = ${mentoringTandems.id})`,
    })
    .from(mentoringTandems)
    .innerJoin(mentoringProgrammes, eq(mentoringProgrammes.id, mentoringTandems.programmeId))
    .innerJoin(mentee, eq(mentee.id, mentoringTandems.menteeApplicationId))
    .innerJoin(mentor, eq(mentor.id, mentoringTandems.mentorApplicationId))
    .where(
      and(
        eq(mentoringTandems.status, 'active'),
        sql`${mentoringProgrammes.startsOn} <= ${today}`,
        sql`${mentoringProgrammes.endsOn} >= ${today}`,
      ),
    )
}

/** Takes the reminder of a tandem for this run; nothing when another run took it first. */
export async function claimReminder(db: DbOrTx, id: string, seen: Date | null, now: Date) {
  const [row] = await db
    .update(mentoringTandems)
    .set({ remindedAt: now })
    .where(
      and(
        eq(mentoringTandems.id, id),
        seen ? eq(mentoringTandems.remindedAt, seen) : isNull(mentoringTandems.remindedAt),
      ),
    )
    .returning({ id: mentoringTandems.id })
  return !!row
}

/** Programmes not erased yet whose cohort ended their number of days ago or more. */
export async function listProgrammesToErase(db: DbOrTx, today: string) {
  return db
    .select({ id: mentoringProgrammes.id, unit: { id: orgUnits.id, path: orgUnits.path } })
    .from(mentoringProgrammes)
    .innerJoin(orgUnits, eq(orgUnits.id, mentoringProgrammes.unitId))
    .where(
      and(
        isNull(mentoringProgrammes.erasedAt),
        sql`${mentoringProgrammes.endsOn} + ${mentoringProgrammes.eraseAfterDays} <= ${today}::date`,
      ),
    )
}

/** The erasure of one programme (see eraseEndedCohorts); null when another run did it first. */
export async function eraseProgrammeData(db: DbOrTx, programmeId: string, now: Date) {
  const [claimed] = await db
    .update(mentoringProgrammes)
    .set({ erasedAt: now })
    .where(and(eq(mentoringProgrammes.id, programmeId), isNull(mentoringProgrammes.erasedAt)))
    .returning({ id: mentoringProgrammes.id })
  if (!claimed) return null
  const inProgramme = eq(mentoringApplications.programmeId, programmeId)
  const tandemsOf = sql`select ${mentoringTandems.id} from ${mentoringTandems} where ${mentoringTandems.programmeId} = ${programmeId}`
  // Dissolved tandems never met; they go with their goals, and with them the last link to unpaired applications.
  const dissolved = sql`select ${mentoringTandems.id} from ${mentoringTandems} where ${mentoringTandems.programmeId} = ${programmeId} and ${mentoringTandems.status} = 'dissolved'`
  await db.delete(mentoringGoals).where(sql`${mentoringGoals.tandemId} in (${dissolved})`)
  await db.delete(mentoringCheckIns).where(sql`${mentoringCheckIns.tandemId} in (${dissolved})`)
  await db
    .delete(mentoringTandems)
    .where(and(eq(mentoringTandems.programmeId, programmeId), eq(mentoringTandems.status, 'dissolved')))
  const unpaired = await db
    .delete(mentoringApplications)
    .where(
      and(
        inProgramme,
        sql`not exists (select 1 from ${mentoringTandems} where ${mentoringTandems.menteeApplicationId} = ${mentoringApplications.id} or ${mentoringTandems.mentorApplicationId} = ${mentoringApplications.id})`,
      ),
    )
    .returning({ id: mentoringApplications.id })
  const blanked = await db
    .update(mentoringApplications)
    .set({ selfDescription: null, sharedContact: null })
    .where(inProgramme)
    .returning({ id: mentoringApplications.id })
  const notes = await db
    .update(mentoringCheckIns)
    .set({ sharedNote: null, privateNote: null })
    .where(sql`${mentoringCheckIns.tandemId} in (${tandemsOf})`)
    .returning({ id: mentoringCheckIns.id })
  await db
    .update(mentoringReviews)
    .set({ tandemComment: null, programmeComment: null })
    .where(sql`${mentoringReviews.tandemId} in (${tandemsOf})`)
  await db
    .update(mentoringTandems)
    .set({ helpNote: null, endReason: null })
    .where(eq(mentoringTandems.programmeId, programmeId))
  return {
    applicationsDeleted: unpaired.length,
    applicationsBlanked: blanked.length,
    checkInsBlanked: notes.length,
  }
}

/**
 * The counts behind each programme's figures, one row per programme: applications by role, tandems
 * formed and how they stand (a running tandem whose cohort ended counts as completed), check-ins and
 * goals of the tandems formed. Dissolved tandems never met and are not counted.
 */
export async function countProgrammeFigures(db: DbOrTx, programmeIds: readonly string[], today: string) {
  if (programmeIds.length === 0) return []
  const ids = sql.join(
    programmeIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )
  return queryRows<ProgrammeCounts & { programmeId: string }>(
    db,
    sql`with p as (select id, ends_on from mentoring_programmes where id in (${ids})),
      a as (select programme_id,
              count(*)::int as applications,
              (count(*) filter (where role = 'mentee'))::int as mentees,
              (count(*) filter (where role = 'mentor'))::int as mentors,
              (count(*) filter (where status = 'accepted'))::int as accepted
            from mentoring_applications where programme_id in (select id from p) group by programme_id),
      t as (select t.id, t.programme_id,
              case when t.status = 'active' and p.ends_on < ${today}::date then 'completed' else t.status end as stands,
              (select count(*) from mentoring_check_ins c where c.tandem_id = t.id)::int as check_ins,
              (select count(*) from mentoring_goals g where g.tandem_id = t.id)::int as goals,
              (select count(*) from mentoring_goals g where g.tandem_id = t.id and g.reached_at is not null)::int as reached
            from mentoring_tandems t join p on p.id = t.programme_id where t.status <> 'dissolved'),
      ts as (select programme_id,
              count(*)::int as tandems,
              (count(*) filter (where stands = 'active'))::int as active,
              (count(*) filter (where stands = 'ended_early'))::int as ended_early,
              (count(*) filter (where stands = 'completed'))::int as completed,
              coalesce(sum(check_ins), 0)::int as check_ins,
              coalesce(sum(goals), 0)::int as goals,
              coalesce(sum(reached), 0)::int as goals_reached,
              (count(*) filter (where goals > 0))::int as tandems_with_goals
            from t group by programme_id),
      r as (select t.programme_id, count(*)::int as reviews,
              sum(r.tandem_rating)::int as tandem_rating_sum, sum(r.programme_rating)::int as programme_rating_sum
            from mentoring_reviews r join t on t.id = r.tandem_id group by t.programme_id)
    select p.id as "programmeId",
      coalesce(a.applications, 0) as applications, coalesce(a.mentees, 0) as mentees,
      coalesce(a.mentors, 0) as mentors, coalesce(a.accepted, 0) as accepted,
      coalesce(ts.tandems, 0) as tandems, coalesce(ts.active, 0) as active,
      coalesce(ts.ended_early, 0) as "endedEarly", coalesce(ts.completed, 0) as completed,
      coalesce(ts.check_ins, 0) as "checkIns", coalesce(ts.goals, 0) as goals,
      coalesce(ts.goals_reached, 0) as "goalsReached", coalesce(ts.tandems_with_goals, 0) as "tandemsWithGoals",
      coalesce(r.reviews, 0) as reviews, coalesce(r.tandem_rating_sum, 0) as "tandemRatingSum",
      coalesce(r.programme_rating_sum, 0) as "programmeRatingSum"
    from p left join a on a.programme_id = p.id left join ts on ts.programme_id = p.id
      left join r on r.programme_id = p.id`,
  )
}

/** The events linked to a programme, in the order they take place. */
export async function listProgrammeEvents(db: DbOrTx, programmeId: string) {
  return db
    .select({
      id: mentoringProgrammeEvents.id,
      kind: mentoringProgrammeEvents.kind,
      eventId: events.id,
      title: events.title,
      startsAt: events.startsAt,
    })
    .from(mentoringProgrammeEvents)
    .innerJoin(events, eq(events.id, mentoringProgrammeEvents.eventId))
    .where(eq(mentoringProgrammeEvents.programmeId, programmeId))
    .orderBy(asc(events.startsAt), asc(events.id))
}

/** Whether the unit hosts the event (alone or with others). */
export async function unitHostsEvent(db: DbOrTx, unitId: string, eventId: string) {
  const [row] = await db
    .select({ id: eventHosts.eventId })
    .from(eventHosts)
    .where(and(eq(eventHosts.eventId, eventId), eq(eventHosts.unitId, unitId)))
  return !!row
}

export async function insertProgrammeEvent(db: DbOrTx, values: typeof mentoringProgrammeEvents.$inferInsert) {
  const [row] = await db.insert(mentoringProgrammeEvents).values(values).onConflictDoNothing().returning()
  return row
}

export async function deleteProgrammeEvent(db: DbOrTx, programmeId: string, id: string) {
  const [row] = await db
    .delete(mentoringProgrammeEvents)
    .where(and(eq(mentoringProgrammeEvents.id, id), eq(mentoringProgrammeEvents.programmeId, programmeId)))
    .returning()
  return row
}

export async function findReview(db: DbOrTx, tandemId: string, applicationId: string) {
  const [row] = await db
    .select()
    .from(mentoringReviews)
    .where(and(eq(mentoringReviews.tandemId, tandemId), eq(mentoringReviews.applicationId, applicationId)))
  return row
}

export async function countReviews(db: DbOrTx, tandemId: string) {
  const rows = await db
    .select({ id: mentoringReviews.id })
    .from(mentoringReviews)
    .where(eq(mentoringReviews.tandemId, tandemId))
  return rows.length
}

/** Inserts a review; nothing when the person reviewed already. */
export async function insertReview(db: DbOrTx, values: typeof mentoringReviews.$inferInsert) {
  const [row] = await db.insert(mentoringReviews).values(values).onConflictDoNothing().returning()
  return row
}

/** Marks goals of the tandem reached (those not marked yet). */
export async function markGoalsReached(db: DbOrTx, tandemId: string, goalIds: readonly string[], now: Date) {
  if (goalIds.length === 0) return
  await db
    .update(mentoringGoals)
    .set({ reachedAt: now })
    .where(
      and(
        eq(mentoringGoals.tandemId, tandemId),
        inArray(mentoringGoals.id, [...goalIds]),
        isNull(mentoringGoals.reachedAt),
      ),
    )
}

/**
 * Whether the member is in the volunteer pool: a current pool consent and a profile. Only then does a
 * closing review offer to add the skills gained to the profile.
 */
export async function inVolunteerPool(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({ id: consents.id })
    .from(consents)
    .innerJoin(volunteerProfiles, eq(volunteerProfiles.memberId, consents.memberId))
    .where(
      and(
        eq(consents.memberId, memberId),
        eq(consents.purpose, VOLUNTEER_POOL_PURPOSE),
        isNull(consents.withdrawnAt),
      ),
    )
  return !!row
}

/** The pool's skills on offer that the member's profile does not name yet. */
export async function skillsNotInProfile(db: DbOrTx, memberId: string) {
  return db
    .select({ id: skills.id, name: skills.name })
    .from(skills)
    .where(
      sql`${skills.retiredAt} is null and not exists (select 1 from ${volunteerProfileSkills} where ${volunteerProfileSkills.memberId} = ${memberId} and ${volunteerProfileSkills.skillId} = ${skills.id})`,
    )
    .orderBy(asc(skills.sortOrder), asc(skills.name))
}

/** Adds skills to the member's pool profile (those it names already stay). */
export async function addProfileSkills(db: DbOrTx, memberId: string, skillIds: readonly string[]) {
  if (skillIds.length === 0) return []
  return db
    .insert(volunteerProfileSkills)
    .values(skillIds.map((skillId) => ({ memberId, skillId })))
    .onConflictDoNothing()
    .returning({ skillId: volunteerProfileSkills.skillId })
}
