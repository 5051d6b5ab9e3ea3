import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'

export const partnershipKinds = ['partnership', 'friendship', 'project'] as const
export const partnershipStatuses = ['proposed', 'agreed', 'active', 'dormant', 'ended', 'declined'] as const
/** A partnership is "open" from proposal until it ends or is declined; a pair has at most one open partnership. */
export const openStatuses = ['proposed', 'agreed', 'active', 'dormant'] as const
/**
 * The statuses in which two units ARE partners: both sides agreed, and it is agreed or active. A proposal is
 * one side's wish (the asked side has not said yes); a dormant partnership is not working together now, so a
 * member's "my KV and its partners" does not reach it until a board makes it active again (an audited step the
 * other side sees); an ended or declined partnership binds no one.
 * The one definition for everything opened to "partner KVs": the volunteer pool's 'partners' consent,
 * events for partner members, help requests. `countsAsPartner` is the same rule for one row.
 */
export const partnerStatuses = ['agreed', 'active'] as const satisfies readonly PartnershipStatus[]
/** Whether a partnership in this status makes its two sides partners: agreed by both, and not dormant or ended. */
export function countsAsPartner(status: PartnershipStatus): boolean {
  return (partnerStatuses as readonly PartnershipStatus[]).includes(status)
}
/** `partnerStatuses` as an SQL list, for the prepared statements written in SQL: `status in (${…})`. */
export const partnerStatusesSql = partnerStatuses.map((s) => `'${s}'`).join(', ')
export const partnershipTags = ['east_west', 'city_countryside'] as const

export const partnershipKind = pgEnum('partnership_kind', partnershipKinds)
export const partnershipStatus = pgEnum('partnership_status', partnershipStatuses)

export const partnerships = pgTable(
  'partnerships',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Side A proposed, side B was asked. Apart from that the partnership is symmetric.
    unitAId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    unitBId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    kind: partnershipKind().notNull().default('partnership'),
    status: partnershipStatus().notNull().default('proposed'),
    startedOn: date(),
    story: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    coordinatorAMemberId: uuid().references(() => members.id),
    coordinatorBMemberId: uuid().references(() => members.id),
    // A coordinator's e-mail address is public only with that person's consent.
    coordinatorAEmailPublic: boolean().notNull().default(false),
    coordinatorBEmailPublic: boolean().notNull().default(false),
    // When the named person accepted the role; until then the public sees that the role is filled, not by whom.
    coordinatorAAcceptedAt: timestamp({ withTimezone: true }),
    coordinatorBAcceptedAt: timestamp({ withTimezone: true }),
    // Only public partnerships appear on the map, the directory, the widget and the exports.
    isPublic: boolean().notNull().default(true),
    proposedById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    check('partnerships_not_self_chk', sql`${t.unitAId} <> ${t.unitBId}`),
    // At most one open partnership per unordered pair, whichever side proposed it.
    uniqueIndex('partnerships_open_pair_uq')
      .on(sql`least(${t.unitAId}, ${t.unitBId})`, sql`greatest(${t.unitAId}, ${t.unitBId})`)
      .where(sql`${t.status} in ('proposed', 'agreed', 'active', 'dormant')`),
    index('partnerships_unit_a_idx').on(t.unitAId),
    index('partnerships_unit_b_idx').on(t.unitBId),
    index('partnerships_status_idx').on(t.status),
  ],
)

/** Every change of status, with its date and who made it. */
export const partnershipStatusChanges = pgTable(
  'partnership_status_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id),
    fromStatus: partnershipStatus(),
    toStatus: partnershipStatus().notNull(),
    changedOn: date().notNull(),
    changedById: uuid().references(() => users.id),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('partnership_status_changes_partnership_idx').on(t.partnershipId)],
)

/** Municipal twin towns a partnership builds on, e.g. Gerlingen (08118019) and Gefell (16075131). */
export const partnershipTwinTowns = pgTable(
  'partnership_twin_towns',
  {
    id: uuid().primaryKey().defaultRandom(),
    partnershipId: uuid()
      .notNull()
      .references(() => partnerships.id),
    municipalityAAgs: text().notNull(),
    municipalityBAgs: text().notNull(),
  },
  (t) => [
    check(
      'partnership_twin_towns_ags_chk',
      sql`${t.municipalityAAgs} ~ '^[0-9]{8}$' and ${t.municipalityBAgs} ~ '^[0-9]{8}$'`,
    ),
    index('partnership_twin_towns_partnership_idx').on(t.partnershipId),
  ],
)

export type Partnership = typeof partnerships.$inferSelect
export type NewPartnership = typeof partnerships.$inferInsert
export type PartnershipStatus = (typeof partnershipStatuses)[number]
export type PartnershipKind = (typeof partnershipKinds)[number]

export const reportStatuses = ['pending', 'accepted', 'rejected'] as const
export const reportStatus = pgEnum('partnership_report_status', reportStatuses)

/**
 * "A partnership is missing or has changed", sent by anyone through the public form.
 * It changes nothing until the federal office accepts it; the reporter is told either way.
 */
export const partnershipReports = pgTable(
  'partnership_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    reporterName: text().notNull(),
    reporterEmail: text().notNull(),
    // What the reporter typed, and the unit they picked if they picked one.
    unitAText: text().notNull(),
    unitAId: uuid().references(() => orgUnits.id),
    unitBText: text().notNull(),
    unitBId: uuid().references(() => orgUnits.id),
    message: text().notNull(),
    // The partnership the report is about; on acceptance, the one created or updated.
    partnershipId: uuid().references(() => partnerships.id),
    status: reportStatus().notNull().default('pending'),
    decisionReason: text(),
    decidedById: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    // The language of the form the reporter sent: the receipt and the decision are written in it.
    locale: text().notNull().default('de'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('partnership_reports_status_idx').on(t.status),
    check('partnership_reports_locale_chk', sql`${t.locale} in ('de', 'en')`),
    // A rejection is explained to the reporter, so it cannot be stored without a reason.
    check(
      'partnership_reports_reason_chk',
      sql`${t.status} <> 'rejected' or coalesce(length(trim(${t.decisionReason})), 0) > 0`,
    ),
  ],
)

export type PartnershipReport = typeof partnershipReports.$inferSelect
export type NewPartnershipReport = typeof partnershipReports.$inferInsert
export type PartnershipStatusChange = typeof partnershipStatusChanges.$inferSelect
export type PartnershipTwinTown = typeof partnershipTwinTowns.$inferSelect
export type PartnershipTag = (typeof partnershipTags)[number]
