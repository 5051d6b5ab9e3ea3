import { sql } from 'drizzle-orm'
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { members } from '../members/tables.js'

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    // argon2id; null for accounts that only ever log in by e-mail link.
    passwordHash: text(),
    displayName: text().notNull(),
    locale: text().notNull().default('de'),
    memberId: uuid().references(() => members.id),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    deactivatedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`),
    uniqueIndex('users_member_uq').on(t.memberId),
  ],
)

export const sessions = pgTable(
  'sessions',
  {
    // sha256 of the cookie value: a leaked table does not hand out live sessions.
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

export const loginTokenPurpose = pgEnum('login_token_purpose', [
  'magic_link',
  'password_reset',
  'verify_email',
])

export const loginTokens = pgTable(
  'login_tokens',
  {
    // sha256 of the token sent by e-mail.
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    purpose: loginTokenPurpose().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('login_tokens_user_idx').on(t.userId)],
)

export type User = typeof users.$inferSelect
export type Session = typeof sessions.$inferSelect
