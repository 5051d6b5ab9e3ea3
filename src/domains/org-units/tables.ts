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
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_units_path_uq').on(t.path),
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_ags_idx').on(t.ags),
    index('org_units_kind_idx').on(t.kind),
    // Only the federation itself has no parent.
    check('org_units_parent_chk', sql`(${t.kind} = 'federal') = (${t.parentId} is null)`),
  ],
)

export type OrgUnit = typeof orgUnits.$inferSelect
export type NewOrgUnit = typeof orgUnits.$inferInsert
