import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { partnerships } from '../partnerships/tables.js'
import { type Clause, type ClauseParams, clauseTypes, exchangeKinds } from './clauses.js'

export const clauseType = pgEnum('agreement_clause_type', clauseTypes)
export const agreementSide = pgEnum('agreement_side', ['a', 'b'])

/** A model agreement the federal office maintains; partnerships start their own from it. */
export const agreementTemplates = pgTable(
  'agreement_templates',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text(),
    isDefault: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // At most one default template, the one a new agreement starts from unless told otherwise.
  (t) => [uniqueIndex('agreement_templates_default_uq').on(t.isDefault).where(sql`${t.isDefault}`)],
)

export const agreementTemplateClauses = pgTable(
  'agreement_template_clauses',
  {
    id: uuid().primaryKey().defaultRandom(),
    templateId: uuid()
      .notNull()
      .references(() => agreementTemplates.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    type: clauseType().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    params: jsonb().$type<ClauseParams>().notNull().default({}),
  },
  (t) => [index('agreement_template_clauses_template_idx').on(t.templateId, t.position)],
)

/** The agreement of one partnership. Its text lives in the versions; the newest one is the draft. */
export const agreements = pgTable(
  'agreements',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id),
    templateId: uuid().references(() => agreementTemplates.id, { onDelete: 'set null' }),
    title: text().notNull(),
    // Published agreements show their text and ratifications to everyone; minutes never.
    isPublished: boolean().notNull().default(false),
    latestVersion: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // One agreement per partnership; changes are versions of it.
  (t) => [uniqueIndex('agreements_partnership_uq').on(t.partnershipId)],
)

/**
 * A version holds the full text, so any two can be compared. The newest version, while it is not in force,
 * is the draft: edits change it in place and count up its `revision`, so a ratification names the exact
 * text it adopted. An edit of a text in force opens the next version as the draft of an amendment.
 */
export const agreementVersions = pgTable(
  'agreement_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    agreementId: uuid()
      .notNull()
      .references(() => agreements.id),
    number: integer().notNull(),
    clauses: jsonb().$type<Clause[]>().notNull(),
    authorUserId: uuid().references(() => users.id),
    authorName: text(),
    note: text(),
    // Counts the edits of the draft; a ratification is refused unless it names the current one.
    revision: integer().notNull().default(1),
    revisedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('agreement_versions_number_uq').on(t.agreementId, t.number),
    check('agreement_versions_revision_chk', sql`${t.revision} >= 1`),
  ],
)

/** A side's decision (e.g. its Kreisparteitag) to adopt one version. */
export const agreementRatifications = pgTable(
  'agreement_ratifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    agreementId: uuid()
      .notNull()
      .references(() => agreements.id),
    versionNumber: integer().notNull(),
    // The revision of the draft the side adopted; an edit of the draft afterwards removes the ratification.
    revision: integer().notNull().default(1),
    side: agreementSide().notNull(),
    body: text().notNull(),
    ratifiedOn: date().notNull(),
    place: text().notNull(),
    recordedById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // A side adopts a version once.
  (t) => [uniqueIndex('agreement_ratifications_side_uq').on(t.agreementId, t.versionNumber, t.side)],
)

/** A joint board retreat that took place; the host decides whose turn is next. */
export const partnershipRetreats = pgTable(
  'partnership_retreats',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id),
    heldOn: date().notNull(),
    hostUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    place: text().notNull(),
    notes: text(),
    recordedById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('partnership_retreats_partnership_idx').on(t.partnershipId, t.heldOn)],
)

/** Board minutes one side shares with the partner's board. Never public, whatever else is published. */
export const partnershipMinutes = pgTable(
  'partnership_minutes',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id),
    fromUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    meetingOn: date().notNull(),
    sharedAt: timestamp({ withTimezone: true }).notNull(),
    title: text().notNull(),
    body: text().notNull(),
    sharedById: uuid().references(() => users.id),
  },
  (t) => [index('partnership_minutes_partnership_idx').on(t.partnershipId, t.sharedAt)],
)

/** A side's confirmation that its website and social media link the partner. */
export const partnershipLinkConfirmations = pgTable(
  'partnership_link_confirmations',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    confirmedOn: date().notNull(),
    confirmedById: uuid().references(() => users.id),
  },
  (t) => [index('partnership_link_confirmations_partnership_idx').on(t.partnershipId)],
)

/**
 * An exchange a board records against a clause: the consultation before a federal congress, information
 * given to the partner, material sent to it. `unitId` is the side it came from (for a consultation, the side
 * that recorded it). Internal to the two boards and the federal office, like the commitments.
 */
export const partnershipExchanges = pgTable(
  'partnership_exchanges',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    kind: text({ enum: exchangeKinds }).notNull(),
    heldOn: date().notNull(),
    note: text().notNull(),
    recordedById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('partnership_exchanges_partnership_idx').on(t.partnershipId, t.heldOn),
    check('partnership_exchanges_kind_chk', sql`${t.kind} in ('consultation', 'information', 'materials')`),
    check('partnership_exchanges_note_chk', sql`length(trim(${t.note})) > 0`),
  ],
)

/**
 * The federal congresses of the party (Bundesparteitage), first and last day, with where the dates come
 * from; the federal office keeps them on /federal-congresses. The consultation clause is due before each.
 */
export const federalCongresses = pgTable(
  'federal_congresses',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    startsOn: date().notNull(),
    endsOn: date().notNull(),
    source: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('federal_congresses_starts_uq').on(t.startsOn),
    check('federal_congresses_days_chk', sql`${t.endsOn} >= ${t.startsOn}`),
    check('federal_congresses_source_chk', sql`length(trim(${t.source})) > 0`),
  ],
)

/** Which reminder went out for which commitment and period, so a scheduler may run as often as it likes. */
export const agreementReminders = pgTable(
  'agreement_reminders',
  {
    id: uuid().primaryKey().defaultRandom(),
    agreementId: uuid()
      .notNull()
      .references(() => agreements.id),
    commitment: text().notNull(),
    period: text().notNull(),
    kind: text().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('agreement_reminders_once_uq').on(t.agreementId, t.commitment, t.period, t.kind),
    check('agreement_reminders_kind_chk', sql`${t.kind} in ('upcoming', 'overdue')`),
  ],
)

export type AgreementTemplate = typeof agreementTemplates.$inferSelect
export type AgreementTemplateClause = typeof agreementTemplateClauses.$inferSelect
export type Agreement = typeof agreements.$inferSelect
export type AgreementVersion = typeof agreementVersions.$inferSelect
export type AgreementRatification = typeof agreementRatifications.$inferSelect
export type PartnershipRetreat = typeof partnershipRetreats.$inferSelect
export type PartnershipMinutes = typeof partnershipMinutes.$inferSelect
export type PartnershipLinkConfirmation = typeof partnershipLinkConfirmations.$inferSelect
export type PartnershipExchange = typeof partnershipExchanges.$inferSelect
export type FederalCongress = typeof federalCongresses.$inferSelect
