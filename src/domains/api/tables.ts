import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { orgUnits } from '../org-units/tables.js'

export const apiTokenScopes = ['read', 'write'] as const
export type ApiTokenScope = (typeof apiTokenScopes)[number]
export const apiTokenScope = pgEnum('api_token_scope', apiTokenScopes)

/**
 * Personal access tokens for the JSON API. A token acts as its owner, never with more: its scope says
 * whether it may write, its unit the subtree it reaches. Only the sha256 of the token is stored.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    tokenHash: text().notNull(),
    scope: apiTokenScope().notNull(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    /** Created in a session that had confirmed the second factor: only then do the roles above member count. */
    secondFactor: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
)

export type ApiToken = typeof apiTokens.$inferSelect
