import { sql } from 'drizzle-orm'
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { orgUnits, role } from './tables.js'

// Roles granted to accounts on units. Apart from the units' table, since it refers to the accounts, whose table
// refers (through members) to the units: one file each keeps the tables' imports free of cycles.

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
    // Set when the claims of the party's OpenID provider granted the role at a sign-in (OIDC_ROLES): the provider's
    // issuer. Such a grant ends at the first sign-in whose claims no longer carry it; grants made by people do not.
    grantedByProvider: text(),
  },
  (t) => [
    // A person holds a role on a unit at most once at a time.
    uniqueIndex('role_grants_active_uq').on(t.userId, t.unitId, t.role).where(sql`${t.revokedAt} is null`),
    index('role_grants_unit_idx').on(t.unitId),
  ],
)

export type RoleGrant = typeof roleGrants.$inferSelect
