import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { orgUnits } from '../org-units/tables.js'

export const resolutionVisibilities = ['members', 'public'] as const
export type ResolutionVisibility = (typeof resolutionVisibilities)[number]
export const lineKinds = ['text', 'heading', 'item'] as const
/** The states a person sets; "overdue" is not one of them: it follows from the due date. */
export const measureStatuses = ['open', 'in_progress', 'done', 'dropped'] as const
export type MeasureStatus = (typeof measureStatuses)[number]
/** What a progress note's evidence is (`evidence.ts` reads the link of each). */
export const evidenceKinds = ['event', 'help_request', 'project', 'report', 'agreement', 'document'] as const
export type EvidenceKind = (typeof evidenceKinds)[number]

export const resolutionVisibility = pgEnum('resolution_visibility', resolutionVisibilities)
export const resolutionLineKind = pgEnum('resolution_line_kind', lineKinds)
export const measureStatus = pgEnum('measure_status', measureStatuses)

/** A motion as passed by a unit (its convention or board): the header and, in `resolution_lines`, its text. */
export const resolutions = pgTable(
  'resolutions',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The unit that passed it; its board (and the offices above) manage it. */
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    code: text(),
    title: text().notNull(),
    /** The body that decided, as the text names it ("Landesparteitag", the members of a board). */
    committee: text(),
    decidedOn: date({ mode: 'string' }),
    agendaItem: text(),
    visibility: resolutionVisibility().notNull().default('members'),
    /** Whether the text carried its line numbers or they were given at import. */
    numbered: boolean().notNull(),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('resolutions_unit_idx').on(t.unitId),
    check('resolutions_title_chk', sql`length(${t.title}) between 1 and 300`),
  ],
)

/** One line of a resolution with its number, so a measure can quote "lines 149–164". */
export const resolutionLines = pgTable(
  'resolution_lines',
  {
    resolutionId: uuid()
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    kind: resolutionLineKind().notNull(),
    level: smallint().notNull().default(0),
    paragraphStart: boolean().notNull().default(false),
    text: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.resolutionId, t.number] }),
    check('resolution_lines_number_chk', sql`${t.number} > 0`),
    check('resolution_lines_level_chk', sql`${t.level} between 0 and 6`),
  ],
)

/** The units a resolution addresses ("fordert … die Bezirksvorstände auf"). */
export const resolutionAddressees = pgTable(
  'resolution_addressees',
  {
    resolutionId: uuid()
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [
    primaryKey({ columns: [t.resolutionId, t.unitId] }),
    index('resolution_addressees_unit_idx').on(t.unitId),
  ],
)

/**
 * What a resolution asks of one responsible unit, quoting its lines. A measure addressed to many units
 * (all KVs of a state) is one row per unit, tied together by `groupId`.
 */
export const resolutionMeasures = pgTable(
  'resolution_measures',
  {
    id: uuid().primaryKey().defaultRandom(),
    resolutionId: uuid()
      .notNull()
      .references(() => resolutions.id, { onDelete: 'cascade' }),
    groupId: uuid().notNull(),
    title: text().notNull(),
    fromLine: integer().notNull(),
    toLine: integer().notNull(),
    /** The quoted lines as they stood when the measure was made: the source, kept. */
    quote: text().notNull(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    /** A team or a named role within the unit ("AG Mitgliederarbeit", "Landesgeschäftsführung"). */
    responsibleNote: text(),
    dueOn: date({ mode: 'string' }),
    /** The due date in the resolution's own words ("bis zur Landesmitgliederversammlung im Frühjahr 2025"). */
    dueText: text(),
    status: measureStatus().notNull().default('open'),
    /** Share done, 0–100, as the responsible body last reported it. */
    progress: smallint().notNull().default(0),
    /** A key of the indicator registry, and its target per period. */
    indicator: text(),
    indicatorTarget: integer(),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index('resolution_measures_resolution_idx').on(t.resolutionId),
    index('resolution_measures_unit_idx').on(t.unitId),
    uniqueIndex('resolution_measures_group_unit_uq').on(t.groupId, t.unitId),
    check('resolution_measures_lines_chk', sql`${t.fromLine} > 0 and ${t.toLine} >= ${t.fromLine}`),
    check('resolution_measures_progress_chk', sql`${t.progress} between 0 and 100`),
    check(
      'resolution_measures_indicator_chk',
      sql`(${t.indicator} is null) = (${t.indicatorTarget} is null) and coalesce(${t.indicatorTarget}, 1) > 0`,
    ),
  ],
)

/** What the responsible body reports on a measure, with date and author. */
export const resolutionProgressNotes = pgTable(
  'resolution_progress_notes',
  {
    id: uuid().primaryKey().defaultRandom(),
    measureId: uuid()
      .notNull()
      .references(() => resolutionMeasures.id, { onDelete: 'cascade' }),
    note: text().notNull(),
    /** The status and share done the note set. */
    status: measureStatus().notNull(),
    progress: smallint().notNull(),
    /**
     * Where to see it: an event, a help request, a volunteer project, a board report or an agreement of the
     * platform (its path, `/events/<id>`), or a document elsewhere (an https address).
     */
    evidenceKind: text({ enum: evidenceKinds }),
    evidenceUrl: text(),
    authorId: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('resolution_progress_notes_measure_idx').on(t.measureId, t.createdAt),
    check('resolution_progress_notes_progress_chk', sql`${t.progress} between 0 and 100`),
    check(
      'resolution_progress_notes_evidence_chk',
      sql`${t.evidenceKind} is null or (${t.evidenceKind} in ('event', 'help_request', 'project', 'report', 'agreement', 'document') and ${t.evidenceUrl} is not null)`,
    ),
  ],
)

/** Reminders sent for a measure: one per kind and period, so the timed job can run any number of times. */
export const resolutionReminders = pgTable(
  'resolution_reminders',
  {
    measureId: uuid()
      .notNull()
      .references(() => resolutionMeasures.id, { onDelete: 'cascade' }),
    /** 'due': the due date is a week away or less; 'indicator': the target was missed two periods in a row. */
    kind: text({ enum: ['due', 'indicator'] }).notNull(),
    /** The due date, or the last missed month ('2026-10'). */
    period: text().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.measureId, t.kind, t.period] }),
    check('resolution_reminders_kind_chk', sql`${t.kind} in ('due', 'indicator')`),
  ],
)

export type Resolution = typeof resolutions.$inferSelect
export type ResolutionLine = typeof resolutionLines.$inferSelect
export type ResolutionMeasure = typeof resolutionMeasures.$inferSelect
export type ResolutionProgressNote = typeof resolutionProgressNotes.$inferSelect
