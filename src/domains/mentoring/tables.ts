import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { events } from '../events/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'

export const mentoringRoles = ['mentee', 'mentor'] as const
export type MentoringRole = (typeof mentoringRoles)[number]
export const meetingFormats = ['in_person', 'online'] as const
export type MeetingFormat = (typeof meetingFormats)[number]
/** When a person can meet: coarse slots, so two calendars can be compared without a schedule. */
export const availabilitySlots = ['weekday_daytime', 'weekday_evening', 'weekend'] as const
export type AvailabilitySlot = (typeof availabilitySlots)[number]
export const mentoringApplicationStatuses = [
  'submitted',
  'accepted',
  'waitlisted',
  'declined',
  'withdrawn',
] as const
export type MentoringApplicationStatus = (typeof mentoringApplicationStatuses)[number]

/** The topics a programme offers when its coordinators list none of their own. */
export const defaultTopics = [
  'Wahlkampf',
  'Reden und Auftreten',
  'Kommunalpolitik',
  'Finanzen',
  'Social Media',
  'Vorstandsarbeit',
  'Netzwerken',
] as const

/**
 * A mentoring programme's cohort, run by a unit (usually a state; the federation or a KV may run one too):
 * what it offers, to whom, when one applies and when the tandems run, how many tandems it carries. A
 * programme that runs every year has one row per cohort. Members of the unit's territory may apply.
 */
export const mentoringProgrammes = pgTable(
  'mentoring_programmes',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    name: text().notNull(),
    description: text().notNull().default(''),
    /** Plain text, e.g. "Frauen, Menschen mit Migrationsgeschichte"; never a category a person is sorted into. */
    targetGroups: text().notNull().default(''),
    topics: text().array().notNull(),
    applyFrom: date({ mode: 'string' }).notNull(),
    applyUntil: date({ mode: 'string' }).notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    /** How many tandems the programme can carry. */
    capacity: integer().notNull(),
    /** A tandem without a check-in for this many weeks gets a reminder. */
    reminderWeeks: integer().notNull().default(4),
    /** Days after the cohort ends until unpaired applications, self-descriptions and tandem notes are erased. */
    eraseAfterDays: integer().notNull().default(90),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the erasure after the cohort ran: unpaired applications, self-descriptions and notes are gone. */
    erasedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('mentoring_programmes_unit_idx').on(t.unitId),
    check('mentoring_programmes_window_chk', sql`${t.applyFrom} <= ${t.applyUntil}`),
    check('mentoring_programmes_cohort_chk', sql`${t.startsOn} <= ${t.endsOn}`),
    check('mentoring_programmes_capacity_chk', sql`${t.capacity} between 1 and 1000`),
    check('mentoring_programmes_reminder_chk', sql`${t.reminderWeeks} between 1 and 26`),
    check('mentoring_programmes_erase_chk', sql`${t.eraseAfterDays} between 0 and 730`),
  ],
)

/** People named by the unit's office to run a programme with it (the role "Mentoring-Koordination"). */
export const mentoringCoordinators = pgTable(
  'mentoring_coordinators',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => mentoringProgrammes.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    grantedById: uuid().references(() => users.id),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mentoring_coordinators_uq').on(t.programmeId, t.userId)],
)

/**
 * An application as mentee or mentor. The self-description is voluntary free text for the target group,
 * seen by the programme's coordinators (and the applicant) only, and erased after the cohort.
 */
export const mentoringApplications = pgTable(
  'mentoring_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => mentoringProgrammes.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    role: text({ enum: mentoringRoles }).notNull(),
    motivation: text().notNull(),
    goals: text().notNull(),
    topics: text().array().notNull(),
    formats: text({ enum: meetingFormats }).array().notNull(),
    region: text().notNull().default(''),
    languages: text().array().notNull(),
    availability: text({ enum: availabilitySlots }).array().notNull(),
    /** Asked not to be paired with someone of the own KV. */
    avoidOwnKv: boolean().notNull().default(false),
    selfDescription: text(),
    /** What the person shows their tandem partner to reach them (set on the tandem page), besides first name and KV. */
    sharedContact: text(),
    status: text({ enum: mentoringApplicationStatuses }).notNull().default('submitted'),
    submittedAt: timestamp({ withTimezone: true }).notNull(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedById: uuid().references(() => users.id),
    withdrawnAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // One current application per person and programme; a withdrawn or declined one stays as history.
    uniqueIndex('mentoring_applications_current_uq')
      .on(t.programmeId, t.memberId)
      .where(sql`${t.status} in ('submitted', 'accepted', 'waitlisted')`),
    index('mentoring_applications_member_idx').on(t.memberId),
    check('mentoring_applications_role_chk', sql`${t.role} in ('mentee', 'mentor')`),
    check(
      'mentoring_applications_status_chk',
      sql`${t.status} in ('submitted', 'accepted', 'waitlisted', 'declined', 'withdrawn')`,
    ),
  ],
)

export const tandemStatuses = ['active', 'dissolved', 'ended_early', 'completed'] as const
export type TandemStatus = (typeof tandemStatuses)[number]

/** One factor of a pairing score as it was when the pair was made (see pairing.ts). */
export type StoredReason = { factor: string; points: number; shared: string[]; km?: number | null }

/**
 * A tandem of a mentee and a mentor, made by a coordinator from a suggestion or by hand. A tandem
 * dissolved before it began (a swap) stays as history; a person is in at most one tandem of a cohort
 * that is not dissolved, which the unique indexes hold even against two coordinators at once.
 */
export const mentoringTandems = pgTable(
  'mentoring_tandems',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => mentoringProgrammes.id),
    menteeApplicationId: uuid()
      .notNull()
      .references(() => mentoringApplications.id),
    mentorApplicationId: uuid()
      .notNull()
      .references(() => mentoringApplications.id),
    status: text({ enum: tandemStatuses }).notNull().default('active'),
    /** The score and its reasons when the pair was made; a pair made by hand has them too. */
    score: integer().notNull(),
    reasons: jsonb().$type<StoredReason[]>().notNull(),
    byHand: boolean().notNull().default(false),
    pairedById: uuid().references(() => users.id),
    pairedAt: timestamp({ withTimezone: true }).notNull(),
    dissolvedAt: timestamp({ withTimezone: true }),
    dissolvedById: uuid().references(() => users.id),
    /** Ended early by one of the two; the reason is for the coordinators only. */
    endedAt: timestamp({ withTimezone: true }),
    endedByApplicationId: uuid().references(() => mentoringApplications.id),
    endReason: text(),
    /** The last time one of the two asked the coordinators for help, and what about. */
    helpRequestedAt: timestamp({ withTimezone: true }),
    helpNote: text(),
    /** The last reminder mail for a tandem without check-ins, so a run of the job sends one per period. */
    remindedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('mentoring_tandems_mentee_uq')
      .on(t.menteeApplicationId)
      .where(sql`${t.status} <> 'dissolved'`),
    uniqueIndex('mentoring_tandems_mentor_uq')
      .on(t.mentorApplicationId)
      .where(sql`${t.status} <> 'dissolved'`),
    index('mentoring_tandems_programme_idx').on(t.programmeId),
    check('mentoring_tandems_two_people_chk', sql`${t.menteeApplicationId} <> ${t.mentorApplicationId}`),
    check(
      'mentoring_tandems_status_chk',
      sql`${t.status} in ('active', 'dissolved', 'ended_early', 'completed')`,
    ),
  ],
)

export type MentoringTandem = typeof mentoringTandems.$inferSelect

/** A goal of a tandem (two to five), set by either of the two; reached or not at the closing review. */
export const mentoringGoals = pgTable(
  'mentoring_goals',
  {
    id: uuid().primaryKey().defaultRandom(),
    // A tandem that goes (the erasure of one of its two people) takes its goals and check-ins with it.
    tandemId: uuid()
      .notNull()
      .references(() => mentoringTandems.id, { onDelete: 'cascade' }),
    text: text().notNull(),
    createdByApplicationId: uuid()
      .notNull()
      .references(() => mentoringApplications.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    reachedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('mentoring_goals_tandem_idx').on(t.tandemId)],
)

/**
 * A check-in of a tandem: when and how the two met, a short note both see, and a private note only its
 * writer sees (not the partner, not the coordinators).
 */
export const mentoringCheckIns = pgTable(
  'mentoring_check_ins',
  {
    id: uuid().primaryKey().defaultRandom(),
    tandemId: uuid()
      .notNull()
      .references(() => mentoringTandems.id, { onDelete: 'cascade' }),
    authorApplicationId: uuid()
      .notNull()
      .references(() => mentoringApplications.id),
    heldOn: date({ mode: 'string' }).notNull(),
    format: text({ enum: meetingFormats }).notNull(),
    sharedNote: text(),
    privateNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('mentoring_check_ins_tandem_idx').on(t.tandemId, t.heldOn),
    check('mentoring_check_ins_format_chk', sql`${t.format} in ('in_person', 'online')`),
  ],
)

/**
 * The closing review of one of a tandem's two people: how they rate the tandem and the programme (1 to 5)
 * with optional free text. Seen only by its writer; the coordinators see the ratings as the programme's
 * figures. The texts are blanked with the other notes after the cohort.
 */
export const mentoringReviews = pgTable(
  'mentoring_reviews',
  {
    id: uuid().primaryKey().defaultRandom(),
    tandemId: uuid()
      .notNull()
      .references(() => mentoringTandems.id, { onDelete: 'cascade' }),
    applicationId: uuid()
      .notNull()
      .references(() => mentoringApplications.id),
    tandemRating: integer().notNull(),
    programmeRating: integer().notNull(),
    tandemComment: text(),
    programmeComment: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('mentoring_reviews_uq').on(t.tandemId, t.applicationId),
    check('mentoring_reviews_tandem_rating_chk', sql`${t.tandemRating} between 1 and 5`),
    check('mentoring_reviews_programme_rating_chk', sql`${t.programmeRating} between 1 and 5`),
  ],
)

export type MentoringReview = typeof mentoringReviews.$inferSelect

export const programmeEventKinds = ['kick_off', 'workshop', 'meeting', 'closing'] as const
export type ProgrammeEventKind = (typeof programmeEventKinds)[number]

/**
 * An event of the programme's unit linked to its cohort: the kick-off ("Mentoringbörse"), workshops,
 * meetings of all tandems, the closing. The event itself is an ordinary event (RSVP, reminders, who may
 * see it); the link only says what it is to the programme. Who linked it is in the audit trail.
 */
export const mentoringProgrammeEvents = pgTable(
  'mentoring_programme_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => mentoringProgrammes.id),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    kind: text({ enum: programmeEventKinds }).notNull(),
    linkedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('mentoring_programme_events_uq').on(t.programmeId, t.eventId),
    index('mentoring_programme_events_event_idx').on(t.eventId),
    check(
      'mentoring_programme_events_kind_chk',
      sql`${t.kind} in ('kick_off', 'workshop', 'meeting', 'closing')`,
    ),
  ],
)

export type MentoringGoal = typeof mentoringGoals.$inferSelect
export type MentoringCheckIn = typeof mentoringCheckIns.$inferSelect
export type MentoringProgramme = typeof mentoringProgrammes.$inferSelect
export type MentoringApplication = typeof mentoringApplications.$inferSelect
