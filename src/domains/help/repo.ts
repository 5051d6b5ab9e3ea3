import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { fromJsonRow, jsonObjectSql, preparedStatement, selectColumns } from '../../platform/db/prepared.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { MailAttachment } from '../../platform/mail/mailer.js'
import { type OptionalMail, SIGNUP_DIGEST, users, wantsMail } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { roleGrants } from '../org-units/grants.tables.js'
import { orgUnits } from '../org-units/tables.js'
import { partnerStatuses, partnerStatusesSql, partnerships } from '../partnerships/tables.js'
import {
  donationDrives,
  donationPledges,
  type HelpRequest,
  type HelpShift,
  helpRecords,
  helpRequests,
  helpShifts,
  helpSignups,
  helpTravel,
  type NewHelpRecord,
  type NewHelpRequest,
} from './tables.js'

export async function findUnit(db: DbOrTx, id: string) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id))
  return row
}

/** The path of the unit a member belongs to: the local group when there is one, else the home KV. */
export async function memberUnitPath(db: DbOrTx, memberId: string) {
  const local = alias(orgUnits, 'local_unit')
  const [row] = await db
    .select({ home: orgUnits.path, local: local.path, leftOn: members.leftOn })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .leftJoin(local, eq(local.id, members.localUnitId))
    .where(eq(members.id, memberId))
  if (!row || row.leftOn) return null
  return row.local ?? row.home
}

export async function partnerUnitIds(db: DbOrTx, unitId: string) {
  const rows = await db
    .select({ a: partnerships.unitAId, b: partnerships.unitBId })
    .from(partnerships)
    .where(
      and(
        inArray(partnerships.status, [...partnerStatuses]),
        or(eq(partnerships.unitAId, unitId), eq(partnerships.unitBId, unitId)),
      ),
    )
  return rows.map((r) => (r.a === unitId ? r.b : r.a))
}

/** The unit's open requests and offers, oldest first. */
export async function listOpenRequestsOf(db: DbOrTx, unitId: string) {
  return db
    .select()
    .from(helpRequests)
    .where(and(eq(helpRequests.unitId, unitId), eq(helpRequests.status, 'open')))
    .orderBy(asc(helpRequests.createdAt))
}

export async function findPartnership(db: DbOrTx, id: string) {
  const [row] = await db.select().from(partnerships).where(eq(partnerships.id, id))
  return row
}

export async function listPartnershipsOf(db: DbOrTx, unitId: string) {
  return db
    .select({ id: partnerships.id, a: partnerships.unitAId, b: partnerships.unitBId })
    .from(partnerships)
    .where(
      and(
        inArray(partnerships.status, [...partnerStatuses, 'ended']),
        or(eq(partnerships.unitAId, unitId), eq(partnerships.unitBId, unitId)),
      ),
    )
}

/**
 * Who may be named as a request's contact: members of the unit who hold the coordinator or board
 * role on it. The whole member list is the board's to see, not a coordinator's.
 */
export async function listContactCandidates(db: DbOrTx, unitId: string) {
  return db
    .selectDistinct({ id: members.id, firstName: members.firstName, lastName: members.lastName })
    .from(members)
    .innerJoin(users, eq(users.memberId, members.id))
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(
      and(
        eq(members.homeUnitId, unitId),
        isNull(members.leftOn),
        eq(roleGrants.unitId, unitId),
        isNull(roleGrants.revokedAt),
        inArray(roleGrants.role, ['coordinator', 'board']),
      ),
    )
    .orderBy(asc(members.lastName), asc(members.firstName))
    .limit(100)
}

export async function findMember(db: DbOrTx, id: string) {
  const [row] = await db.select().from(members).where(eq(members.id, id))
  return row
}

/** Where a member can be written to: the member record's address, else their account's. */
export async function memberAddresses(db: DbOrTx, memberIds: readonly string[]) {
  if (memberIds.length === 0) return []
  return db
    .select({
      memberId: members.id,
      firstName: members.firstName,
      email: sql<string | null>`coalesce(${members.email}, ${users.email})`,
    })
    .from(members)
    .leftJoin(users, eq(users.memberId, members.id))
    .where(inArray(members.id, [...memberIds]))
}

// ---- requests and shifts ----

export async function insertRequest(db: DbOrTx, values: NewHelpRequest) {
  const [row] = await db.insert(helpRequests).values(values).returning()
  return row!
}

export async function updateRequest(db: DbOrTx, id: string, values: Partial<NewHelpRequest>) {
  const [row] = await db.update(helpRequests).set(values).where(eq(helpRequests.id, id)).returning()
  return row!
}

export async function findRequestWithUnit(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ request: helpRequests, unit: orgUnits })
    .from(helpRequests)
    .innerJoin(orgUnits, eq(orgUnits.id, helpRequests.unitId))
    .where(eq(helpRequests.id, id))
  return row
}

/** Open requests (of a unit, of a team), newest first; the caller keeps those the actor may see. */
export async function listOpenRequests(
  db: DbOrTx,
  opts: { unitId?: string; teamId?: string; limit?: number } = {},
) {
  return db
    .select({ request: helpRequests, unit: orgUnits })
    .from(helpRequests)
    .innerJoin(orgUnits, eq(orgUnits.id, helpRequests.unitId))
    .where(
      and(
        eq(helpRequests.status, 'open'),
        opts.unitId ? eq(helpRequests.unitId, opts.unitId) : undefined,
        opts.teamId ? eq(helpRequests.teamId, opts.teamId) : undefined,
      ),
    )
    .orderBy(desc(helpRequests.createdAt))
    .limit(opts.limit ?? 300)
}

export async function insertShift(db: DbOrTx, values: typeof helpShifts.$inferInsert) {
  const [row] = await db.insert(helpShifts).values(values).returning()
  return row!
}

export async function findShift(db: DbOrTx, id: string) {
  const [row] = await db.select().from(helpShifts).where(eq(helpShifts.id, id))
  return row
}

/** Locks the shift row, so sign-ups and cancellations of one shift happen one after the other. */
export async function lockShift(db: DbOrTx, id: string) {
  const [row] = await db.select().from(helpShifts).where(eq(helpShifts.id, id)).for('update')
  return row
}

export async function updateShift(db: DbOrTx, id: string, values: Partial<typeof helpShifts.$inferInsert>) {
  const [row] = await db.update(helpShifts).set(values).where(eq(helpShifts.id, id)).returning()
  return row!
}

/** Removes a shift and the sign-ups that were cancelled on it; the caller made sure no other is left. */
export async function deleteShift(db: DbOrTx, id: string) {
  await db.delete(helpSignups).where(and(eq(helpSignups.shiftId, id), eq(helpSignups.status, 'cancelled')))
  await db.delete(helpShifts).where(eq(helpShifts.id, id))
}

/** A shift moved to another time: its reminders are due again the day before the new one. */
export async function clearReminders(db: DbOrTx, shiftId: string) {
  await db.update(helpSignups).set({ remindedAt: null }).where(eq(helpSignups.shiftId, shiftId))
}

/** Everyone with a place or on the waitlist of a shift ends with it. */
export async function cancelSignupsOfShift(db: DbOrTx, shiftId: string, at: Date) {
  await db
    .update(helpSignups)
    .set({ status: 'cancelled', cancelledAt: at })
    .where(and(eq(helpSignups.shiftId, shiftId), inArray(helpSignups.status, ['confirmed', 'waitlisted'])))
}

/**
 * The people with a place or on the waitlist of a shift, with where to write to them and in which
 * language (as for reminders: the account's address first, then the member record's).
 */
export async function activeSignupsOfShift(db: DbOrTx, shiftId: string) {
  return db
    .select({
      signupId: helpSignups.id,
      status: helpSignups.status,
      name: members.firstName,
      leftOn: members.leftOn,
      email: sql<string | null>`coalesce(${users.email}, ${members.email})`,
      locale: users.locale,
    })
    .from(helpSignups)
    .innerJoin(members, eq(members.id, helpSignups.memberId))
    .leftJoin(users, and(eq(users.memberId, members.id), isNull(users.deactivatedAt)))
    .where(and(eq(helpSignups.shiftId, shiftId), inArray(helpSignups.status, ['confirmed', 'waitlisted'])))
    .orderBy(asc(helpSignups.queuedAt))
}

export async function markShiftCompleted(db: DbOrTx, id: string, at: Date) {
  await db.update(helpShifts).set({ completedAt: at }).where(eq(helpShifts.id, id))
}

/** The shifts of a request with how many are confirmed and waiting on each. */
export async function listShiftsWithCounts(db: DbOrTx, requestId: string) {
  return db
    .select({
      shift: helpShifts,
      confirmed: sql<number>`count(*) filter (where ${helpSignups.status} = 'confirmed')::int`,
      waitlisted: sql<number>`count(*) filter (where ${helpSignups.status} = 'waitlisted')::int`,
    })
    .from(helpShifts)
    .leftJoin(helpSignups, eq(helpSignups.shiftId, helpShifts.id))
    .where(eq(helpShifts.requestId, requestId))
    .groupBy(helpShifts.id)
    .orderBy(asc(helpShifts.startsAt))
}

// ---- sign-ups ----

export async function findSignup(db: DbOrTx, shiftId: string, memberId: string) {
  const [row] = await db
    .select()
    .from(helpSignups)
    .where(and(eq(helpSignups.shiftId, shiftId), eq(helpSignups.memberId, memberId)))
  return row
}

export async function findSignupById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(helpSignups).where(eq(helpSignups.id, id))
  return row
}

/**
 * Takes a place on the shift for a sign-up on the waitlist, if there is one, in one statement:
 * `taken < capacity` is checked on the newest version of the shift row once its lock is free, so
 * concurrent sign-ups wait for each other only here, and never overbook. Returns the confirmed
 * sign-up, or undefined when the shift is full (the sign-up stays on the waitlist).
 */
/** A mail of a new sign-up, queued by signUp's statement if the sign-up gets `status`. */
export type SignupMailRow = {
  status: 'confirmed' | 'waitlisted'
  /** Null for the helper's confirmation: its key is the sign-up's (help-signup:<id>:<queued at, ms>). */
  key: string | null
  to_address: string
  subject: string
  body: string
  attachments: MailAttachment[] | null
}

export type SignupAuditRow = {
  actorUserId: string | null
  actingRole: string
  unitId: string | null
  data: Record<string, unknown>
  requestId: string | null
}

// Who gets a place is decided under the shift's row lock, taken only while there is room (`room`): a
// sign-up for a full shift does not wait. The unique index on (shift, member) decides a repeated request
// (double click), also one that committed while this one waited for the lock: its insert does nothing,
// and a place is counted only with a confirmed row inserted (`place`). The audit row and the mails of
// the outcome go in with it, so a sign-up is one statement: one round trip and one transaction.
const signUpStatement = preparedStatement<{ signup: Record<string, unknown> | null }>(
  'help_sign_up',
  `with room as (
     select id from help_shifts
     where id = $1::uuid and taken < capacity and cancelled_at is null
     for no key update),
   signup as (
     insert into help_signups (shift_id, member_id, status, queued_at, created_at)
     values ($1::uuid, $2::uuid, case when exists (select 1 from room) then 'confirmed' else 'waitlisted' end,
             clock_timestamp(), clock_timestamp())
     on conflict (shift_id, member_id) do nothing
     returning *),
   place as (
     update help_shifts set taken = taken + 1
     where id = $1::uuid and exists (select 1 from signup where status = 'confirmed')
     returning id),
   audit as (
     insert into audit_events (actor_user_id, acting_role, unit_id, action, object_type, object_id, data, request_id)
     select $3::uuid, $4::text, $5::uuid,
            case when g.status = 'confirmed' then 'help.signup.confirmed' else 'help.signup.waitlisted' end,
            'help_signup', g.id::text, $6::jsonb, $7::text
     from signup g),
   mails as (
     insert into mail_outbox (key, to_address, subject, body, attachments, created_at, next_attempt_at)
     select coalesce(m.key, 'help-signup:' || g.id::text || ':' || floor(extract(epoch from g.queued_at) * 1000)::bigint::text),
            m.to_address, m.subject, m.body, m.attachments, $8::timestamptz, $8::timestamptz
     from signup g
     join jsonb_to_recordset($9::jsonb)
       as m(status text, key text, to_address text, subject text, body text, attachments jsonb) on m.status = g.status
     on conflict (key) do nothing)
   select (select ${jsonObjectSql(helpSignups, 'g')} from signup g) as signup,
          (select count(*) from place) as places`,
)

/**
 * A new sign-up for a shift, in one statement: confirmed with a place if the shift has room, waitlisted
 * otherwise, with its audit row and the mails of its outcome. Undefined when the member has a row for
 * the shift already (nothing written then).
 */
export async function signUp(
  db: DbOrTx,
  values: { shiftId: string; memberId: string; now: Date; audit: SignupAuditRow; mails: SignupMailRow[] },
) {
  const { audit } = values
  const [row] = await signUpStatement(db, [
    values.shiftId,
    values.memberId,
    audit.actorUserId,
    audit.actingRole,
    audit.unitId,
    JSON.stringify(audit.data),
    audit.requestId,
    values.now.toISOString(),
    JSON.stringify(values.mails),
  ])
  return row?.signup ? fromJsonRow(helpSignups, row.signup) : undefined
}

/** Changes the places taken along with a sign-up's status, under the shift's lock (lockShift). */
export async function takenPlus(db: DbOrTx, shiftId: string, delta: 1 | -1) {
  await db
    .update(helpShifts)
    .set({ taken: sql`${helpShifts.taken} + ${delta}` })
    .where(eq(helpShifts.id, shiftId))
}

/** Counts the places taken again from the sign-ups, for rows written in bulk (demo data, imports). */
export async function recountPlaces(db: DbOrTx, shiftIds?: readonly string[]) {
  await db.execute(
    sql`update help_shifts s set taken = (select count(*) from help_signups g where g.shift_id = s.id and g.status = 'confirmed')
        ${
          shiftIds
            ? sql`where s.id in ${
                shiftIds.length > 0
                  ? sql`(${sql.join(
                      shiftIds.map((id) => sql`${id}`),
                      sql`, `,
                    )})`
                  : sql`(null)`
              }`
            : sql``
        }`,
  )
}

/** Inserts a sign-up unless the member already has a row for the shift (then undefined). */
export async function updateSignup(db: DbOrTx, id: string, values: Partial<typeof helpSignups.$inferInsert>) {
  const [row] = await db.update(helpSignups).set(values).where(eq(helpSignups.id, id)).returning()
  return row!
}

export async function firstWaiting(db: DbOrTx, shiftId: string) {
  const [row] = await db
    .select()
    .from(helpSignups)
    .where(and(eq(helpSignups.shiftId, shiftId), eq(helpSignups.status, 'waitlisted')))
    .orderBy(asc(helpSignups.queuedAt), asc(helpSignups.id))
    .limit(1)
  return row
}

/** A member's sign-ups on the shifts of one request. */
export async function signupsOfMember(db: DbOrTx, requestId: string, memberId: string) {
  return db
    .select({ signup: helpSignups })
    .from(helpSignups)
    .innerJoin(helpShifts, eq(helpShifts.id, helpSignups.shiftId))
    .where(and(eq(helpShifts.requestId, requestId), eq(helpSignups.memberId, memberId)))
}

/** Everyone signed up for a request, with their KV: the coordinator's roster. */
export async function roster(db: DbOrTx, requestId: string) {
  return db
    .select({
      signup: helpSignups,
      shiftId: helpShifts.id,
      firstName: members.firstName,
      lastName: members.lastName,
      homeUnitId: members.homeUnitId,
      unitName: orgUnits.name,
    })
    .from(helpSignups)
    .innerJoin(helpShifts, eq(helpShifts.id, helpSignups.shiftId))
    .innerJoin(members, eq(members.id, helpSignups.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .where(and(eq(helpShifts.requestId, requestId), inArray(helpSignups.status, ['confirmed', 'waitlisted'])))
    .orderBy(asc(helpShifts.startsAt), asc(helpSignups.status), asc(helpSignups.queuedAt))
}

export async function confirmedOfShift(db: DbOrTx, shiftId: string) {
  return db
    .select({ signup: helpSignups, homeUnitId: members.homeUnitId })
    .from(helpSignups)
    .innerJoin(members, eq(members.id, helpSignups.memberId))
    .where(and(eq(helpSignups.shiftId, shiftId), eq(helpSignups.status, 'confirmed')))
}

// ---- records ----

export async function insertRecords(db: DbOrTx, values: NewHelpRecord[]) {
  if (values.length === 0) return []
  return db.insert(helpRecords).values(values).returning()
}

/** Sums per year and direction between two units. */
export async function balanceBetween(db: DbOrTx, a: string, b: string) {
  return db
    .select({
      year: sql<number>`extract(year from ${helpRecords.helpedOn})::int`,
      helperUnitId: helpRecords.helperUnitId,
      people: sql<number>`coalesce(sum(${helpRecords.people}), 0)::int`,
      personMinutes: sql<number>`coalesce(sum(${helpRecords.personMinutes}), 0)::int`,
      euroCents: sql<number>`coalesce(sum(${helpRecords.euroCents}), 0)::int`,
      events: sql<number>`count(*)::int`,
    })
    .from(helpRecords)
    .where(
      or(
        and(eq(helpRecords.helperUnitId, a), eq(helpRecords.helpedUnitId, b)),
        and(eq(helpRecords.helperUnitId, b), eq(helpRecords.helpedUnitId, a)),
      ),
    )
    .groupBy(sql`1`, helpRecords.helperUnitId)
    .orderBy(sql`1 desc`)
}

export async function recordsBetween(db: DbOrTx, a: string, b: string, limit = 100) {
  return db
    .select()
    .from(helpRecords)
    .where(
      or(
        and(eq(helpRecords.helperUnitId, a), eq(helpRecords.helpedUnitId, b)),
        and(eq(helpRecords.helperUnitId, b), eq(helpRecords.helpedUnitId, a)),
      ),
    )
    .orderBy(desc(helpRecords.helpedOn))
    .limit(limit)
}

// ---- travel ----

export async function insertTravel(db: DbOrTx, values: typeof helpTravel.$inferInsert) {
  const [row] = await db.insert(helpTravel).values(values).returning()
  return row!
}

export async function findTravel(db: DbOrTx, id: string) {
  const [row] = await db.select().from(helpTravel).where(eq(helpTravel.id, id))
  return row
}

export async function deleteTravel(db: DbOrTx, id: string) {
  await db.update(helpTravel).set({ offerId: null }).where(eq(helpTravel.offerId, id))
  await db.delete(helpTravel).where(eq(helpTravel.id, id))
}

export async function listTravel(db: DbOrTx, requestId: string) {
  return db
    .select({ travel: helpTravel, firstName: members.firstName, lastName: members.lastName })
    .from(helpTravel)
    .innerJoin(members, eq(members.id, helpTravel.memberId))
    .where(eq(helpTravel.requestId, requestId))
    .orderBy(asc(helpTravel.kind), asc(helpTravel.createdAt))
}

export async function hasTravelEntry(db: DbOrTx, requestId: string, memberId: string) {
  const [row] = await db
    .select({ id: helpTravel.id })
    .from(helpTravel)
    .where(and(eq(helpTravel.requestId, requestId), eq(helpTravel.memberId, memberId)))
    .limit(1)
  return !!row
}

// ---- donation drives ----

export async function insertDrive(db: DbOrTx, values: typeof donationDrives.$inferInsert) {
  const [row] = await db.insert(donationDrives).values(values).returning()
  return row!
}

export async function findDrive(db: DbOrTx, id: string) {
  const beneficiary = alias(orgUnits, 'beneficiary')
  const [row] = await db
    .select({ drive: donationDrives, collecting: orgUnits, beneficiary })
    .from(donationDrives)
    .innerJoin(orgUnits, eq(orgUnits.id, donationDrives.collectingUnitId))
    .innerJoin(beneficiary, eq(beneficiary.id, donationDrives.beneficiaryUnitId))
    .where(eq(donationDrives.id, id))
  return row
}

export async function listDrivesOf(db: DbOrTx, unitId: string) {
  return db
    .select({
      drive: donationDrives,
      // Table-qualified by hand: inside a raw subquery Drizzle would leave the columns ambiguous.
      pledged: sql<number>`(select coalesce(sum(p.amount_cents), 0)::int from donation_pledges p where p.drive_id = ${donationDrives}.id)`,
    })
    .from(donationDrives)
    .where(or(eq(donationDrives.collectingUnitId, unitId), eq(donationDrives.beneficiaryUnitId, unitId)))
    .orderBy(desc(donationDrives.createdAt))
    .limit(50)
}

export async function insertPledge(db: DbOrTx, values: typeof donationPledges.$inferInsert) {
  const [row] = await db.insert(donationPledges).values(values).returning()
  return row!
}

export async function findPledge(db: DbOrTx, id: string) {
  const [row] = await db.select().from(donationPledges).where(eq(donationPledges.id, id))
  return row
}

export async function markPledgeReceived(db: DbOrTx, id: string, at: Date) {
  const [row] = await db
    .update(donationPledges)
    .set({ status: 'received', receivedAt: at })
    .where(eq(donationPledges.id, id))
    .returning()
  return row!
}

export async function listPledges(db: DbOrTx, driveId: string) {
  return db
    .select({ pledge: donationPledges, firstName: members.firstName, lastName: members.lastName })
    .from(donationPledges)
    .innerJoin(members, eq(members.id, donationPledges.memberId))
    .where(eq(donationPledges.driveId, driveId))
    .orderBy(asc(donationPledges.createdAt))
}

// ---- white spots ----

/** How many current members of a unit live under each postal code; no names leave the database. */
export async function memberCountsByPostalCode(db: DbOrTx, unitIds: readonly string[]) {
  if (unitIds.length === 0) return []
  return db
    .select({ unitId: members.homeUnitId, postalCode: members.postalCode, n: sql<number>`count(*)::int` })
    .from(members)
    .where(and(inArray(members.homeUnitId, [...unitIds]), isNull(members.leftOn)))
    .groupBy(members.homeUnitId, members.postalCode)
}

export async function districtsBelow(db: DbOrTx, path: string) {
  return db
    .select()
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.kind, 'district'),
        isNull(orgUnits.dissolvedAt),
        sql`${orgUnits.path} like ${`${path}%`}`,
      ),
    )
    .orderBy(asc(orgUnits.name))
}

// ---- the request page in one round trip ----

type RequestPageRow = HelpRequest & {
  unit: Record<string, unknown>
  partnerUnitIds: string[] | null
  shifts: { shift: Record<string, unknown>; confirmed: number; waitlisted: number }[] | null
  mine: Record<string, unknown>[] | null
  hasTravel: boolean
  travel: { travel: Record<string, unknown>; firstName: string; lastName: string }[] | null
  contactName: string | null
}

const requestPageStatement = preparedStatement<RequestPageRow>(
  'help_request_page',
  `select ${selectColumns(helpRequests, 'q')},
     (select ${jsonObjectSql(orgUnits, 'u')} from org_units u where u.id = q.unit_id) as unit,
     (select array_agg(case when ps.unit_a_id = q.unit_id then ps.unit_b_id else ps.unit_a_id end)
      from partnerships ps
      where (ps.unit_a_id = q.unit_id or ps.unit_b_id = q.unit_id)
        and ps.status in (${partnerStatusesSql})) as "partnerUnitIds",
     (select json_agg(json_build_object('shift', ${jsonObjectSql(helpShifts, 's')},
                      'confirmed', (select count(*) from help_signups c where c.shift_id = s.id and c.status = 'confirmed'),
                      'waitlisted', (select count(*) from help_signups w where w.shift_id = s.id and w.status = 'waitlisted'))
                      order by s.starts_at)
      from help_shifts s where s.request_id = q.id) as shifts,
     (select json_agg(${jsonObjectSql(helpSignups, 'g')})
      from help_signups g join help_shifts s on s.id = g.shift_id
      where s.request_id = q.id and g.member_id = $2) as mine,
     exists (select 1 from help_travel t where t.request_id = q.id and t.member_id = $2) as "hasTravel",
     case when exists (select 1 from help_signups g join help_shifts s on s.id = g.shift_id
                       where s.request_id = q.id and g.member_id = $2 and g.status <> 'cancelled')
            or exists (select 1 from help_travel t where t.request_id = q.id and t.member_id = $2)
     then coalesce((select json_agg(json_build_object('travel', ${jsonObjectSql(helpTravel, 't')},
                                                 'firstName', m.first_name, 'lastName', m.last_name)
                                   order by t.kind, t.created_at)
                    from help_travel t join members m on m.id = t.member_id
                    where t.request_id = q.id), '[]'::json)
     end as travel,
     (select m.first_name || ' ' || m.last_name from members m where m.id = q.contact_member_id) as "contactName"
   from help_requests q where q.id = $1`,
)

/**
 * Everything a request's page shows, read now: the request, its unit and the unit's partners, its
 * shifts with how many are confirmed and waiting on each, the member's own sign-ups, whether the
 * member is on its travel board, and the contact's name; the travel board itself (as listTravel reads
 * it) for a member taking part (signed up or on the board), the people who see it besides those who
 * manage the request: undefined for anyone else, whose page reads it with listTravel if they may.
 */
export async function findRequestPage(db: DbOrTx, id: string, memberId: string | null) {
  const [row] = await requestPageStatement(db, [id, memberId])
  if (!row) return undefined
  const { unit, partnerUnitIds, shifts, mine, hasTravel, travel, contactName, ...request } = row
  return {
    request: request as HelpRequest,
    unit: fromJsonRow(orgUnits, unit),
    partnerUnitIds: partnerUnitIds ?? [],
    shifts: (shifts ?? []).map((s) => ({
      shift: fromJsonRow(helpShifts, s.shift),
      confirmed: s.confirmed,
      waitlisted: s.waitlisted,
    })),
    mine: (mine ?? []).map((g) => fromJsonRow(helpSignups, g)),
    hasTravel,
    travel: travel?.map((r) => ({
      travel: fromJsonRow(helpTravel, r.travel),
      firstName: r.firstName,
      lastName: r.lastName,
    })),
    contactName: contactName ?? '',
  }
}

// ---- a sign-up's reading in one round trip ----

type ShiftForSignupRow = HelpShift & {
  request: Record<string, unknown>
  unit: Record<string, unknown>
  partnerUnitIds: string[] | null
  signup: Record<string, unknown> | null
  locale: string | null
  coordinators: Coordinator[] | null
}

type Coordinator = { userId: string; email: string; name: string; locale: string }

const shiftForSignupStatement = preparedStatement<ShiftForSignupRow>(
  'help_shift_for_signup',
  `select ${selectColumns(helpShifts, 's')},
     ${jsonObjectSql(helpRequests, 'q')} as request,
     ${jsonObjectSql(orgUnits, 'u')} as unit,
     (select array_agg(case when ps.unit_a_id = q.unit_id then ps.unit_b_id else ps.unit_a_id end)
      from partnerships ps
      where (ps.unit_a_id = q.unit_id or ps.unit_b_id = q.unit_id)
        and ps.status in (${partnerStatusesSql})) as "partnerUnitIds",
     (select ${jsonObjectSql(helpSignups, 'g')} from help_signups g where g.shift_id = s.id and g.member_id = $2) as signup,
     (select a.locale from users a where a.id = $3) as locale,
     (select json_agg(json_build_object('userId', c.id, 'email', c.email, 'name', c.display_name, 'locale', c.locale))
      from users c
      where c.deactivated_at is null and not ('help.signupNotice' = any(c.mail_opt_outs))
        and exists (select 1 from role_grants r
                    where r.user_id = c.id and r.unit_id = q.unit_id and r.role = 'coordinator'
                      and r.revoked_at is null)) as coordinators
   from help_shifts s
   join help_requests q on q.id = s.request_id
   join org_units u on u.id = q.unit_id
   where s.id = $1`,
)

/**
 * What a sign-up needs to know before it writes, read now in one round trip: the shift, its request, the
 * request's unit and the unit's partners (who may see it), the member's own sign-up for the shift if any,
 * the language of the member's account (for the confirmation mail), and the unit's coordinators who take
 * a mail per sign-up (as unitCoordinators with 'help.signupNotice' reads them).
 */
export async function findShiftForSignup(db: DbOrTx, shiftId: string, memberId: string, userId: string) {
  const [row] = await shiftForSignupStatement(db, [shiftId, memberId, userId])
  if (!row) return undefined
  const { request, unit, partnerUnitIds, signup, locale, coordinators, ...shift } = row
  return {
    coordinators: coordinators ?? [],
    shift: shift as HelpShift,
    request: fromJsonRow(helpRequests, request),
    unit: fromJsonRow(orgUnits, unit),
    partnerUnitIds: partnerUnitIds ?? [],
    signup: signup ? fromJsonRow(helpSignups, signup) : undefined,
    locale: locale ?? null,
  }
}

/**
 * The coordinators of a unit who can be written to: accounts holding the coordinator role on the unit
 * itself, not deactivated, with their language; with `kind`, only those who have not switched that mail off.
 */
export async function unitCoordinators(db: DbOrTx, unitId: string, kind?: OptionalMail) {
  return db
    .selectDistinct({ userId: users.id, email: users.email, name: users.displayName, locale: users.locale })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(
      and(
        eq(roleGrants.unitId, unitId),
        eq(roleGrants.role, 'coordinator'),
        isNull(roleGrants.revokedAt),
        isNull(users.deactivatedAt),
        kind ? wantsMail(kind) : undefined,
      ),
    )
}

/**
 * Claims the reminders of confirmed sign-ups to shifts starting in [from, to): marks them reminded
 * and returns them, so a second run finds nothing. Shifts already completed are left out.
 */
export async function claimShiftReminders(db: DbOrTx, from: Date, to: Date, now: Date) {
  const due = db
    .select({ id: helpShifts.id })
    .from(helpShifts)
    .where(
      and(
        gte(helpShifts.startsAt, from),
        lt(helpShifts.startsAt, to),
        isNull(helpShifts.completedAt),
        isNull(helpShifts.cancelledAt),
      ),
    )
  return db
    .update(helpSignups)
    .set({ remindedAt: now })
    .where(
      and(
        eq(helpSignups.status, 'confirmed'),
        isNull(helpSignups.remindedAt),
        inArray(helpSignups.shiftId, due),
      ),
    )
    .returning({ id: helpSignups.id })
}

/** What a reminder names: the shift, its request, the helper's name, address and language. */
export async function reminderDetails(db: DbOrTx, signupIds: readonly string[]) {
  if (signupIds.length === 0) return []
  return db
    .select({
      signupId: helpSignups.id,
      shift: helpShifts,
      request: {
        id: helpRequests.id,
        title: helpRequests.title,
        municipalityAgs: helpRequests.municipalityAgs,
      },
      name: members.firstName,
      leftOn: members.leftOn,
      optOuts: users.mailOptOuts,
      email: sql<string | null>`coalesce(${users.email}, ${members.email})`,
      locale: users.locale,
    })
    .from(helpSignups)
    .innerJoin(helpShifts, eq(helpShifts.id, helpSignups.shiftId))
    .innerJoin(helpRequests, eq(helpRequests.id, helpShifts.requestId))
    .innerJoin(members, eq(members.id, helpSignups.memberId))
    .leftJoin(users, and(eq(users.memberId, members.id), isNull(users.deactivatedAt)))
    .where(inArray(helpSignups.id, [...signupIds]))
}

/**
 * The sign-ups of [from, to) (by the time they joined the shift) to requests of units whose
 * coordinators take a daily digest, one row per such coordinator and sign-up; cancelled ones left out.
 */
export async function signupsForDigest(db: DbOrTx, from: Date, to: Date) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.displayName,
      locale: users.locale,
      requestId: helpRequests.id,
      title: helpRequests.title,
      startsAt: helpShifts.startsAt,
      firstName: members.firstName,
      lastName: members.lastName,
      status: helpSignups.status,
    })
    .from(helpSignups)
    .innerJoin(helpShifts, eq(helpShifts.id, helpSignups.shiftId))
    .innerJoin(helpRequests, eq(helpRequests.id, helpShifts.requestId))
    .innerJoin(members, eq(members.id, helpSignups.memberId))
    .innerJoin(
      roleGrants,
      and(
        eq(roleGrants.unitId, helpRequests.unitId),
        eq(roleGrants.role, 'coordinator'),
        isNull(roleGrants.revokedAt),
      ),
    )
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(
      and(
        gte(helpSignups.queuedAt, from),
        lt(helpSignups.queuedAt, to),
        inArray(helpSignups.status, ['confirmed', 'waitlisted']),
        isNull(users.deactivatedAt),
        sql`${SIGNUP_DIGEST} = any(${users.mailOptOuts})`,
        or(isNull(users.memberId), sql`${users.memberId} <> ${helpSignups.memberId}`),
      ),
    )
    .orderBy(asc(users.id), asc(helpShifts.startsAt), asc(helpSignups.queuedAt))
}
