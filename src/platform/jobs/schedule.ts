import { asc, eq, sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import { queryRows } from '../db/query.js'
import type { Db, DbOrTx } from '../db/types.js'
import { jobSchedule } from './tables.js'

export type TimedJob = { name: string; everyMs: number; run: () => Promise<unknown> }

/** Failures in a row after which a job is parked, unless JOB_MAX_FAILURES says otherwise. */
export const DEFAULT_MAX_FAILURES = 5

export type JobResult = { name: string; ok: boolean; parked: boolean }

/** Enters every job in the schedule (due at once when new); a changed interval is taken over. */
export async function registerJobs(db: Db, jobs: readonly TimedJob[], now: Date) {
  if (jobs.length === 0) return
  await db
    .insert(jobSchedule)
    .values(jobs.map((j) => ({ name: j.name, everyMs: j.everyMs, nextRunAt: now })))
    .onConflictDoUpdate({ target: jobSchedule.name, set: { everyMs: sql`excluded.every_ms` } })
}

/**
 * Takes the due runs of these jobs: one statement moves each due job's next run forward by its
 * interval and returns it, so of any number of processes asking at once exactly one gets each run.
 * A parked job is not taken.
 */
export async function claimDueJobs(db: Db, names: readonly string[], now: Date): Promise<string[]> {
  if (names.length === 0) return []
  const at = now.toISOString()
  const rows = await queryRows<{ name: string }>(
    db,
    sql`update job_schedule
        set next_run_at = ${at}::timestamptz + every_ms * interval '1 millisecond',
            last_started_at = ${at}::timestamptz
        where name in (${sql.join(
          names.map((n) => sql`${n}`),
          sql`, `,
        )}) and next_run_at <= ${at}::timestamptz and parked_at is null
        returning name`,
  )
  return rows.map((r) => r.name)
}

/**
 * Runs the claimed jobs one after another; a failure is logged and recorded, and the others still run.
 * One statement records each outcome: a success clears the count of failures (and a parked state), a failure
 * adds one, and the `maxFailures`-th in a row parks the job, so no process claims it again until it is resumed.
 */
export async function runClaimed(
  db: Db,
  jobs: readonly TimedJob[],
  claimed: readonly string[],
  now: () => Date,
  log: FastifyBaseLogger,
  maxFailures = DEFAULT_MAX_FAILURES,
): Promise<JobResult[]> {
  const results: JobResult[] = []
  for (const job of jobs) {
    if (!claimed.includes(job.name)) continue
    let error: string | null = null
    try {
      await job.run()
    } catch (err) {
      log.error({ err, job: job.name }, 'job failed')
      error = String((err as Error)?.message ?? err).slice(0, 500)
    }
    const at = now().toISOString()
    const [row] = await queryRows<{ failures: number; parked: boolean; parkedNow: boolean }>(
      db,
      sql`update job_schedule
          set last_finished_at = ${at}::timestamptz,
              last_error = ${error}::text,
              failures = case when ${error}::text is null then 0 else failures + 1 end,
              parked_at = case
                when ${error}::text is null then null
                when failures + 1 >= ${maxFailures}::int then coalesce(parked_at, ${at}::timestamptz)
                else parked_at end
          where name = ${job.name}
          returning failures, parked_at is not null as parked, parked_at = ${at}::timestamptz as "parkedNow"`,
    )
    const parked = row?.parked === true
    if (error !== null && row?.parkedNow)
      log.error(
        { job: job.name, failures: Number(row.failures) },
        'job parked after failing too often in a row; an admin resumes it on /admin/mail',
      )
    results.push({ name: job.name, ok: error === null, parked })
  }
  return results
}

export type JobState = typeof jobSchedule.$inferSelect

/** Every timed job with its last run, its failures in a row and whether it is parked: parked first, then failing. */
export async function listJobStates(db: DbOrTx): Promise<JobState[]> {
  const rows = await db.select().from(jobSchedule).orderBy(asc(jobSchedule.name))
  const rank = (j: JobState) => (j.parkedAt ? 0 : j.lastError !== null ? 1 : 2)
  return rows.sort((a, b) => rank(a) - rank(b))
}

/**
 * "Resume" a parked job, or "retry now" one whose last run failed: it is due at once, and the next schedule
 * tick of any process runs it. Its failures in a row stay counted, so a job that fails again is parked again
 * after that one run; a run that succeeds clears them. Answers the job as it was, or nothing for an unknown job
 * or one whose last run did not fail (there is nothing to resume).
 */
export async function resumeJob(db: DbOrTx, name: string, now: Date): Promise<JobState | undefined> {
  const [before] = await db.select().from(jobSchedule).where(eq(jobSchedule.name, name)).for('update')
  if (!before || (before.parkedAt === null && before.lastError === null)) return undefined
  await db
    .update(jobSchedule)
    .set({ parkedAt: null, nextRunAt: before.nextRunAt < now ? before.nextRunAt : now })
    .where(eq(jobSchedule.name, name))
  return before
}

export type Loop = { stop: () => Promise<void> }

/**
 * Calls `tick` every `everyMs` until stopped; a tick still running is not started again, and `stop`
 * waits for it to end (graceful shutdown lets running work finish). Errors are logged, not thrown.
 */
export function startLoop(
  name: string,
  everyMs: number,
  tick: () => Promise<unknown>,
  log: FastifyBaseLogger,
): Loop {
  let running: Promise<unknown> | undefined
  let stopped = false
  const timer = setInterval(() => {
    if (running || stopped) return
    running = tick()
      .catch((err: unknown) => log.error({ err, loop: name }, 'background work failed'))
      .finally(() => {
        running = undefined
      })
  }, everyMs)
  timer.unref()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
