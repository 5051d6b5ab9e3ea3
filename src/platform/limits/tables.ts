import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Counters of limits (login failures, second-factor failures, mail budgets, request rates), one row
 * per key and fixed window, in the database so that every process sees the same count.
 */
export const limitCounters = pgTable('limit_counters', {
  key: text().primaryKey(),
  windowStart: timestamp({ withTimezone: true }).notNull(),
  count: integer().notNull(),
})
