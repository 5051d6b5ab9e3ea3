import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { orgUnits } from '../org-units/tables.js'

/**
 * What a KV's board says about the partner it looks for. Who changed it and when is in the audit trail
 * (`matchmaking.profile_saved`); the row names no person.
 */
export const seekingProfiles = pgTable(
  'seeking_profiles',
  {
    unitId: uuid()
      .primaryKey()
      .references(() => orgUnits.id),
    looking: boolean().notNull().default(true),
    seeks: text().array().notNull().default(sql`'{}'::text[]`),
    offers: text().array().notNull().default(sql`'{}'::text[]`),
    preferredStates: text().array().notNull().default(sql`'{}'::text[]`),
    maxTravelKm: integer(),
    note: text().notNull().default(''),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'seeking_profiles_travel_chk',
      sql`${t.maxTravelKm} is null or (${t.maxTravelKm} between 10 and 1500)`,
    ),
  ],
)

export const electionKinds = ['state', 'municipal'] as const
export type ElectionKind = (typeof electionKinds)[number]

/**
 * State and municipal election dates per state: the shipped calendar (`election-calendar.ts`, with its
 * sources) loaded by the federal office, and the dates it adds. A provisional date is the expected one
 * before the state has set it.
 */
export const electionDates = pgTable(
  'election_dates',
  {
    id: uuid().primaryKey().defaultRandom(),
    stateAgs: text().notNull(),
    kind: text({ enum: electionKinds }).notNull(),
    heldOn: date().notNull(),
    provisional: boolean().notNull().default(false),
    source: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('election_dates_state_chk', sql`${t.stateAgs} ~ '^[0-9]{2}$'`),
    check('election_dates_kind_chk', sql`${t.kind} in ('state', 'municipal')`),
    check('election_dates_source_chk', sql`length(trim(${t.source})) > 0`),
    uniqueIndex('election_dates_uq').on(t.stateAgs, t.kind, t.heldOn),
  ],
)

/**
 * Municipal twin towns inside Germany (Gerlingen–Gefell), imported by the federal office as CSV. Each pair
 * is stored once, the smaller key first.
 */
export const municipalTwinTowns = pgTable(
  'municipal_twin_towns',
  {
    municipalityAAgs: text().notNull(),
    municipalityBAgs: text().notNull(),
    importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityAAgs, t.municipalityBAgs] }),
    check(
      'municipal_twin_towns_ags_chk',
      sql`${t.municipalityAAgs} ~ '^[0-9]{8}$' and ${t.municipalityBAgs} ~ '^[0-9]{8}$' and ${t.municipalityAAgs} < ${t.municipalityBAgs}`,
    ),
  ],
)

/**
 * Travel times between two Kreise (5-digit official keys) as the federal office imported them (door to door by
 * public transport or car, in minutes). Where a pair has one, the distance factor uses it instead of the
 * straight line.
 */
export const kreisTravelTimes = pgTable(
  'kreis_travel_times',
  {
    kreisAAgs: text().notNull(),
    kreisBAgs: text().notNull(),
    minutes: integer().notNull(),
    importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kreisAAgs, t.kreisBAgs] }),
    check(
      'kreis_travel_times_chk',
      sql`${t.kreisAAgs} ~ '^[0-9]{5}$' and ${t.kreisBAgs} ~ '^[0-9]{5}$' and ${t.kreisAAgs} < ${t.kreisBAgs} and ${t.minutes} between 1 and 2000`,
    ),
  ],
)

/** The weights the federal office set; a factor without a row has its default (`scoring.ts`). */
export const matchmakingWeights = pgTable(
  'matchmaking_weights',
  {
    factor: text().primaryKey(),
    weight: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('matchmaking_weights_range_chk', sql`${t.weight} between 0 and 10`)],
)

export type SeekingProfileRow = typeof seekingProfiles.$inferSelect
export type ElectionDate = typeof electionDates.$inferSelect
