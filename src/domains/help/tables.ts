import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { teams } from '../teams/tables.js'

export const helpKinds = [
  'haustuerwahlkampf',
  'plakatieren',
  'flyer',
  'infostand',
  'fest',
  'wahlparty',
  'workshop',
  'other',
] as const
export const helpDirections = ['request', 'offer'] as const
export const helpVisibilities = ['partners', 'state', 'party'] as const
export const helpRequestStatuses = ['open', 'closed'] as const
export const signupStatuses = ['confirmed', 'waitlisted', 'cancelled'] as const
export const travelKinds = ['ride_offer', 'ride_wanted', 'bed_offer', 'bed_wanted'] as const
export const pledgeStatuses = ['promised', 'received'] as const

export type HelpKind = (typeof helpKinds)[number]
export type HelpDirection = (typeof helpDirections)[number]
export type HelpVisibility = (typeof helpVisibilities)[number]
export type SignupStatus = (typeof signupStatuses)[number]
export type TravelKind = (typeof travelKinds)[number]
export type PledgeStatus = (typeof pledgeStatuses)[number]

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

/** A KV asks for help (or offers it): what, where, for whom it is visible, and who to ask. */
export const helpRequests = pgTable(
  'help_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    direction: text({ enum: helpDirections }).notNull().default('request'),
    kind: text({ enum: helpKinds }).notNull(),
    title: text().notNull(),
    description: text(),
    municipalityAgs: text().notNull(),
    visibility: text({ enum: helpVisibilities }).notNull().default('partners'),
    contactMemberId: uuid()
      .notNull()
      .references(() => members.id),
    status: text({ enum: helpRequestStatuses }).notNull().default('open'),
    // A team or working group of the posting unit that asks (or offers): its active leads post and manage the
    // request like the unit's coordinators; who sees it stays the posting unit's circle.
    teamId: uuid().references(() => teams.unitId),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('help_requests_ags_chk', sql`${t.municipalityAgs} ~ '^[0-9]{8}$'`),
    check('help_requests_kind_chk', sql`${t.kind} in (${inList(helpKinds)})`),
    check('help_requests_direction_chk', sql`${t.direction} in (${inList(helpDirections)})`),
    check('help_requests_visibility_chk', sql`${t.visibility} in (${inList(helpVisibilities)})`),
    check('help_requests_status_chk', sql`${t.status} in (${inList(helpRequestStatuses)})`),
    index('help_requests_unit_idx').on(t.unitId),
    index('help_requests_status_idx').on(t.status),
    index('help_requests_team_idx').on(t.teamId),
  ],
)

export const helpShifts = pgTable(
  'help_shifts',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => helpRequests.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    capacity: integer().notNull(),
    // The confirmed sign-ups: a sign-up takes a place with one UPDATE … SET taken = taken + 1 WHERE
    // taken < capacity, so only the statement that takes the place waits for this row's lock. Every
    // change of a sign-up to or from 'confirmed' changes it in the same transaction (service/signups.ts);
    // rows written in bulk are counted again with recountPlaces.
    taken: integer().notNull().default(0),
    meetingPoint: text().notNull(),
    // Set once: completing a shift writes the help records, and that must happen only once.
    completedAt: timestamp({ withTimezone: true }),
    // Set when the shift is called off: its sign-ups end with it and it takes no new ones.
    cancelledAt: timestamp({ withTimezone: true }),
    // Raised with every change a helper's calendar shows (time, meeting point, place, cancellation):
    // the SEQUENCE of the shift's .ics, so a calendar replaces the entry it has.
    revision: integer().notNull().default(0),
  },
  (t) => [
    check('help_shifts_times_chk', sql`${t.endsAt} > ${t.startsAt}`),
    check('help_shifts_capacity_chk', sql`${t.capacity} between 1 and 1000`),
    check('help_shifts_taken_chk', sql`${t.taken} between 0 and ${t.capacity}`),
    index('help_shifts_request_idx').on(t.requestId),
  ],
)

/**
 * One row per member and shift, whatever happens to it: a cancelled sign-up that signs up again
 * reuses its row, so the unique index makes a repeated click harmless.
 */
export const helpSignups = pgTable(
  'help_signups',
  {
    id: uuid().primaryKey().defaultRandom(),
    shiftId: uuid()
      .notNull()
      .references(() => helpShifts.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    status: text({ enum: signupStatuses }).notNull(),
    // The waitlist is served in the order people joined it.
    queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attended: boolean(),
    cancelledAt: timestamp({ withTimezone: true }),
    // Set when the reminder the day before was queued, in the same transaction: once per sign-up.
    remindedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('help_signups_shift_member_uq').on(t.shiftId, t.memberId),
    check('help_signups_status_chk', sql`${t.status} in (${inList(signupStatuses)})`),
    index('help_signups_shift_status_idx').on(t.shiftId, t.status, t.queuedAt),
    index('help_signups_member_idx').on(t.memberId),
  ],
)

/** Help actually given: the solidarity balance between units is the sum of these rows. */
export const helpRecords = pgTable(
  'help_records',
  {
    id: uuid().primaryKey().defaultRandom(),
    helperUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    helpedUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    kind: text({ enum: helpKinds }).notNull(),
    helpedOn: date().notNull(),
    people: integer().notNull().default(0),
    // Person-hours in minutes and euros in cents, so sums stay exact.
    personMinutes: integer().notNull().default(0),
    euroCents: integer().notNull().default(0),
    municipalityAgs: text(),
    note: text(),
    requestId: uuid().references(() => helpRequests.id),
    shiftId: uuid().references(() => helpShifts.id),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('help_records_not_self_chk', sql`${t.helperUnitId} <> ${t.helpedUnitId}`),
    check(
      'help_records_amounts_chk',
      sql`${t.people} >= 0 and ${t.personMinutes} >= 0 and ${t.euroCents} >= 0`,
    ),
    check('help_records_ags_chk', sql`${t.municipalityAgs} is null or ${t.municipalityAgs} ~ '^[0-9]{8}$'`),
    // A completed shift writes one record per helping unit, never two.
    uniqueIndex('help_records_shift_helper_uq')
      .on(t.shiftId, t.helperUnitId)
      .where(sql`${t.shiftId} is not null`),
    index('help_records_pair_idx').on(t.helperUnitId, t.helpedUnitId),
  ],
)

/** Rides and sleeping places offered or wanted for a help request. */
export const helpTravel = pgTable(
  'help_travel',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => helpRequests.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    kind: text({ enum: travelKinds }).notNull(),
    // Where a ride starts, or where a bed is.
    place: text().notNull(),
    // Seats in the car, or places to sleep; for a wish, how many people.
    places: integer().notNull().default(1),
    departsAt: timestamp({ withTimezone: true }),
    nights: text(),
    note: text(),
    // A wish taken up by an offer: who rides with whom, who sleeps where.
    offerId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('help_travel_kind_chk', sql`${t.kind} in (${inList(travelKinds)})`),
    check('help_travel_places_chk', sql`${t.places} between 1 and 50`),
    index('help_travel_request_idx').on(t.requestId),
  ],
)

/** Money collected among the members of one unit for another. No money moves through the platform. */
export const donationDrives = pgTable(
  'donation_drives',
  {
    id: uuid().primaryKey().defaultRandom(),
    collectingUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    beneficiaryUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    requestId: uuid().references(() => helpRequests.id),
    title: text().notNull(),
    description: text(),
    targetCents: integer().notNull(),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('donation_drives_target_chk', sql`${t.targetCents} > 0`),
    check('donation_drives_not_self_chk', sql`${t.collectingUnitId} <> ${t.beneficiaryUnitId}`),
    index('donation_drives_collecting_idx').on(t.collectingUnitId),
    index('donation_drives_beneficiary_idx').on(t.beneficiaryUnitId),
  ],
)

export const donationPledges = pgTable(
  'donation_pledges',
  {
    id: uuid().primaryKey().defaultRandom(),
    driveId: uuid()
      .notNull()
      .references(() => donationDrives.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    amountCents: integer().notNull(),
    anonymous: boolean().notNull().default(false),
    status: text({ enum: pledgeStatuses }).notNull().default('promised'),
    receivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('donation_pledges_amount_chk', sql`${t.amountCents} > 0`),
    check('donation_pledges_status_chk', sql`${t.status} in (${inList(pledgeStatuses)})`),
    index('donation_pledges_drive_idx').on(t.driveId),
  ],
)

export type HelpRequest = typeof helpRequests.$inferSelect
export type NewHelpRequest = typeof helpRequests.$inferInsert
export type HelpShift = typeof helpShifts.$inferSelect
export type HelpSignup = typeof helpSignups.$inferSelect
export type HelpRecord = typeof helpRecords.$inferSelect
export type NewHelpRecord = typeof helpRecords.$inferInsert
export type HelpTravel = typeof helpTravel.$inferSelect
export type DonationDrive = typeof donationDrives.$inferSelect
export type DonationPledge = typeof donationPledges.$inferSelect
