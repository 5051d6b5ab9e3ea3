import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
import {
  surveyAnswers,
  surveyLinks,
  surveyParticipations,
  surveyResponses,
  surveys,
  surveyVersions,
} from './tables.js'

export async function insertSurvey(db: DbOrTx, values: typeof surveys.$inferInsert) {
  const [row] = await db.insert(surveys).values(values).returning()
  return row!
}

export async function findSurvey(db: DbOrTx, id: string) {
  const [row] = await db.select().from(surveys).where(eq(surveys.id, id))
  return row
}

/** Moves a survey on from the status it is in; nothing when another request moved it first. */
export async function updateSurveyStatus(
  db: DbOrTx,
  id: string,
  from: (typeof surveys.$inferSelect)['status'],
  values: Partial<typeof surveys.$inferInsert>,
) {
  const [row] = await db
    .update(surveys)
    .set(values)
    .where(and(eq(surveys.id, id), eq(surveys.status, from)))
    .returning()
  return row
}

/** A unit's surveys, newest first, with how many answered each. */
export async function listSurveysOfUnit(db: DbOrTx, unitId: string) {
  return db
    .select({
      id: surveys.id,
      title: surveys.title,
      status: surveys.status,
      anonymous: surveys.anonymous,
      createdAt: surveys.createdAt,
      answered: sql<number>`(select count(*)::int from ${surveyParticipations} where ${surveyParticipations.surveyId} = ${surveys.id})`,
    })
    .from(surveys)
    .where(eq(surveys.unitId, unitId))
    .orderBy(desc(surveys.createdAt))
}

/** The newest version of a survey; the lock keeps two edits from both making "the next" version. */
export async function latestVersion(db: DbOrTx, surveyId: string, opts: { lock?: boolean } = {}) {
  const q = db
    .select()
    .from(surveyVersions)
    .where(eq(surveyVersions.surveyId, surveyId))
    .orderBy(desc(surveyVersions.number))
    .limit(1)
  const [row] = opts.lock ? await q.for('update') : await q
  return row!
}

export async function listVersions(db: DbOrTx, surveyId: string) {
  return db
    .select({
      id: surveyVersions.id,
      number: surveyVersions.number,
      createdAt: surveyVersions.createdAt,
      responses: sql<number>`(select count(*)::int from ${surveyResponses} where ${surveyResponses.versionId} = ${surveyVersions.id})`,
    })
    .from(surveyVersions)
    .where(eq(surveyVersions.surveyId, surveyId))
    .orderBy(asc(surveyVersions.number))
}

export async function insertVersion(db: DbOrTx, values: typeof surveyVersions.$inferInsert) {
  const [row] = await db.insert(surveyVersions).values(values).returning()
  return row!
}

export async function updateVersion(
  db: DbOrTx,
  id: string,
  questionnaire: (typeof surveyVersions.$inferSelect)['questionnaire'],
) {
  await db.update(surveyVersions).set({ questionnaire }).where(eq(surveyVersions.id, id))
}

export async function versionHasResponses(db: DbOrTx, versionId: string) {
  const [row] = await db
    .select({ id: surveyResponses.id })
    .from(surveyResponses)
    .where(eq(surveyResponses.versionId, versionId))
    .limit(1)
  return !!row
}

export async function countParticipations(db: DbOrTx, surveyId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(surveyParticipations)
    .where(eq(surveyParticipations.surveyId, surveyId))
  return row?.n ?? 0
}

/** What a survey needs to know about a member who answers: home KV, the unit of their membership, address. */
export async function findRespondent(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({
      id: members.id,
      firstName: members.firstName,
      email: members.email,
      homeUnitId: members.homeUnitId,
      unitPath: orgUnits.path,
    })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, sql`coalesce(${members.localUnitId}, ${members.homeUnitId})`))
    .where(and(eq(members.id, memberId), isNull(members.leftOn), isNull(members.erasedAt)))
  return row
}

export async function hasParticipated(db: DbOrTx, surveyId: string, memberId: string) {
  const [row] = await db
    .select({ at: surveyParticipations.answeredAt })
    .from(surveyParticipations)
    .where(and(eq(surveyParticipations.surveyId, surveyId), eq(surveyParticipations.memberId, memberId)))
  return !!row
}

/** The "already answered" mark; nothing when the member answered first in another request. */
export async function insertParticipation(db: DbOrTx, values: typeof surveyParticipations.$inferInsert) {
  const [row] = await db.insert(surveyParticipations).values(values).onConflictDoNothing().returning()
  return row
}

export async function insertResponse(db: DbOrTx, values: typeof surveyResponses.$inferInsert) {
  const [row] = await db.insert(surveyResponses).values(values).returning({ id: surveyResponses.id })
  return row!
}

export async function insertAnswers(db: DbOrTx, rows: (typeof surveyAnswers.$inferInsert)[]) {
  if (rows.length > 0) await db.insert(surveyAnswers).values(rows)
}

export async function findLinkByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db.select().from(surveyLinks).where(eq(surveyLinks.tokenHash, tokenHash))
  return row
}

export async function insertLinks(db: DbOrTx, rows: (typeof surveyLinks.$inferInsert)[]) {
  if (rows.length === 0) return []
  return db
    .insert(surveyLinks)
    .values(rows)
    .onConflictDoNothing()
    .returning({ memberId: surveyLinks.memberId })
}

/**
 * The members of the unit's subtree with an e-mail address who have neither answered nor been sent a link:
 * the recipients of the next round of personal links.
 */
export async function membersWithoutLink(db: DbOrTx, surveyId: string, unitPath: string) {
  return db
    .select({ id: members.id, firstName: members.firstName, email: members.email })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, sql`coalesce(${members.localUnitId}, ${members.homeUnitId})`))
    .where(
      and(
        sql`${orgUnits.path} like ${`${unitPath}%`}`,
        isNull(members.leftOn),
        isNull(members.erasedAt),
        isNotNull(members.email),
        sql`not exists (select 1 from ${surveyLinks} where ${surveyLinks.surveyId} = ${surveyId} and ${surveyLinks.memberId} = ${members.id})`,
        sql`not exists (select 1 from ${surveyParticipations} where ${surveyParticipations.surveyId} = ${surveyId} and ${surveyParticipations.memberId} = ${members.id})`,
      ),
    )
}

/** The surveys open to a member: those of the units above (or at) the unit of their membership. */
export async function openSurveysFor(db: DbOrTx, memberId: string, memberUnitPath: string) {
  return db
    .select({
      id: surveys.id,
      title: surveys.title,
      anonymous: surveys.anonymous,
      unitId: surveys.unitId,
      unitName: orgUnits.name,
      answered: sql<boolean>`exists (select 1 from ${surveyParticipations} where ${surveyParticipations.surveyId} = ${surveys.id} and ${surveyParticipations.memberId} = ${memberId})`,
    })
    .from(surveys)
    .innerJoin(orgUnits, eq(orgUnits.id, surveys.unitId))
    .where(and(eq(surveys.status, 'open'), sql`${memberUnitPath} like ${orgUnits.path} || '%'`))
    .orderBy(desc(surveys.openedAt))
}

export async function unitsByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return []
  return db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, ids))
}

/**
 * The counts results are built from, aggregated by the database: per question, KV and chosen option or number,
 * and per question and KV the respondents who answered it. No answer leaves the database one by one.
 */
export async function resultCounts(db: DbOrTx, versionId: string) {
  const counts = await queryRows<{
    q: string
    u: string | null
    o: string | null
    v: number | null
    n: number
  }>(
    db,
    sql`select a.question_key as q, r.unit_id as u, a.option as o, a.number_value as v, count(*)::int as n
          from ${surveyAnswers} a join ${surveyResponses} r on r.id = a.response_id
         where a.version_id = ${versionId} and a.text_value is null
         group by a.question_key, r.unit_id, a.option, a.number_value`,
  )
  const bases = await queryRows<{ q: string; u: string | null; n: number }>(
    db,
    sql`select a.question_key as q, r.unit_id as u, count(distinct a.response_id)::int as n
          from ${surveyAnswers} a join ${surveyResponses} r on r.id = a.response_id
         where a.version_id = ${versionId}
         group by a.question_key, r.unit_id`,
  )
  const respondents = await queryRows<{ u: string | null; n: number }>(
    db,
    sql`select unit_id as u, count(*)::int as n from ${surveyResponses}
         where version_id = ${versionId} group by unit_id`,
  )
  return { counts, bases, respondents }
}

/** The free-text answers to a question, of everyone or of one KV, at most `limit`, in no personal order. */
export async function textAnswers(
  db: DbOrTx,
  versionId: string,
  questionKey: string,
  unitId: string | null,
  limit: number,
) {
  const rows = await queryRows<{ text: string }>(
    db,
    sql`select a.text_value as text
          from ${surveyAnswers} a join ${surveyResponses} r on r.id = a.response_id
         where a.version_id = ${versionId} and a.question_key = ${questionKey} and a.text_value is not null
           ${unitId === null ? sql`` : sql`and r.unit_id = ${unitId}`}
         order by a.id limit ${limit}`,
  )
  return rows.map((r) => r.text)
}

/** The responses of a personal survey's version with the member, for the owners' raw export. */
export async function rawResponses(db: DbOrTx, versionId: string) {
  return queryRows<{
    id: string
    memberNumber: string | null
    firstName: string | null
    lastName: string | null
    unitName: string | null
    channel: string
    submittedAt: Date | string | null
    answers: { q: string; o: string | null; v: number | null; t: string | null }[]
  }>(
    db,
    sql`select r.id, m.member_number as "memberNumber", m.first_name as "firstName", m.last_name as "lastName",
               u.name as "unitName", r.channel, r.submitted_at as "submittedAt",
               coalesce((select json_agg(json_build_object('q', a.question_key, 'o', a.option, 'v', a.number_value, 't', a.text_value) order by a.id)
                           from ${surveyAnswers} a where a.response_id = r.id), '[]'::json) as answers
          from ${surveyResponses} r
          left join ${members} m on m.id = r.member_id
          left join ${orgUnits} u on u.id = r.unit_id
         where r.version_id = ${versionId} and r.member_id is not null
         order by r.submitted_at, r.id`,
  )
}

export async function findVersion(db: DbOrTx, surveyId: string, number: number) {
  const [row] = await db
    .select()
    .from(surveyVersions)
    .where(and(eq(surveyVersions.surveyId, surveyId), eq(surveyVersions.number, number)))
  return row
}
