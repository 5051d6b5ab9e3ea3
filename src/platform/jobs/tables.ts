import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * One row per timed job: when it is due next. A process runs a job only after moving `nextRunAt`
 * forward in one statement, so of many processes exactly one runs each scheduled run. A job that failed
 * `JOB_MAX_FAILURES` runs in a row is parked (`parkedAt`): no process claims it until an admin resumes it.
 */
export const jobSchedule = pgTable('job_schedule', {
  name: text().primaryKey(),
  everyMs: integer().notNull(),
  nextRunAt: timestamp({ withTimezone: true }).notNull(),
  lastStartedAt: timestamp({ withTimezone: true }),
  lastFinishedAt: timestamp({ withTimezone: true }),
  lastError: text(),
  // Runs that failed in a row since the last one that succeeded.
  failures: integer().notNull().default(0),
  // Set when the job was parked after too many failures in a row; cleared by a resume or a run that succeeds.
  parkedAt: timestamp({ withTimezone: true }),
})
