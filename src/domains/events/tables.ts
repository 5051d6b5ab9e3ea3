import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { TIME_ZONE } from '../../platform/time.js'
import { users } from '../accounts/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { teams } from '../teams/tables.js'
import type { InclusionProfile } from './inclusion.js'

export const eventTypes = [
  'neumitgliedertreffen',
  'stammtisch',
  'workshop',
  'podium',
  'aktionstag',
  'infostand',
  'fest',
  'klausur',
  'mitgliederversammlung',
  'online',
] as const
export const eventAudiences = ['own_members', 'partner_members', 'state', 'public'] as const
export const eventStatuses = ['draft', 'published', 'cancelled'] as const
export const rsvpStatuses = ['unconfirmed', 'confirmed', 'waitlisted', 'cancelled'] as const
export const participationModes = ['on_site', 'online'] as const
/**
 * What a person may need to take part, asked at the RSVP as ticks (anything else as text): the organisers
 * see how many need each, to choose a venue and book an interpreter, not who.
 */
export const accessNeedKinds = [
  'wheelchair',
  'step_free',
  'sign_language',
  'hearing_loop',
  'easy_language',
  'quiet_room',
] as const

export const eventType = pgEnum('event_type', eventTypes)
export const eventAudience = pgEnum('event_audience', eventAudiences)
export const eventStatus = pgEnum('event_status', eventStatuses)
export const rsvpStatus = pgEnum('event_rsvp_status', rsvpStatuses)
export const participationMode = pgEnum('event_participation', participationModes)

/**
 * A rule such as "first Tuesday of the month, 19:00–21:00 Europe/Berlin". Its occurrences are ordinary
 * events pointing back to it, so each one can be edited, cancelled and attended on its own.
 */
export const eventSeries = pgTable(
  'event_series',
  {
    id: uuid().primaryKey().defaultRandom(),
    // 1–4 for the first to fourth, -1 for the last such weekday of the month.
    ordinal: smallint().notNull(),
    // 0 = Sunday … 6 = Saturday, as Date#getDay counts.
    weekday: smallint().notNull(),
    startTime: text().notNull(),
    endTime: text().notNull(),
    timeZone: text().notNull().default(TIME_ZONE),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('event_series_ordinal_chk', sql`${t.ordinal} in (-1, 1, 2, 3, 4)`),
    check('event_series_weekday_chk', sql`${t.weekday} between 0 and 6`),
  ],
)

export const events = pgTable(
  'events',
  {
    id: uuid().primaryKey().defaultRandom(),
    type: eventType().notNull(),
    title: text().notNull(),
    description: text(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    // People with care duties plan around the end: a fixed end is a promise, not an estimate.
    hasFixedEnd: boolean().notNull().default(false),
    venueName: text(),
    address: text(),
    transitDirections: text(),
    // Shown only to people with a confirmed place.
    onlineUrl: text(),
    capacity: integer(),
    audience: eventAudience().notNull().default('own_members'),
    status: eventStatus().notNull().default('draft'),
    inclusion: jsonb().$type<InclusionProfile>().notNull().default(sql`'{}'::jsonb`),
    seriesId: uuid().references(() => eventSeries.id),
    // A team or working group that organises the event; its host unit stays among the event's hosts, so the
    // audience and the coordinators' rights are the host's, and the team's active leads organise it as well.
    hostTeamId: uuid().references(() => teams.unitId),
    // Shown at the venue; attendees type it to check themselves in.
    checkInCode: text().notNull(),
    createdById: uuid().references(() => users.id),
    // The iCalendar SEQUENCE: raised with every change an organiser makes, so calendars replace their copy.
    revision: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    check('events_time_order_chk', sql`${t.endsAt} > ${t.startsAt}`),
    check('events_capacity_chk', sql`${t.capacity} is null or ${t.capacity} > 0`),
    index('events_starts_at_idx').on(t.startsAt),
    index('events_series_idx').on(t.seriesId),
    index('events_host_team_idx').on(t.hostTeamId),
  ],
)

/** The units that host an event; several units co-host, e.g. two partner KVs together. */
export const eventHosts = pgTable(
  'event_hosts',
  {
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.unitId] }), index('event_hosts_unit_idx').on(t.unitId)],
)

export const eventRsvps = pgTable(
  'event_rsvps',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    // An account, or a guest known by name and e-mail (public events only).
    userId: uuid().references(() => users.id),
    guestName: text(),
    guestEmail: text(),
    // The language a guest used on the form: their mails (changes, reminders, a place freed) speak it.
    guestLocale: text(),
    // sha256 of a guest's current link: it confirms an unconfirmed RSVP (single use), and the next
    // one, sent after confirmation, cancels it. Cleared once the RSVP is cancelled.
    confirmTokenHash: text(),
    status: rsvpStatus().notNull(),
    participation: participationMode().notNull().default('on_site'),
    childrenAges: integer().array().notNull().default(sql`'{}'::integer[]`),
    // Health data in all but name: organisers only, and purged once the event has ended. The ticks are
    // counted for the organisers without names; the text ("something else") is shown with the name.
    accessNeedKinds: text().array().$type<AccessNeedKind[]>().notNull().default(sql`'{}'::text[]`),
    accessNeeds: text(),
    // When the person took their current place in line: the waitlist is served in this order.
    queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    remindedAt: timestamp({ withTimezone: true }),
    attendedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'event_rsvps_person_chk',
      sql`(${t.userId} is not null) <> (${t.guestEmail} is not null and ${t.guestName} is not null)`,
    ),
    // One RSVP per person and event: registering twice changes nothing.
    uniqueIndex('event_rsvps_user_uq').on(t.eventId, t.userId).where(sql`${t.userId} is not null`),
    uniqueIndex('event_rsvps_guest_uq')
      .on(t.eventId, sql`lower(${t.guestEmail})`)
      .where(sql`${t.guestEmail} is not null`),
    uniqueIndex('event_rsvps_confirm_token_uq').on(t.confirmTokenHash),
    check(
      'event_rsvps_access_need_kinds_chk',
      sql`${t.accessNeedKinds} <@ array[${sql.raw(accessNeedKinds.map((k) => `'${k}'`).join(', '))}]::text[]`,
    ),
    index('event_rsvps_event_status_idx').on(t.eventId, t.status, t.queuedAt),
  ],
)

/** A member's secret calendar feed; only the hash of the URL's token is stored. */
export const calendarTokens = pgTable(
  'calendar_tokens',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id),
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('calendar_tokens_hash_uq').on(t.tokenHash)],
)

export type Event = typeof events.$inferSelect
export type NewEvent = typeof events.$inferInsert
export type EventSeries = typeof eventSeries.$inferSelect
export type EventRsvp = typeof eventRsvps.$inferSelect
export type NewEventRsvp = typeof eventRsvps.$inferInsert
export type EventType = (typeof eventTypes)[number]
export type EventAudience = (typeof eventAudiences)[number]
export type EventStatus = (typeof eventStatuses)[number]
export type RsvpStatus = (typeof rsvpStatuses)[number]
export type ParticipationMode = (typeof participationModes)[number]
export type AccessNeedKind = (typeof accessNeedKinds)[number]
