import type { FastifyInstance } from 'fastify'
import { sendCommitmentReminders } from './domains/agreements/index.js'
import { purgeEndedAccessNeeds, sendEventReminders } from './domains/events/index.js'
import { sendOnboardingMails } from './domains/onboarding/index.js'
import { eraseFormerMembers } from './domains/privacy/index.js'
import { sealAuditJob, verifyAuditJob } from './platform/audit/jobs.js'

/**
 * Work that happens by the clock rather than by a request. Every job is idempotent: it remembers
 * what it already did, so running it twice, or on two servers, does no harm.
 */
export const jobs = [
  {
    name: 'events.purge-access-needs',
    everyMs: 15 * 60_000,
    run: (app: FastifyInstance) => purgeEndedAccessNeeds(app.deps),
  },
  {
    name: 'events.reminders',
    everyMs: 15 * 60_000,
    run: (app: FastifyInstance) => sendEventReminders(app.deps, app.config),
  },
  {
    name: 'agreements.commitment-reminders',
    everyMs: 60 * 60_000,
    run: (app: FastifyInstance) => sendCommitmentReminders(app.deps, app.config),
  },
  {
    name: 'onboarding.mails',
    everyMs: 15 * 60_000,
    run: (app: FastifyInstance) => sendOnboardingMails(app.deps, app.config),
  },
  {
    name: 'privacy.erase-former-members',
    everyMs: 60 * 60_000,
    run: (app: FastifyInstance) => eraseFormerMembers(app.deps, app.config),
  },
  {
    name: 'audit.seal',
    everyMs: 60_000,
    run: (app: FastifyInstance) => sealAuditJob(app.deps.database.db, app.log),
  },
  {
    name: 'audit.verify',
    everyMs: 60 * 60_000,
    run: (app: FastifyInstance) => verifyAuditJob(app.deps.database.db, app.log),
  },
] as const

export type JobResult = { name: string; ok: boolean }

/** Runs every job once, one after another; a failing job is logged and does not stop the others. */
export async function runJobsOnce(app: FastifyInstance): Promise<JobResult[]> {
  const results: JobResult[] = []
  for (const job of jobs) {
    try {
      await job.run(app)
      results.push({ name: job.name, ok: true })
    } catch (err) {
      app.log.error({ err, job: job.name }, 'job failed')
      results.push({ name: job.name, ok: false })
    }
  }
  return results
}

/** Starts the timers; returns a function that stops them. A run still going is not started twice. */
export function startJobs(app: FastifyInstance): () => void {
  const timers = jobs.map((job) => {
    let running = false
    const timer = setInterval(async () => {
      if (running) return
      running = true
      try {
        await job.run(app)
      } catch (err) {
        app.log.error({ err, job: job.name }, 'job failed')
      } finally {
        running = false
      }
    }, job.everyMs)
    timer.unref()
    return timer
  })
  return () => {
    for (const t of timers) clearInterval(t)
  }
}
