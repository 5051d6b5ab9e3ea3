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
import { unitKinds } from '../../config.js'
import { roles } from '../../platform/auth/actor.js'
import { users } from '../accounts/tables.js'

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

export const roleGrants = pgTable(
  'role_grants',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    role: role().notNull(),
    grantedById: uuid().references(() => users.id),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedById: uuid().references(() => users.id),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // A person holds a role on a unit at most once at a time.
    uniqueIndex('role_grants_active_uq').on(t.userId, t.unitId, t.role).where(sql`${t.revokedAt} is null`),
    index('role_grants_unit_idx').on(t.unitId),
  ],
)

export type OrgUnit = typeof orgUnits.$inferSelect
export type NewOrgUnit = typeof orgUnits.$inferInsert
export type RoleGrant = typeof roleGrants.$inferSelect
