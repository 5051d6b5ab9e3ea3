import { and, asc, count, eq, gt, gte, inArray, isNotNull, isNull, like, lt, ne, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { fromJsonRow, jsonObjectSql, preparedStatement, selectColumns } from '../../platform/db/prepared.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { users } from '../accounts/tables.js'
import { type OrgUnit, orgUnits } from '../org-units/tables.js'
import { partnerStatuses, partnerStatusesSql, partnerships } from '../partnerships/tables.js'
import type { EventTeam } from './policy.js'
import {
  calendarTokens,
  type Event,
  type EventRsvp,
  eventHosts,
  eventRsvps,
  eventSeries,
  events,
  type NewEvent,
  type NewEventRsvp,
} from './tables.js'

export async function insertSeries(db: DbOrTx, values: typeof eventSeries.$inferInsert) {
  const [row] = await db.insert(eventSeries).values(values).returning()
  return row!
}

export async function insertEvent(db: DbOrTx, values: NewEvent) {
  const [row] = await db.insert(events).values(values).returning()
  return row!
}

/** Every change raises the event's revision (its iCalendar SEQUENCE). */
export async function updateEvent(db: DbOrTx, id: string, values: Omit<Partial<NewEvent>, 'revision'>) {
  const [row] = await db
    .update(events)
    .set({ ...values, revision: sql`${events.revision} + 1` })
    .where(eq(events.id, id))
    .returning()
  return row!
}

/** The series row, locked: edits of a series queue up behind each other before they lock its events. */
export async function lockSeries(db: DbOrTx, id: string) {
  const [row] = await db.select().from(eventSeries).where(eq(eventSeries.id, id)).for('update')
  return row
}

/**
 * The events of a series that have not started at `now` and are not cancelled, other than `exceptId`,
 * from `after` on (exclusive) when given; locked, in the order they take place.
 */
export async function lockComingInSeries(
  db: DbOrTx,
  seriesId: string,
  opts: { now: Date; exceptId: string; after?: Date },
) {
  const from = opts.after && opts.after > opts.now ? opts.after : opts.now
  return db
    .select()
    .from(events)
    .where(
      and(
        eq(events.seriesId, seriesId),
        ne(events.id, opts.exceptId),
        ne(events.status, 'cancelled'),
        gt(events.startsAt, from),
      ),
    )
    .orderBy(asc(events.startsAt), asc(events.id))
    .for('update')
}

export async function insertHosts(db: DbOrTx, eventId: string, unitIds: readonly string[]) {
  if (unitIds.length === 0) return
  await db
    .insert(eventHosts)
    .values(unitIds.map((unitId) => ({ eventId, unitId })))
    .onConflictDoNothing()
}

export async function findEvent(db: DbOrTx, id: string) {
  const [row] = await db.select().from(events).where(eq(events.id, id))
  return row
}

/** The event row, locked until the transaction ends: sign-ups and cancellations queue up behind it. */
export async function lockEvent(db: DbOrTx, id: string) {
  const [row] = await db.select().from(events).where(eq(events.id, id)).for('update')
  return row
}

export async function findUnits(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .select()
    .from(orgUnits)
    .where(inArray(orgUnits.id, [...ids]))
}

const unitWithVersionStatement = preparedStatement<{ version: string; unit: Record<string, unknown> | null }>(
  'events_unit_with_version',
  `select (select version::text from public_data_version) as version,
     (select ${jsonObjectSql(orgUnits, 'u')} from org_units u where u.id = $1) as unit`,
)

/**
 * A unit with the public data version, read in one round trip before the data that the version stands for
 * (so what is read after it is never older than the version says).
 */
export async function findUnitWithPublicVersion(db: DbOrTx, id: string) {
  const [row] = await unitWithVersionStatement(db, [id])
  return { version: row?.version ?? '', unit: row?.unit ? fromJsonRow(orgUnits, row.unit) : undefined }
}

export async function findUnitsByPaths(db: DbOrTx, paths: readonly string[]) {
  if (paths.length === 0) return []
  return db
    .select()
    .from(orgUnits)
    .where(inArray(orgUnits.path, [...paths]))
    .orderBy(asc(orgUnits.name))
}

/** The host units of each event, by event id. */
export async function listHostsOf(db: DbOrTx, eventIds: readonly string[]) {
  const byEvent = new Map<string, OrgUnit[]>()
  if (eventIds.length === 0) return byEvent
  const rows = await db
    .select({ eventId: eventHosts.eventId, unit: orgUnits })
    .from(eventHosts)
    .innerJoin(orgUnits, eq(orgUnits.id, eventHosts.unitId))
    .where(inArray(eventHosts.eventId, [...eventIds]))
    .orderBy(asc(orgUnits.name))
  for (const r of rows) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r.unit])
  return byEvent
}

/**
 * For each given unit, the paths of the units it is in partnership with, read from the partnership
 * registry. One query for any number of units, so a list of events checks visibility in bulk.
 */
export async function partnerPathsByUnit(db: DbOrTx, unitIds: readonly string[]) {
  const byUnit = new Map<string, string[]>()
  if (unitIds.length === 0) return byUnit
  const ids = [...new Set(unitIds)]
  const a = alias(orgUnits, 'partner_a')
  const b = alias(orgUnits, 'partner_b')
  const rows = await db
    .select({ aId: a.id, aPath: a.path, bId: b.id, bPath: b.path })
    .from(partnerships)
    .innerJoin(a, eq(a.id, partnerships.unitAId))
    .innerJoin(b, eq(b.id, partnerships.unitBId))
    .where(
      and(
        inArray(partnerships.status, [...partnerStatuses]),
        or(inArray(partnerships.unitAId, ids), inArray(partnerships.unitBId, ids)),
      ),
    )
  const add = (unitId: string, path: string) => byUnit.set(unitId, [...(byUnit.get(unitId) ?? []), path])
  for (const r of rows) {
    add(r.aId, r.bPath)
    add(r.bId, r.aPath)
  }
  return byUnit
}

/** The units in partnership with a unit. */
export async function listPartnerUnits(db: DbOrTx, unitId: string) {
  const paths = (await partnerPathsByUnit(db, [unitId])).get(unitId) ?? []
  if (paths.length === 0) return []
  return db.select().from(orgUnits).where(inArray(orgUnits.path, paths)).orderBy(asc(orgUnits.name))
}

export async function deleteHosts(db: DbOrTx, eventId: string) {
  await db.delete(eventHosts).where(eq(eventHosts.eventId, eventId))
}

/** Events that have not ended yet, hosted by one of the units, soonest first. */
export async function listUpcomingHostedBy(db: DbOrTx, unitIds: readonly string[], now: Date, limit = 200) {
  if (unitIds.length === 0) return []
  const hosted = db
    .select({ id: eventHosts.eventId })
    .from(eventHosts)
    .where(inArray(eventHosts.unitId, [...unitIds]))
  return db
    .select()
    .from(events)
    .where(and(inArray(events.id, hosted), gte(events.endsAt, now)))
    .orderBy(asc(events.startsAt))
    .limit(limit)
}

/** Events that have not ended yet, hosted by a unit at or below the given path. */
export async function listUpcomingBelow(db: DbOrTx, path: string, now: Date, limit = 300) {
  const hosted = db
    .select({ id: eventHosts.eventId })
    .from(eventHosts)
    .innerJoin(orgUnits, eq(orgUnits.id, eventHosts.unitId))
    .where(like(orgUnits.path, `${path}%`))
  return db
    .select()
    .from(events)
    .where(and(inArray(events.id, hosted), gte(events.endsAt, now)))
    .orderBy(asc(events.startsAt))
    .limit(limit)
}

export async function listEventsByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .select()
    .from(events)
    .where(inArray(events.id, [...ids]))
    .orderBy(asc(events.startsAt))
}

export async function findRsvpOfUser(db: DbOrTx, eventId: string, userId: string) {
  const [row] = await db
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.eventId, eventId), eq(eventRsvps.userId, userId)))
  return row
}

export async function findRsvpOfGuest(db: DbOrTx, eventId: string, email: string) {
  const [row] = await db
    .select()
    .from(eventRsvps)
    .where(
      and(eq(eventRsvps.eventId, eventId), sql`lower(${eventRsvps.guestEmail}) = ${email.toLowerCase()}`),
    )
  return row
}

export async function findRsvpByTokenHash(db: DbOrTx, hash: string) {
  const [row] = await db.select().from(eventRsvps).where(eq(eventRsvps.confirmTokenHash, hash))
  return row
}

export async function findRsvp(db: DbOrTx, id: string) {
  const [row] = await db.select().from(eventRsvps).where(eq(eventRsvps.id, id))
  return row
}

export async function insertRsvp(db: DbOrTx, values: NewEventRsvp) {
  const [row] = await db.insert(eventRsvps).values(values).returning()
  return row!
}

export async function updateRsvp(db: DbOrTx, id: string, values: Partial<NewEventRsvp>) {
  const [row] = await db.update(eventRsvps).set(values).where(eq(eventRsvps.id, id)).returning()
  return row!
}

/** Places taken on site; online participants need no seat. */
export async function countConfirmedOnSite(db: DbOrTx, eventId: string, exceptRsvpId?: string) {
  const where = [
    eq(eventRsvps.eventId, eventId),
    eq(eventRsvps.status, 'confirmed'),
    eq(eventRsvps.participation, 'on_site'),
  ]
  if (exceptRsvpId) where.push(sql`${eventRsvps.id} <> ${exceptRsvpId}`)
  const [row] = await db
    .select({ n: count() })
    .from(eventRsvps)
    .where(and(...where))
  return Number(row?.n ?? 0)
}

/** The waiting people in the order they queued. */
export async function listWaiting(db: DbOrTx, eventId: string, limit: number) {
  return db
    .select()
    .from(eventRsvps)
    .where(and(eq(eventRsvps.eventId, eventId), eq(eventRsvps.status, 'waitlisted')))
    .orderBy(asc(eventRsvps.queuedAt), asc(eventRsvps.createdAt))
    .limit(limit)
}

export type RsvpWithPerson = { rsvp: EventRsvp; name: string; email: string; locale: string | null }

/** Everyone who signed up, with the name and address to reach them (account or guest). */
export async function listRsvpsWithPeople(db: DbOrTx, eventId: string): Promise<RsvpWithPerson[]> {
  const rows = await db
    .select({ rsvp: eventRsvps, userName: users.displayName, userEmail: users.email, locale: users.locale })
    .from(eventRsvps)
    .leftJoin(users, eq(users.id, eventRsvps.userId))
    .where(eq(eventRsvps.eventId, eventId))
    .orderBy(asc(eventRsvps.queuedAt))
  return rows.map((r) => ({
    rsvp: r.rsvp,
    name: r.userName ?? r.rsvp.guestName ?? '',
    email: r.userEmail ?? r.rsvp.guestEmail ?? '',
    locale: r.rsvp.userId ? r.locale : r.rsvp.guestLocale,
  }))
}

/**
 * The people with a place or waiting at any of these events, with the name, address and language to
 * reach them (account or guest), in the order they signed up.
 */
export async function listHoldersOf(db: DbOrTx, eventIds: readonly string[]): Promise<RsvpWithPerson[]> {
  if (eventIds.length === 0) return []
  const rows = await db
    .select({ rsvp: eventRsvps, userName: users.displayName, userEmail: users.email, locale: users.locale })
    .from(eventRsvps)
    .leftJoin(users, eq(users.id, eventRsvps.userId))
    .where(
      and(
        inArray(eventRsvps.eventId, [...eventIds]),
        inArray(eventRsvps.status, ['confirmed', 'waitlisted']),
      ),
    )
    .orderBy(asc(eventRsvps.queuedAt), asc(eventRsvps.id))
  return rows.map((r) => ({
    rsvp: r.rsvp,
    name: r.userName ?? r.rsvp.guestName ?? '',
    email: r.userEmail ?? r.rsvp.guestEmail ?? '',
    locale: r.rsvp.userId ? r.locale : r.rsvp.guestLocale,
  }))
}

export async function findUserContact(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ email: users.email, name: users.displayName, locale: users.locale, optOuts: users.mailOptOuts })
    .from(users)
    .where(eq(users.id, userId))
  return row
}

/** Clears the access needs (ticks and text) of every RSVP to an event that has ended; returns the RSVPs cleared. */
export async function clearEndedAccessNeeds(db: DbOrTx, now: Date) {
  const ended = db.select({ id: events.id }).from(events).where(lt(events.endsAt, now))
  const rows = await db
    .update(eventRsvps)
    .set({ accessNeeds: null, accessNeedKinds: [] })
    .where(
      and(
        or(isNotNull(eventRsvps.accessNeeds), sql`cardinality(${eventRsvps.accessNeedKinds}) > 0`),
        inArray(eventRsvps.eventId, ended),
      ),
    )
    .returning({ id: eventRsvps.id, eventId: eventRsvps.eventId })
  return rows
}

/**
 * Marks the confirmed RSVPs of published events starting in [from, to) as reminded and returns them;
 * the UPDATE … WHERE reminded_at IS NULL makes a second run (or a concurrent one) find nothing.
 */
export async function claimReminders(db: DbOrTx, from: Date, to: Date, now: Date) {
  const due = db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.status, 'published'), gte(events.startsAt, from), lt(events.startsAt, to)))
  return db
    .update(eventRsvps)
    .set({ remindedAt: now })
    .where(
      and(
        eq(eventRsvps.status, 'confirmed'),
        isNull(eventRsvps.remindedAt),
        inArray(eventRsvps.eventId, due),
      ),
    )
    .returning()
}

/** The events a person signed up for (with a place or on the waitlist), from a date on. */
export async function listEventsOfUser(db: DbOrTx, userId: string, from: Date) {
  return db
    .select({ event: events, status: eventRsvps.status })
    .from(eventRsvps)
    .innerJoin(events, eq(events.id, eventRsvps.eventId))
    .where(
      and(
        eq(eventRsvps.userId, userId),
        inArray(eventRsvps.status, ['confirmed', 'waitlisted']),
        gte(events.endsAt, from),
      ),
    )
    .orderBy(asc(events.startsAt))
}

export async function upsertCalendarToken(db: DbOrTx, userId: string, tokenHash: string, now: Date) {
  await db
    .insert(calendarTokens)
    .values({ userId, tokenHash, createdAt: now })
    .onConflictDoUpdate({ target: calendarTokens.userId, set: { tokenHash, createdAt: now } })
}

export async function findCalendarToken(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(calendarTokens).where(eq(calendarTokens.userId, userId))
  return row
}

export async function findUserByCalendarToken(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ userId: users.id, name: users.displayName, deactivatedAt: users.deactivatedAt })
    .from(calendarTokens)
    .innerJoin(users, eq(users.id, calendarTokens.userId))
    .where(eq(calendarTokens.tokenHash, tokenHash))
  return row
}

/** Attendance figures of events, for reports: how many came, how many had a place. */
export async function attendanceCounts(db: DbOrTx, eventIds: readonly string[]) {
  if (eventIds.length === 0) return []
  return db
    .select({
      eventId: eventRsvps.eventId,
      confirmed: sql<number>`count(*) filter (where ${eventRsvps.status} = 'confirmed')`.mapWith(Number),
      attended: sql<number>`count(*) filter (where ${eventRsvps.attendedAt} is not null)`.mapWith(Number),
    })
    .from(eventRsvps)
    .where(inArray(eventRsvps.eventId, [...eventIds]))
    .groupBy(eventRsvps.eventId)
}

// ---- the statements of the pages people open most: one round trip each ----

export type HostJson = { unit: Record<string, unknown>; partnerPaths: string[] }
export type EventWithHostsRow = Event & { hosts: HostJson[] | null; hostTeam: EventTeam | null }

/** The team organising the event `ev`, as EventTeam, its leads only while it runs. */
const hostTeamSql = `(select json_build_object('id', t.unit_id, 'name', tu.name, 'hostId', th.id, 'hostName', th.name,
       'hostPath', th.path, 'ended', t.ended_at is not null, 'leadMemberIds', case when t.ended_at is null then coalesce(
         (select json_agg(m.member_id) from team_members m
          where m.team_id = t.unit_id and m.role = 'lead' and m.status = 'active'), '[]'::json) else '[]'::json end)
     from teams t join org_units tu on tu.id = t.unit_id join org_units th on th.id = tu.parent_id
     where t.unit_id = ev.host_team_id) as "hostTeam"`

/**
 * After a CTE `ev` of events: their rows, each with its host units and, per host, the paths of the
 * units in partnership with it. Each host unit is read once however many events it hosts, by its
 * primary key, and its partners through the two partnership indexes.
 */
const withHostsSql = `,
  hosting as materialized (select h.event_id, h.unit_id from event_hosts h where h.event_id in (select id from ev)),
  host_unit as materialized (
    select x.unit_id,
           (select ${jsonObjectSql(orgUnits, 'u')} from org_units u where u.id = x.unit_id) as unit,
           (select array_agg(distinct p.path) from partnerships ps
            join org_units p on p.id = case when ps.unit_a_id = x.unit_id then ps.unit_b_id else ps.unit_a_id end
            where (ps.unit_a_id = x.unit_id or ps.unit_b_id = x.unit_id) and ps.status in (${partnerStatusesSql})) as paths
    from (select distinct unit_id from hosting) x),
  hosts as (
    select hg.event_id,
           json_agg(json_build_object('unit', hu.unit, 'partnerPaths', coalesce(hu.paths, '{}')) order by hu.unit->>'name') as hosts
    from hosting hg join host_unit hu on hu.unit_id = hg.unit_id
    group by hg.event_id)
  select ${selectColumns(events, 'ev')}, ${hostTeamSql}, hs.hosts
  from ev left join hosts hs on hs.event_id = ev.id order by ev.starts_at, ev.id`

const upcomingHostedByStatement = preparedStatement<EventWithHostsRow>(
  'events_upcoming_hosted_by',
  `with ev as (
     select e.* from events e
     where e.id in (select h.event_id from event_hosts h where h.unit_id = any($1::uuid[])) and e.ends_at >= $2
     order by e.starts_at, e.id limit $3)${withHostsSql}`,
)

const upcomingBelowStatement = preparedStatement<EventWithHostsRow>(
  'events_upcoming_below',
  `with ev as (
     select e.* from events e
     where e.id in (select h.event_id from event_hosts h join org_units u on u.id = h.unit_id where u.path like $1 || '%')
       and e.ends_at >= $2
     order by e.starts_at, e.id limit $3)${withHostsSql}`,
)

const upcomingOfTeamStatement = preparedStatement<EventWithHostsRow>(
  'events_upcoming_of_team',
  `with ev as (
     select e.* from events e where e.host_team_id = $1 and e.ends_at >= $2
     order by e.starts_at, e.id limit $3)${withHostsSql}`,
)

/** Events of a team that have not ended yet, soonest first, with their hosts and the hosts' partners. */
export async function listUpcomingOfTeam(db: DbOrTx, teamId: string, now: Date, limit = 50) {
  return upcomingOfTeamStatement(db, [teamId, now, limit])
}

/** Events that have not ended yet, hosted by one of the units, soonest first, with their hosts and the hosts' partners. */
export async function listUpcomingWithHosts(db: DbOrTx, unitIds: readonly string[], now: Date, limit = 200) {
  if (unitIds.length === 0) return []
  return upcomingHostedByStatement(db, [[...unitIds], now, limit])
}

/** The same for every unit at or below a path (a state's events). */
export async function listUpcomingBelowWithHosts(db: DbOrTx, path: string, now: Date, limit = 300) {
  return upcomingBelowStatement(db, [path.replace(/[\\%_]/g, '\\$&'), now, limit])
}

export type EventPageRow = EventWithHostsRow & {
  rsvp: Record<string, unknown> | null
  placesTaken: number
  waiting: number
}

const eventPageStatement = preparedStatement<EventPageRow>(
  'events_event_page',
  `with ev as (select e.* from events e where e.id = $1)${withHostsSql.replace(
    ', hs.hosts\n',
    `, hs.hosts,
      (select ${jsonObjectSql(eventRsvps, 'r')} from event_rsvps r where r.event_id = ev.id and r.user_id = $2) as rsvp,
      (select count(*)::int from event_rsvps c
       where c.event_id = ev.id and c.status = 'confirmed' and c.participation = 'on_site') as "placesTaken",
      (select count(*)::int from event_rsvps w where w.event_id = ev.id and w.status = 'waitlisted') as waiting\n`,
  )}`,
)

/**
 * An event page in one round trip: the event, its hosts and their partners, the RSVP of this user
 * (if any), the places taken on site and the length of the waitlist, all read now.
 */
export async function findEventPage(db: DbOrTx, id: string, userId: string | null) {
  const [row] = await eventPageStatement(db, [id, userId])
  if (!row) return undefined
  return { ...row, rsvp: row.rsvp ? fromJsonRow(eventRsvps, row.rsvp) : undefined }
}

const eventPageFingerprintStatement = preparedStatement<{ fingerprint: string }>(
  'events_event_page_fingerprint',
  `select concat_ws('|',
     (select version from public_data_version),
     (select count(*) from event_rsvps c
      where c.event_id = $1 and c.status = 'confirmed' and c.participation = 'on_site'),
     (select count(*) from event_rsvps w where w.event_id = $1 and w.status = 'waitlisted')) as fingerprint`,
)

/**
 * What an event page without a session shows and the public data version does not cover: the places
 * taken and the waitlist, counted as the page counts them, with that version, in one round trip.
 */
export async function eventPageFingerprint(db: DbOrTx, id: string) {
  const [row] = await eventPageFingerprintStatement(db, [id])
  return row?.fingerprint ?? ''
}

/** Hosts and the partner paths of a row from these statements, as withHosts gives them. */
export function hostsOfRow(row: EventWithHostsRow) {
  const hosts = (row.hosts ?? []).map(
    (h) => ({ ...h.unit, createdAt: new Date(h.unit.createdAt as string) }) as OrgUnit,
  )
  const partnerPaths = [...new Set((row.hosts ?? []).flatMap((h) => h.partnerPaths))]
  const { hosts: _hosts, hostTeam, ...event } = row
  return { event: event as Event, hosts, partnerPaths, team: hostTeam ?? null }
}

// ---- the public calendar ----

/**
 * A state or KV the public calendar is narrowed to: by id, by its key in the structure (`16`,
 * `16075`), or by its official key (AGS) where exactly one unit of the kind has it.
 */
export async function findCalendarUnit(db: DbOrTx, kind: 'state' | 'district', idOrKey: string) {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrKey)) {
    const [row] = await db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, kind), eq(orgUnits.id, idOrKey)))
    return row
  }
  const rows = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, kind), or(eq(orgUnits.key, idOrKey), eq(orgUnits.ags, idOrKey))))
    .limit(10)
  return rows.find((u) => u.key === idOrKey) ?? (rows.length === 1 ? rows[0] : undefined)
}

/** The states, for the calendar's choice of region. */
export async function listStates(db: DbOrTx) {
  return db
    .select({
      id: orgUnits.id,
      kind: orgUnits.kind,
      name: orgUnits.name,
      key: orgUnits.key,
      ags: orgUnits.ags,
    })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'state'), isNull(orgUnits.dissolvedAt)))
    .orderBy(asc(orgUnits.name))
}

export type CalendarHost = { id: string; name: string; lat: number | null; lon: number | null }
export type PublicEventRow = Event & { hosts: CalendarHost[] | null }

const publicEventsStatement = preparedStatement<PublicEventRow>(
  'events_public_calendar',
  `with ev as (
     select e.* from events e
     where e.audience = 'public' and e.status in ('published', 'cancelled')
       and e.ends_at >= $2 and e.starts_at < $3
       and e.id in (select h.event_id from event_hosts h join org_units u on u.id = h.unit_id where u.path like $1 || '%')
     order by e.starts_at, e.id limit $4)
   select ${selectColumns(events, 'ev')},
          (select json_agg(json_build_object('id', u.id, 'name', u.name, 'lat', u.anchor_lat, 'lon', u.anchor_lon) order by u.name)
           from event_hosts h join org_units u on u.id = h.unit_id where h.event_id = ev.id) as hosts
   from ev order by ev.starts_at, ev.id`,
)

/**
 * Public events (published, or cancelled so that calendars learn of it) hosted at or below a path,
 * that have not ended by `from` and start before `to`, soonest first, with their hosts' names and points.
 */
export async function listPublicEventsBelow(db: DbOrTx, path: string, from: Date, to: Date, limit: number) {
  return publicEventsStatement(db, [path.replace(/[\\%_]/g, '\\$&'), from, to, limit])
}

/**
 * What the public calendar's cached pages depend on: every event edit raises `updated_at`, a new event
 * the count; units are counted for a structure load. Read at most every few seconds per process.
 */
export async function readPublicCalendarVersion(db: DbOrTx): Promise<string> {
  const [row] = await db
    .select({
      changed: sql<string>`coalesce(max(${events.updatedAt})::text, '')`,
      count: sql<number>`count(*)::int`,
      units: sql<number>`(select count(*)::int from ${orgUnits})`,
    })
    .from(events)
  return `${row?.changed}|${row?.count}|${row?.units}`
}
