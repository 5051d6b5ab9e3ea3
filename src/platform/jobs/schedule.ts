import { eq, sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import { queryRows } from '../db/query.js'
import type { Db } from '../db/types.js'
import { jobSchedule } from './tables.js'

export type TimedJob = { name: string; everyMs: number; run: () => Promise<unknown> }

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
        )}) and next_run_at <= ${at}::timestamptz
        returning name`,
  )
  return rows.map((r) => r.name)
}

/** Runs the claimed jobs one after another; a failure is logged and recorded, and the others still run. */
export async function runClaimed(
  db: Db,
  jobs: readonly TimedJob[],
  claimed: readonly string[],
  now: () => Date,
  log: FastifyBaseLogger,
) {
  const results: { name: string; ok: boolean }[] = []
  for (const job of jobs) {
    if (!claimed.includes(job.name)) continue
    let error: string | null = null
    try {
      await job.run()
    } catch (err) {
      log.error({ err, job: job.name }, 'job failed')
      error = String((err as Error)?.message ?? err).slice(0, 500)
    }
    await db
      .update(jobSchedule)
      .set({ lastFinishedAt: now(), lastError: error })
      .where(eq(jobSchedule.name, job.name))
    results.push({ name: job.name, ok: error === null })
  }
  return results
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
