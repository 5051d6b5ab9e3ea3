import type { FastifyInstance } from 'fastify'
import { sendCommitmentReminders } from './domains/agreements/index.js'
import { purgeEndedAccessNeeds, sendEventReminders } from './domains/events/index.js'
import { sendShiftReminders, sendSignupDigests } from './domains/help/index.js'
import { eraseEndedCohorts, sendTandemReminders } from './domains/mentoring/index.js'
import { sendOnboardingMails } from './domains/onboarding/index.js'
import { eraseFormerMembers } from './domains/privacy/index.js'
import { sendMeasureReminders } from './domains/resolutions/index.js'
import { purgeCampaignNotes } from './domains/surveys/index.js'
import { sealAuditJob, verifyAuditJob } from './platform/audit/jobs.js'
import {
  claimDueJobs,
  type JobResult,
  type Loop,
  registerJobs,
  runClaimed,
  startLoop,
} from './platform/jobs/schedule.js'
import { pruneCounters } from './platform/limits/limits.js'
import { deliverQueuedMail, pruneSentMail } from './platform/mail/outbox.js'

/**
 * Work that happens by the clock rather than by a request. The schedule is kept in the database
 * (`job_schedule`): with several processes, each scheduled run happens in exactly one of them. Every
 * job is idempotent besides: a run that died half-way is simply done again by the next one.
 */
export function timedJobs(app: FastifyInstance) {
  return [
    { name: 'events.purge-access-needs', everyMs: 15 * 60_000, run: () => purgeEndedAccessNeeds(app.deps) },
    { name: 'events.reminders', everyMs: 15 * 60_000, run: () => sendEventReminders(app.deps, app.config) },
    {
      name: 'help.shift-reminders',
      everyMs: 15 * 60_000,
      run: () => sendShiftReminders(app.deps, app.config),
    },
    { name: 'help.signup-digests', everyMs: 60 * 60_000, run: () => sendSignupDigests(app.deps, app.config) },
    {
      name: 'agreements.commitment-reminders',
      everyMs: 60 * 60_000,
      run: () => sendCommitmentReminders(app.deps, app.config),
    },
    { name: 'onboarding.mails', everyMs: 15 * 60_000, run: () => sendOnboardingMails(app.deps, app.config) },
    {
      name: 'resolutions.reminders',
      everyMs: 60 * 60_000,
      run: () => sendMeasureReminders(app.deps, app.config),
    },
    {
      name: 'mentoring.reminders',
      everyMs: 60 * 60_000,
      run: () => sendTandemReminders(app.deps, app.config),
    },
    { name: 'mentoring.erase-ended-cohorts', everyMs: 60 * 60_000, run: () => eraseEndedCohorts(app.deps) },
    { name: 'surveys.purge-call-notes', everyMs: 60 * 60_000, run: () => purgeCampaignNotes(app.deps) },
    {
      name: 'privacy.erase-former-members',
      everyMs: 60 * 60_000,
      run: () => eraseFormerMembers(app.deps, app.config),
    },
    { name: 'audit.seal', everyMs: 60_000, run: () => sealAuditJob(app.deps.database.db, app.log) },
    { name: 'audit.verify', everyMs: 60 * 60_000, run: () => verifyAuditJob(app.deps.database.db, app.log) },
    {
      name: 'mail.prune-sent',
      everyMs: 60 * 60_000,
      run: () => pruneSentMail(app.deps.database.db, app.deps.now()),
    },
    {
      name: 'limits.prune',
      everyMs: 60 * 60_000,
      run: () => pruneCounters(app.deps.database.db, app.deps.now()),
    },
  ]
}

export type { JobResult }

/**
 * Runs every job once, one after another, whatever the schedule says (a parked one too); a failing job does
 * not stop the others.
 */
export async function runJobsOnce(app: FastifyInstance): Promise<JobResult[]> {
  const jobs = timedJobs(app)
  return runClaimed(
    app.deps.database.db,
    jobs,
    jobs.map((j) => j.name),
    app.deps.now,
    app.log,
    app.config.jobs.maxFailures,
  )
}

/**
 * Runs one job now, whatever the schedule says, parked or not (the erasure at start-up, before the server
 * listens: SECURITY-GOALS P-4 does not wait for an admin).
 */
export async function runJobNow(app: FastifyInstance, name: string): Promise<JobResult[]> {
  return runClaimed(
    app.deps.database.db,
    timedJobs(app),
    [name],
    app.deps.now,
    app.log,
    app.config.jobs.maxFailures,
  )
}

/** Runs the due jobs this process could claim (none that another process claimed for the same run, none parked). */
export async function runDueJobs(app: FastifyInstance): Promise<JobResult[]> {
  const jobs = timedJobs(app)
  const db = app.deps.database.db
  const claimed = await claimDueJobs(
    db,
    jobs.map((j) => j.name),
    app.deps.now(),
  )
  return runClaimed(db, jobs, claimed, app.deps.now, app.log, app.config.jobs.maxFailures)
}

/** One run of the mail worker: delivers every mail that is due. */
export function deliverMail(app: FastifyInstance, stop?: () => boolean) {
  return deliverQueuedMail(app.deps.database.db, app.deps.mailer, {
    now: app.deps.now,
    keepText: !app.deps.mailer.delivers && app.config.mail.outboxPage,
    ...(stop ? { stop } : {}),
  })
}

/**
 * Starts the schedule (checked every few seconds) and the mail worker (every second). `stop` ends
 * both and waits for a job or mail batch that is running, so a shutdown does not cut it off.
 */
export async function startJobs(
  app: FastifyInstance,
  opts: { scheduleEveryMs?: number; mailEveryMs?: number } = {},
): Promise<Loop> {
  await registerJobs(app.deps.database.db, timedJobs(app), app.deps.now())
  let stopping = false
  const loops = [
    startLoop('schedule', opts.scheduleEveryMs ?? 5000, () => runDueJobs(app), app.log),
    startLoop('mail', opts.mailEveryMs ?? 1000, () => deliverMail(app, () => stopping), app.log),
  ]
  return {
    async stop() {
      stopping = true
      await Promise.all(loops.map((l) => l.stop()))
    },
  }
}
