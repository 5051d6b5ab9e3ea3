import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  type Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm'
import { actingRoleOfGrantsSql } from '../../platform/audit/record.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { preparedTemplate } from '../../platform/db/prepared.js'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { users } from '../accounts/tables.js'
import { eventRsvps } from '../events/tables.js'
import { members } from '../members/tables.js'
import { onboardingContacts, onboardingPipelines } from '../onboarding/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { berlinClock, type CallingHours, nextOpening } from './calling-hours.js'
import type { Questionnaire } from './questionnaire.js'
import {
  type CallOutcome,
  type CampaignFilters,
  campaignCallers,
  campaignCalls,
  campaignTargets,
  memberDoNotCall,
  type Survey,
  surveyAnswers,
  surveyCampaigns,
  surveyLinks,
  surveyParticipations,
  surveyResponses,
  surveyResultCounts,
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
 * The counts results are built from, as the database keeps them (`survey_result_counts`, updated by triggers in
 * the transaction of every answer): per question, KV and chosen option or number; per question and KV the
 * respondents who answered it; per KV the respondents. One query over a few rows per question and KV, however
 * many answered; no answer leaves the database one by one.
 */
export async function resultCounts(db: DbOrTx, versionId: string) {
  const rows = await queryRows<{
    q: string | null
    u: string | null
    o: string | null
    v: number | null
    n: number
  }>(
    db,
    sql`select question_key as q, unit_id as u, option as o, number_value as v, n
          from ${surveyResultCounts} where version_id = ${versionId} and n > 0`,
  )
  const counts: { q: string; u: string | null; o: string | null; v: number | null; n: number }[] = []
  const bases: { q: string; u: string | null; n: number }[] = []
  const respondents: { u: string | null; n: number }[] = []
  for (const r of rows) {
    if (r.q === null) respondents.push({ u: r.u, n: r.n })
    else if (r.o === null && r.v === null) bases.push({ q: r.q, u: r.u, n: r.n })
    else counts.push({ q: r.q, u: r.u, o: r.o, v: r.v, n: r.n })
  }
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

// ---- phone campaigns

/** A claim older than this returns to the pool: the caller left without recording an outcome. */
export const CLAIM_MINUTES = 30
/** A call-back that its caller has not taken up a day after its time goes to any caller. */
export const CALLBACK_GRACE_HOURS = 24

export async function insertCampaign(db: DbOrTx, values: typeof surveyCampaigns.$inferInsert) {
  const [row] = await db.insert(surveyCampaigns).values(values).returning()
  return row!
}

/**
 * A campaign; `lock` holds its row to the end of the transaction: `share` while a call-back is checked against
 * its calling hours, `update` while the owners change them, so the two wait for each other.
 */
export async function findCampaign(db: DbOrTx, id: string, opts: { lock?: 'share' | 'update' } = {}) {
  const q = db.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id))
  const [row] = opts.lock ? await q.for(opts.lock) : await q
  return row
}

/** The script and the calling hours of a running campaign; nothing once it has ended. */
export async function updateCampaignSettings(
  db: DbOrTx,
  id: string,
  values: { script: string; callingHours: CallingHours },
) {
  const [row] = await db
    .update(surveyCampaigns)
    .set(values)
    .where(and(eq(surveyCampaigns.id, id), eq(surveyCampaigns.status, 'running')))
    .returning()
  return row
}

/** The call-backs waiting in a campaign, with their time. */
export async function pendingCallbacks(db: DbOrTx, campaignId: string) {
  return db
    .select({ id: campaignTargets.id, callbackAt: campaignTargets.callbackAt })
    .from(campaignTargets)
    .where(
      and(
        eq(campaignTargets.campaignId, campaignId),
        eq(campaignTargets.state, 'callback'),
        isNotNull(campaignTargets.callbackAt),
      ),
    )
}

/** Gives call-backs a new time, in one statement; a row that is no call-back any more is left as it is. */
export async function moveCallbacks(db: DbOrTx, moves: { id: string; at: Date }[]) {
  if (moves.length === 0) return 0
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update ${campaignTargets} t set callback_at = v.at
          from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as v(id uuid, at timestamptz)
         where t.id = v.id and t.state = 'callback'
        returning t.id`,
  )
  return rows.length
}

export async function listCampaignsOfSurvey(db: DbOrTx, surveyId: string) {
  return db
    .select()
    .from(surveyCampaigns)
    .where(eq(surveyCampaigns.surveyId, surveyId))
    .orderBy(desc(surveyCampaigns.createdAt))
}

/**
 * Makes the call list in one statement: the members of the unit's subtree (or of one KV in it) with a phone
 * number, who have not left, have no do-not-call mark and match the filters.
 */
export async function fillCallList(
  db: DbOrTx,
  campaignId: string,
  unitPath: string,
  f: CampaignFilters,
  now: Date,
) {
  const yearAgo = new Date(now.getTime() - 365 * 24 * 60 * 60 * 1000)
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with added as (
          insert into ${campaignTargets} (campaign_id, member_id, unit_id)
          select ${campaignId}, m.id, m.home_unit_id
            from ${members} m join ${orgUnits} u on u.id = m.home_unit_id
           where u.path like ${`${unitPath}%`}
             and m.left_on is null and m.erased_at is null
             and m.phone is not null and m.phone <> ''
             and not exists (select 1 from ${memberDoNotCall} d where d.member_id = m.id)
             ${f.kvId ? sql`and m.home_unit_id = ${f.kvId}` : sql``}
             ${f.enteredFrom ? sql`and m.entered_on >= ${f.enteredFrom}` : sql``}
             ${f.enteredTo ? sql`and m.entered_on <= ${f.enteredTo}` : sql``}
             ${
               f.neverReachedByOnboarding
                 ? sql`and not exists (select 1 from ${onboardingContacts} c join ${onboardingPipelines} p on p.id = c.pipeline_id
                                        where p.member_id = m.id and c.outcome = 'reached')`
                 : sql``
             }
             ${
               f.noEventIn12Months
                 ? sql`and not exists (select 1 from ${eventRsvps} r join ${users} a on a.id = r.user_id
                                        where a.member_id = m.id and r.attended_at >= ${yearAgo.toISOString()})`
                 : sql``
             }
          on conflict do nothing
          returning 1)
        select count(*)::int as n from added`,
  )
  return rows[0]?.n ?? 0
}

/**
 * A caller of the campaign who has not been removed. `lock` holds the row until the transaction ends, so a
 * removal waits for a "next person" already under way (and then returns its claim to the pool) or is seen by it.
 */
export async function findCaller(
  db: DbOrTx,
  campaignId: string,
  userId: string,
  opts: { lock?: boolean } = {},
) {
  const q = db
    .select()
    .from(campaignCallers)
    .where(
      and(
        eq(campaignCallers.campaignId, campaignId),
        eq(campaignCallers.userId, userId),
        isNull(campaignCallers.removedAt),
      ),
    )
  const [row] = opts.lock ? await q.for('share') : await q
  return row
}

/** Adds a caller; one removed before comes back and confirms the confidentiality note again. */
export async function insertCaller(db: DbOrTx, values: typeof campaignCallers.$inferInsert) {
  const [row] = await db
    .insert(campaignCallers)
    .values(values)
    .onConflictDoUpdate({
      target: [campaignCallers.campaignId, campaignCallers.userId],
      set: { addedAt: values.addedAt, confirmedAt: null, removedAt: null },
      setWhere: isNotNull(campaignCallers.removedAt),
    })
    .returning()
  return row
}

/** Marks a caller removed; nothing when they are no caller of the campaign (any more). */
export async function removeCaller(db: DbOrTx, campaignId: string, userId: string, now: Date) {
  const [row] = await db
    .update(campaignCallers)
    .set({ removedAt: now })
    .where(
      and(
        eq(campaignCallers.campaignId, campaignId),
        eq(campaignCallers.userId, userId),
        isNull(campaignCallers.removedAt),
      ),
    )
    .returning()
  return row
}

/**
 * What a removed caller held goes back: people claimed and not yet recorded are open again for anyone; their
 * call-backs lose the caller and, like any call-back its caller has not taken up, go to anyone a day after
 * their time.
 */
export async function releaseCallerTargets(db: DbOrTx, campaignId: string, userId: string) {
  const mine = and(eq(campaignTargets.campaignId, campaignId), eq(campaignTargets.claimedById, userId))
  const claims = await db
    .update(campaignTargets)
    .set({ state: 'open', claimedById: null, claimedAt: null })
    .where(and(mine, eq(campaignTargets.state, 'claimed')))
    .returning({ id: campaignTargets.id })
  const callbacks = await db
    .update(campaignTargets)
    .set({ claimedById: null })
    .where(and(mine, eq(campaignTargets.state, 'callback')))
    .returning({ id: campaignTargets.id })
  return { claims: claims.length, callbacks: callbacks.length }
}

export async function confirmCaller(db: DbOrTx, campaignId: string, userId: string, now: Date) {
  await db
    .update(campaignCallers)
    .set({ confirmedAt: now })
    .where(
      and(
        eq(campaignCallers.campaignId, campaignId),
        eq(campaignCallers.userId, userId),
        isNull(campaignCallers.confirmedAt),
      ),
    )
}

/** The account of a member of the unit's subtree with this e-mail address: who may be made a caller. */
export async function findAccountInUnit(db: DbOrTx, email: string, unitPath: string) {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(members, eq(members.id, users.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .where(
      and(
        sql`lower(${users.email}) = lower(${email})`,
        isNull(users.deactivatedAt),
        isNull(members.leftOn),
        sql`${orgUnits.path} like ${`${unitPath}%`}`,
      ),
    )
  return row
}

/** The campaigns a person calls for (and was not removed from), with their confirmation. */
export async function campaignsOfCaller(db: DbOrTx, userId: string) {
  return db
    .select({
      id: surveyCampaigns.id,
      name: surveyCampaigns.name,
      status: surveyCampaigns.status,
      confirmedAt: campaignCallers.confirmedAt,
    })
    .from(campaignCallers)
    .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, campaignCallers.campaignId))
    .where(and(eq(campaignCallers.userId, userId), isNull(campaignCallers.removedAt)))
    .orderBy(desc(surveyCampaigns.createdAt))
}

/** The caller's current claim in a campaign (not yet returned to the pool). */
export async function currentClaim(db: DbOrTx, campaignId: string, userId: string, now: Date) {
  const since = new Date(now.getTime() - CLAIM_MINUTES * 60 * 1000)
  const [row] = await db
    .select()
    .from(campaignTargets)
    .where(
      and(
        eq(campaignTargets.campaignId, campaignId),
        eq(campaignTargets.claimedById, userId),
        eq(campaignTargets.state, 'claimed'),
        sql`${campaignTargets.claimedAt} > ${since.toISOString()}`,
      ),
    )
    .limit(1)
  return row
}

/**
 * "Next person", in one statement: claims the first free member of the list for this caller. Free is, in this
 * order: a call-back due for this caller (the earliest first); a claim older than 30 minutes (a call left
 * unfinished); someone not tried yet; a call-back a day overdue, for anyone; then anyone open again, the fewest
 * attempts first. Never a member marked do-not-call, and nobody at all outside the campaign's calling hours on the
 * clocks in Berlin (as `callDesk`'s claim). `coalesce` asks a branch only when the ones before found
 * nobody, and each branch reads its first row from a partial index in the order it wants (`campaign_targets_open_idx`,
 * `_callback_idx`, `_claimed_idx`), so no claim sorts or scans the list, however long it is and however far the
 * campaign has come. The untried branch asks for `attempts <= 0` in the order of attempts (which never fall below 0)
 * rather than `attempts = 0`: PostgreSQL, seeing most of a new list untried, read the equality from the table's start,
 * stepping over every row handed out before it (a list of 50,000 read 15 more pages per 1,000 claims); the order
 * is one only the index gives without sorting, so it reads the index. `FOR UPDATE SKIP LOCKED` makes two callers at the same moment take two different rows.
 */
export async function claimNext(db: DbOrTx, campaignId: string, userId: string, now: Date) {
  // Outside the campaign's calling hours the campaign names no list, and nobody is claimed.
  const clock = berlinClock(now)
  const campaign = sql`(select k.id from ${surveyCampaigns} k
                         where k.id = ${campaignId} and ${inCallingHoursSql(sql`k.calling_hours`, clock.weekday, clock.time)})`
  const rows = await queryRows<{ id: string }>(
    db,
    sql`${claimSql(campaign, userId, claimTimes(now))} returning t.id`,
  )
  return rows[0]?.id ?? null
}

/** A value of a statement: given at once, or named by a placeholder that each call fills (`preparedTemplate`). */
type Value<T> = T | Placeholder

/**
 * Whether the clocks in Berlin show a time inside the calling hours `hours` (a campaign's jsonb column), given as
 * `berlinClock`'s weekday and time: the weekday's window from its start up to (not including) its end; false on a
 * day without hours.
 */
function inCallingHoursSql(hours: SQL, weekday: Value<number>, time: Value<string>) {
  return sql`coalesce(${hours} -> ${weekday}::int ->> 'from' <= ${time}
                      and ${time} < ${hours} -> ${weekday}::int ->> 'to', false)`
}

/** The times a claim at `now` compares with: now, a claim gone stale, a call-back a day overdue. */
function claimTimes(now: Date) {
  return {
    at: now.toISOString(),
    stale: new Date(now.getTime() - CLAIM_MINUTES * 60 * 1000).toISOString(),
    graceOver: new Date(now.getTime() - CALLBACK_GRACE_HOURS * 60 * 60 * 1000).toISOString(),
  }
}

/** The claim of `claimNext` for the campaign whose id `campaign` gives (null: nobody is claimed), without `returning`. */
function claimSql(
  campaign: SQL,
  userId: Value<string>,
  { at, stale, graceOver }: { [K in keyof ReturnType<typeof claimTimes>]: Value<string> },
) {
  const callable = sql`not exists (select 1 from ${memberDoNotCall} d where d.member_id = c.member_id)`
  return sql`update ${campaignTargets} t
           set state = 'claimed', claimed_by_id = ${userId}, claimed_at = ${at}
         where t.id = coalesce(
           (select c.id from ${campaignTargets} c
             where c.campaign_id = ${campaign} and c.state = 'callback' and c.callback_at <= ${at}
               and c.claimed_by_id = ${userId} and ${callable}
             order by c.callback_at limit 1 for update skip locked),
           (select c.id from ${campaignTargets} c
             where c.campaign_id = ${campaign} and c.state = 'claimed' and c.claimed_at <= ${stale} and ${callable}
             limit 1 for update skip locked),
           (select c.id from ${campaignTargets} c
             where c.campaign_id = ${campaign} and c.state = 'open' and c.attempts <= 0 and ${callable}
             order by c.attempts limit 1 for update skip locked),
           (select c.id from ${campaignTargets} c
             where c.campaign_id = ${campaign} and c.state = 'callback' and c.callback_at <= ${graceOver}
               and ${callable}
             order by c.callback_at limit 1 for update skip locked),
           (select c.id from ${campaignTargets} c
             where c.campaign_id = ${campaign} and c.state = 'open' and ${callable}
             order by c.attempts limit 1 for update skip locked))`
}

/** What a caller's desk shows: the campaign, the questionnaire, and the one person they call now, if any. */
export type CallDesk = {
  campaign: {
    id: string
    name: string
    status: 'running' | 'ended'
    script: string
    callingHours: CallingHours
    retentionDays: number
  }
  /** The caller confirmed the confidentiality note. */
  confirmed: boolean
  /** The campaign runs and its survey is open: "next person" may claim. */
  running: boolean
  /** Now lies in the campaign's calling hours (Berlin time): "next person" may claim. */
  inHours: boolean
  /** Outside the calling hours: when they start again (null when in them, or when no day has hours). */
  reopensAt: Date | null
  survey: { id: string; title: string; status: Survey['status'] }
  version: { id: string; number: number; questionnaire: Questionnaire }
  /** The person: first name, KV, phone and the notes of earlier attempts; nothing else. */
  current: {
    target: { id: string }
    firstName: string
    phone: string | null
    kv: string | null
    calls: { outcome: CallOutcome; note: string | null; at: Date }[]
  } | null
}

/**
 * The desk as `callDesk` reads it: the newest version's id, number and revision (its row's `xmin`, which every
 * change of the row renews), and its questionnaire, or null when it is the one the caller named as known.
 */
export type CallDeskRead = Omit<CallDesk, 'version'> & {
  version: { id: string; number: number; revision: string; questionnaire: Questionnaire | null }
}

/** A version of the questionnaire the asking process holds already: `callDesk` then does not send it again. */
export type KnownVersion = { id: string; revision: string }

/** The audit row a claim writes in its statement: the actor's roles (`grantsJson`, for the acting role) and the row's data. */
export type ClaimAudit = {
  grants: string
  data: Record<string, unknown>
  requestId: string | null
}

type CallDeskRow = CallDesk['campaign'] & {
  confirmed: boolean
  running: boolean
  inHours: boolean
  surveyId: string
  surveyTitle: string
  surveyStatus: Survey['status']
  versionId: string
  versionNumber: number
  revision: string
  questionnaire: Questionnaire | null
  targetId: string | null
  firstName: string | null
  phone: string | null
  kv: string | null
  calls: { outcome: CallOutcome; note: string | null; at: string }[] | null
}

/** `callDesk`'s statement, with "next person"'s claim and audit row or without; its values are placeholders. */
function callDeskSql(claim: boolean) {
  const value = (name: string) => sql.placeholder(name)
  const userId = value('userId')
  const claiming = claim
    ? sql`,
      ready as (select g.campaign_id from gate g
                 where g.confirmed and g.running and g.in_hours and not exists (select 1 from mine)),
      claimed as (${claimSql(sql`(select r.campaign_id from ready r)`, userId, {
        at: value('at'),
        stale: value('stale'),
        graceOver: value('graceOver'),
      })}
                  returning t.id, t.member_id),
      audit as (
        insert into ${auditEvents} (actor_user_id, acting_role, unit_id, action, object_type, object_id, data, request_id)
        select ${userId}, ${actingRoleOfGrantsSql(value('grants'), sql`u.path`)}, u.id, 'campaign.person_claimed', 'campaign_target',
               cl.id::text, ${value('data')}::jsonb, ${value('requestId')}
          from claimed cl, ${surveyCampaigns} c join ${surveys} s on s.id = c.survey_id join ${orgUnits} u on u.id = s.unit_id
         where c.id = ${value('campaignId')}),
      person as (select id, member_id from claimed union all select id, member_id from mine)`
    : sql`, person as (select id, member_id from mine)`
  return sql`with gate as (
          select k.campaign_id, k.confirmed_at is not null as confirmed,
                 c.status = 'running' and s.status = 'open' as running,
                 ${inCallingHoursSql(sql`c.calling_hours`, value('weekday'), value('time'))} as in_hours
            from ${campaignCallers} k
            join ${surveyCampaigns} c on c.id = k.campaign_id
            join ${surveys} s on s.id = c.survey_id
           where k.campaign_id = ${value('campaignId')} and k.user_id = ${userId} and k.removed_at is null
           ${claim ? sql`for share of k` : sql``}),
        mine as (
          select t.id, t.member_id from ${campaignTargets} t
           where t.campaign_id = (select g.campaign_id from gate g) and t.claimed_by_id = ${userId}
             and t.state = 'claimed' and t.claimed_at > ${value('stale')}
           limit 1)${claiming}
        select c.id, c.name, c.status, c.script, c.calling_hours as "callingHours", c.retention_days as "retentionDays",
               g.confirmed, g.running, g.in_hours as "inHours", s.id as "surveyId", s.title as "surveyTitle", s.status as "surveyStatus",
               v.id as "versionId", v.number as "versionNumber", v.revision,
               case when v.id = ${value('knownId')}::uuid and v.revision = ${value('knownRevision')}::text then null
                    else v.questionnaire end as questionnaire,
               p.id as "targetId", m.first_name as "firstName", m.phone, ku.name as kv,
               (select json_agg(json_build_object('outcome', x.outcome, 'note', x.note, 'at', x.at) order by x.at)
                  from ${campaignCalls} x where x.target_id = p.id) as calls
          from gate g
          join ${surveyCampaigns} c on c.id = g.campaign_id
          join ${surveys} s on s.id = c.survey_id
          left join lateral (select v.id, v.number, v.xmin::text as revision, v.questionnaire from ${surveyVersions} v
                              where v.survey_id = s.id order by v.number desc limit 1) v on true
          left join (select id, member_id from person limit 1) p on true
          left join ${members} m on m.id = p.member_id
          left join ${orgUnits} ku on ku.id = m.home_unit_id`
}

const nextPersonStatement = preparedTemplate<CallDeskRow>('surveys.next-person', () => callDeskSql(true))
const callDeskStatement = preparedTemplate<CallDeskRow>('surveys.call-desk', () => callDeskSql(false))

/**
 * The caller's desk in one statement: the campaign as a caller (not removed) of it sees it, and the person they
 * call now (a claim of theirs younger than 30 minutes). Nothing when they are no caller of it.
 *
 * With `claim` ("next person") the same statement first claims the next person (`claimNext`'s order) when the
 * caller has confirmed the note, the campaign runs, its survey is open, the clocks in Berlin show a time in its
 * calling hours (`now`'s weekday and time, compared with the day's window) and they hold nobody yet, and writes the
 * audit row of the claim: one round trip, atomic as any statement, no transaction around it. The caller's row is
 * locked (`for share`) to the end of the statement, so a removal at the same moment waits for it (and then returns
 * the person to the pool) or is seen by it (and nobody is claimed).
 *
 * It runs as a prepared statement (`preparedTemplate`): planning it took longer than running it (about 1 ms against
 * 0.4 ms in EXPLAIN ANALYZE on a list of 50,000), so each connection plans it only until PostgreSQL keeps a generic
 * plan. Every value is a parameter; the text is the same for every caller, and it is built once per process
 * (`preparedTemplate`): building it from the template took more of the process's time than reading the answer.
 *
 * The questionnaire of the survey's newest version comes along unless `known` names that version at the revision
 * the statement reads (the row's `xmin`: a version changed in place, while nobody has answered it, gets a new one),
 * then it is null and the caller takes the one they hold (`service.nextPerson`).
 *
 * A claim commits durably, as every write does (SECURITY-GOALS: a 2xx for a write means the row is on disk, and
 * `synchronous_commit` is never turned off for members' data): its audit row says which caller was shown which
 * member's first name and phone number, and a server crash must not lose that record while the caller saw the number.
 */
export async function callDesk(
  db: DbOrTx,
  campaignId: string,
  userId: string,
  now: Date,
  claim?: ClaimAudit,
  known?: KnownVersion,
): Promise<CallDeskRead | undefined> {
  const clock = berlinClock(now)
  const times = claimTimes(now)
  const values = {
    campaignId,
    userId,
    ...times,
    weekday: clock.weekday,
    time: clock.time,
    knownId: known?.id ?? null,
    knownRevision: known?.revision ?? null,
    grants: claim?.grants ?? null,
    data: claim ? JSON.stringify(claim.data) : null,
    requestId: claim?.requestId ?? null,
  }
  const rows = await (claim ? nextPersonStatement : callDeskStatement)(db, values)
  const row = rows[0]
  if (!row) return undefined
  return {
    campaign: {
      id: row.id,
      name: row.name,
      status: row.status,
      script: row.script,
      callingHours: row.callingHours,
      retentionDays: row.retentionDays,
    },
    confirmed: row.confirmed,
    running: row.running,
    inHours: row.inHours,
    reopensAt: row.inHours ? null : nextOpening(row.callingHours, now),
    survey: { id: row.surveyId, title: row.surveyTitle, status: row.surveyStatus },
    version: {
      id: row.versionId,
      number: row.versionNumber,
      revision: row.revision,
      questionnaire: row.questionnaire,
    },
    current: row.targetId
      ? {
          target: { id: row.targetId },
          firstName: row.firstName ?? '',
          phone: row.phone,
          kv: row.kv,
          calls: (row.calls ?? []).map((c) => ({ ...c, at: new Date(c.at) })),
        }
      : null,
  }
}

/** Moves a claimed target on after a call; nothing when the caller no longer holds it. */
export async function closeClaim(
  db: DbOrTx,
  targetId: string,
  userId: string,
  values: Partial<typeof campaignTargets.$inferInsert>,
) {
  const [row] = await db
    .update(campaignTargets)
    .set({ ...values, attempts: sql`${campaignTargets.attempts} + 1` })
    .where(
      and(
        eq(campaignTargets.id, targetId),
        eq(campaignTargets.claimedById, userId),
        eq(campaignTargets.state, 'claimed'),
      ),
    )
    .returning()
  return row
}

export async function insertCall(db: DbOrTx, values: typeof campaignCalls.$inferInsert) {
  await db.insert(campaignCalls).values(values)
}

export async function markDoNotCall(db: DbOrTx, memberId: string, now: Date) {
  await db.insert(memberDoNotCall).values({ memberId, at: now }).onConflictDoNothing()
}

/** Progress per KV: on the list, called at least once, reached, still to do. */
export async function progressByUnit(db: DbOrTx, campaignId: string) {
  return queryRows<{
    unitId: string | null
    name: string | null
    total: number
    called: number
    reached: number
    remaining: number
  }>(
    db,
    sql`select t.unit_id as "unitId", u.name, count(*)::int as total,
               count(*) filter (where t.attempts > 0)::int as called,
               count(*) filter (where t.outcome = 'reached')::int as reached,
               count(*) filter (where t.state <> 'done')::int as remaining
          from ${campaignTargets} t left join ${orgUnits} u on u.id = t.unit_id
         where t.campaign_id = ${campaignId}
         group by t.unit_id, u.name order by u.name`,
  )
}

/** Progress per caller: calls made and people reached, for every caller of the campaign (removed ones too). */
export async function progressByCaller(db: DbOrTx, campaignId: string) {
  return queryRows<{
    userId: string
    name: string
    confirmed: boolean
    removed: boolean
    calls: number
    reached: number
  }>(
    db,
    sql`select k.user_id as "userId", a.display_name as name, k.confirmed_at is not null as confirmed,
               k.removed_at is not null as removed,
               (select count(*)::int from ${campaignCalls} c where c.campaign_id = k.campaign_id and c.caller_id = k.user_id) as calls,
               (select count(*)::int from ${campaignCalls} c where c.campaign_id = k.campaign_id and c.caller_id = k.user_id and c.outcome = 'reached') as reached
          from ${campaignCallers} k join ${users} a on a.id = k.user_id
         where k.campaign_id = ${campaignId} order by a.display_name`,
  )
}

export async function endCampaign(db: DbOrTx, id: string, now: Date) {
  const [row] = await db
    .update(surveyCampaigns)
    .set({ status: 'ended', endedAt: now })
    .where(and(eq(surveyCampaigns.id, id), eq(surveyCampaigns.status, 'running')))
    .returning()
  return row
}

/**
 * Purges the notes and outcomes of campaigns that ended longer ago than their retention time: what was said and
 * whom it was about goes, the counts stay. The calls lose their note, call-back time and member; the list loses its
 * members and callers and keeps per row its KV, state, attempts and outcome. So the progress per KV and per caller
 * reads as before, and no row left leads to a member. Returns the campaigns purged.
 */
export async function purgeEndedCampaigns(db: DbOrTx, now: Date) {
  const due = await queryRows<{ id: string }>(
    db,
    sql`select id from ${surveyCampaigns}
         where status = 'ended' and purged_at is null
           and ended_at + make_interval(days => retention_days) <= ${now.toISOString()}`,
  )
  for (const { id } of due) {
    await db
      .update(campaignCalls)
      .set({ memberId: null, note: null, callbackAt: null })
      .where(eq(campaignCalls.campaignId, id))
    await db
      .update(campaignTargets)
      .set({ memberId: null, claimedById: null, claimedAt: null, callbackAt: null })
      .where(eq(campaignTargets.campaignId, id))
    await db.update(surveyCampaigns).set({ purgedAt: now }).where(eq(surveyCampaigns.id, id))
  }
  return due.length
}

/** The KVs in a unit's subtree (or the unit itself when it is one), by name. */
export async function districtsUnder(db: DbOrTx, unitPath: string) {
  return db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'district'), sql`${orgUnits.path} like ${`${unitPath}%`}`))
    .orderBy(asc(orgUnits.name))
}
