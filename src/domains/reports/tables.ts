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
import { orgUnits } from '../org-units/tables.js'
import type { ReportMeasure, SectionFigures } from './figures.js'

export const boardReportStatuses = ['draft', 'published'] as const
export type BoardReportStatus = (typeof boardReportStatuses)[number]

/** Who reads a published report: the unit's members (and the offices above), or everyone. */
export const boardReportAudiences = ['members', 'public'] as const
export type BoardReportAudience = (typeof boardReportAudiences)[number]

/** The sections the platform drafts from its data, in the order of the seed's report. */
export const draftedSectionKinds = [
  'new_members',
  'events',
  'help',
  'partnerships',
  'volunteers',
  'mentoring',
  'surveys',
  'resolutions',
] as const
export type DraftedSectionKind = (typeof draftedSectionKinds)[number]
/** Besides the drafted ones, the board adds sections of its own ("Vernetzung der Beiräte"): text without figures. */
export const reportSectionKinds = [...draftedSectionKinds, 'custom'] as const
export type SectionKind = (typeof reportSectionKinds)[number]

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

/**
 * A board's report to its members for a period ("1. Halbjahresbericht des Kreisvorstands"): the texts the
 * board writes, and sections with the figures the platform counted. A draft is edited by the unit's board;
 * publishing counts the figures once more and freezes them with the time of that count.
 */
export const boardReports = pgTable(
  'board_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    periodFrom: date().notNull(),
    periodTo: date().notNull(),
    title: text().notNull(),
    // The board members who sign the report, as they want to be named.
    authors: text().notNull(),
    salutation: text().notNull(),
    introduction: text().notNull().default(''),
    outlook: text().notNull().default(''),
    thanks: text().notNull().default(''),
    status: text({ enum: boardReportStatuses }).notNull().default('draft'),
    // Chosen on publication; a draft is always the board's.
    audience: text({ enum: boardReportAudiences }).notNull().default('members'),
    // When the figures of the sections were counted (last refresh of a draft, or publication).
    figuresAt: timestamp({ withTimezone: true }).notNull(),
    publishedAt: timestamp({ withTimezone: true }),
    publishedById: uuid().references(() => users.id),
    createdById: uuid().references(() => users.id),
    // Who last changed the texts (the one who started it, until someone saves): a second board member approves.
    lastEditedById: uuid().references(() => users.id),
    // The approval of a second board member, for the text as it is; any later change withdraws it.
    approvedById: uuid().references(() => users.id),
    approvedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('board_reports_period_chk', sql`${t.periodTo} >= ${t.periodFrom}`),
    check('board_reports_status_chk', sql`${t.status} in (${inList(boardReportStatuses)})`),
    check('board_reports_audience_chk', sql`${t.audience} in (${inList(boardReportAudiences)})`),
    check('board_reports_published_chk', sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`),
    index('board_reports_unit_idx').on(t.unitId, t.periodTo),
  ],
)

/** A numbered section: its figures as counted, and the board's text beside them. */
export const boardReportSections = pgTable(
  'board_report_sections',
  {
    id: uuid().primaryKey().defaultRandom(),
    reportId: uuid()
      .notNull()
      .references(() => boardReports.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    kind: text({ enum: reportSectionKinds }).notNull(),
    heading: text().notNull(),
    body: text().notNull().default(''),
    figures: jsonb().$type<SectionFigures>().notNull(),
    /** The resolutions section: the measures given to the unit, counted with its figures and frozen with them. */
    measures: jsonb().$type<ReportMeasure[]>().notNull().default([]),
    hidden: boolean().notNull().default(false),
  },
  (t) => [
    check('board_report_sections_kind_chk', sql`${t.kind} in (${inList(reportSectionKinds)})`),
    uniqueIndex('board_report_sections_position_uq').on(t.reportId, t.position),
    uniqueIndex('board_report_sections_kind_uq').on(t.reportId, t.kind).where(sql`${t.kind} <> 'custom'`),
  ],
)

/** The texts of a report as the board saved them: the draft's history, each version kept and restorable. */
export type ReportTexts = {
  title: string
  authors: string
  salutation: string
  introduction: string
  outlook: string
  thanks: string
  sections: { id: string; heading: string; body: string; hidden: boolean }[]
}

/** Every save of a draft keeps the texts as a numbered version: who saved them and when. */
export const boardReportVersions = pgTable(
  'board_report_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    reportId: uuid()
      .notNull()
      .references(() => boardReports.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    texts: jsonb().$type<ReportTexts>().notNull(),
    savedById: uuid().references(() => users.id),
    savedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('board_report_versions_uq').on(t.reportId, t.version)],
)

/** A unit's choices for its reports: whether a second board member approves before publication. */
export const boardReportSettings = pgTable('board_report_settings', {
  unitId: uuid()
    .primaryKey()
    .references(() => orgUnits.id),
  requiresApproval: boolean().notNull().default(false),
  updatedById: uuid().references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export type BoardReport = typeof boardReports.$inferSelect
export type BoardReportSection = typeof boardReportSections.$inferSelect
export type BoardReportVersion = typeof boardReportVersions.$inferSelect
