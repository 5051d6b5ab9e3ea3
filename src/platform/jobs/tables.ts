import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * One row per timed job: when it is due next. A process runs a job only after moving `nextRunAt`
 * forward in one statement, so of many processes exactly one runs each scheduled run.
 */
export const jobSchedule = pgTable('job_schedule', {
  name: text().primaryKey(),
  everyMs: integer().notNull(),
  nextRunAt: timestamp({ withTimezone: true }).notNull(),
  lastStartedAt: timestamp({ withTimezone: true }),
  lastFinishedAt: timestamp({ withTimezone: true }),
  lastError: text(),
})
