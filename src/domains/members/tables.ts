import { sql } from 'drizzle-orm'
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
    // Set when the retention period after leaving has passed and the person's data were erased: the row
    // is then a tombstone that keeps only the dates, the home KV and the key below (see domains/privacy).
    erasedAt: timestamp({ withTimezone: true }),
    // sha256 of the erased member's number (`memberNumberKey`), so a re-import of an old file does not
    // bring the person back; the number itself is replaced.
    memberNumberHash: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_member_number_uq').on(t.memberNumber),
    index('members_home_unit_idx').on(t.homeUnitId),
    index('members_postal_code_idx').on(t.postalCode),
    index('members_number_hash_idx').on(t.memberNumberHash).where(sql`${t.memberNumberHash} is not null`),
    // The retention job looks for members who left and are not erased yet.
    index('members_left_on_idx').on(t.leftOn).where(sql`${t.leftOn} is not null and ${t.erasedAt} is null`),
  ],
)

export type Member = typeof members.$inferSelect
export type NewMember = typeof members.$inferInsert
