import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { orgUnits } from '../org-units/tables.js'

export const members = pgTable(
  'members',
  {
    id: uuid().primaryKey().defaultRandom(),
    // The key of the party's member database; imports are idempotent on it.
    memberNumber: text().notNull(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    email: text(),
    phone: text(),
    postalCode: text(),
    // Every member belongs to exactly one home district.
    homeUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    localUnitId: uuid().references(() => orgUnits.id),
    enteredOn: date(),
    leftOn: date(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_member_number_uq').on(t.memberNumber),
    index('members_home_unit_idx').on(t.homeUnitId),
    index('members_postal_code_idx').on(t.postalCode),
  ],
)

export type Member = typeof members.$inferSelect
export type NewMember = typeof members.$inferInsert
