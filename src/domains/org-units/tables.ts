import { sql } from 'drizzle-orm'
import {
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { roles } from '../../platform/auth/actor.js'
import { unitKinds } from '../../platform/units.js'

export const unitKind = pgEnum('unit_kind', unitKinds)
export const role = pgEnum('role', roles)

export const orgUnits = pgTable(
  'org_units',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: unitKind().notNull(),
    parentId: uuid().references((): import('drizzle-orm/pg-core').AnyPgColumn => orgUnits.id),
    // Materialised path of ids, '/<federal>/<state>/<district>/': "inherited downward" is a prefix test.
    path: text().notNull(),
    name: text().notNull(),
    // Official key of the territory: 2 digits for a state, 5 for a Kreis (AGS). City-district units share their city's.
    ags: text(),
    kreisType: text(),
    population: integer(),
    areaKm2: real(),
    anchorLon: doublePrecision(),
    anchorLat: doublePrecision(),
    website: text(),
    // The unit's key in a structure file (`npm run structure:load`): loading again finds the unit by it.
    // Units created on the platform (teams, local groups) may have none.
    key: text(),
    shortName: text(),
    email: text(),
    // A local group's territory: the postal codes (5 digits) whose members the import places in it. Within a
    // district, a postal code belongs to one open local group at most (checked where they are written).
    postalCodes: text().array().notNull().default(sql`'{}'::text[]`),
    // Municipalities (AGS, 8 digits) of the unit's territory. A district's: single municipalities it covers besides
    // its Kreise, each covered by one open district at most, never one in a Kreis another district covers.
    // A local group's: the municipalities whose members the import places in it, inside its district's territory
    // and held by one open local group of the district at most (both checked where they are written).
    municipalities: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // A dissolved unit keeps its row, so its history (audit trail, ended partnerships) still names it;
    // the tree, the search, the map and the imports leave it out.
    dissolvedAt: timestamp({ withTimezone: true }),
    // Set when the unit was merged into another (a district reform): what it had moved there.
    mergedIntoId: uuid().references((): import('drizzle-orm/pg-core').AnyPgColumn => orgUnits.id),
  },
  (t) => [
    uniqueIndex('org_units_path_uq').on(t.path),
    uniqueIndex('org_units_key_uq').on(t.key),
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_ags_idx').on(t.ags),
    index('org_units_kind_idx').on(t.kind),
    // Only the federation itself has no parent.
    check('org_units_parent_chk', sql`(${t.kind} = 'federal') = (${t.parentId} is null)`),
    check('org_units_merged_chk', sql`${t.mergedIntoId} is null or ${t.dissolvedAt} is not null`),
    check(
      'org_units_municipalities_chk',
      sql`array_to_string(${t.municipalities}, ',') ~ '^([0-9]{8}(,[0-9]{8})*)?$'`,
    ),
  ],
)

export type OrgUnit = typeof orgUnits.$inferSelect
export type NewOrgUnit = typeof orgUnits.$inferInsert

/**
 * The Kreise (AGS, 5 digits) a district association covers: usually one, several after a merger.
 * A Kreis belongs to one unit at most. City-district units (a point inside a city) cover none.
 */
export const unitKreise = pgTable(
  'unit_kreise',
  {
    kreisAgs: text().primaryKey(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [
    index('unit_kreise_unit_idx').on(t.unitId),
    check('unit_kreise_ags_chk', sql`${t.kreisAgs} ~ '^[0-9]{5}$'`),
  ],
)
