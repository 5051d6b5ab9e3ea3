import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { listJobStates, resumeJob } from '../../../platform/jobs/schedule.js'
import { mailQueueOverview, retryMailNow } from '../../../platform/mail/outbox.js'
import { authorize } from '../policy.js'

/**
 * The mail queue and the timed jobs for the instance admin: counts per state, the mails waiting and the failed
 * ones with the reason; each job with its last run, its failures in a row and whether it is parked.
 */
export async function viewMailQueue(deps: AppDeps, actor: Actor) {
  authorize(actor, 'mail.queue', {})
  const db = deps.database.db
  return { ...(await mailQueueOverview(db)), jobs: await listJobStates(db) }
}

/**
 * "Resume" a parked timed job, or "retry now" one whose last run failed: due at once, so the next schedule tick
 * of one process runs it. Audited as `job.resumed`; NotFoundError for an unknown job or one that did not fail.
 */
export async function resumeTimedJob(
  deps: AppDeps,
  actor: Actor,
  name: string,
  meta: { requestId?: string },
) {
  authorize(actor, 'mail.queue', {})
  await deps.database.db.transaction(async (tx) => {
    const before = await resumeJob(tx, name, deps.now())
    if (!before) throw new NotFoundError()
    await recordAudit(
      tx,
      actor,
      {
        action: 'job.resumed',
        object: { type: 'job', id: name },
        // Not the error text: it may quote data, and the audit trail is kept for good.
        data: { parked: before.parkedAt !== null, failures: before.failures },
      },
      meta.requestId,
    )
  })
}

/** "Retry now": a waiting or failed mail is due at once. Audited; NotFoundError for one already sent or unknown. */
export async function retryQueuedMail(deps: AppDeps, actor: Actor, id: number, meta: { requestId?: string }) {
  authorize(actor, 'mail.queue', {})
  await deps.database.db.transaction(async (tx) => {
    if (!(await retryMailNow(tx, id, deps.now()))) throw new NotFoundError()
    await recordAudit(
      tx,
      actor,
      { action: 'mail.retried', object: { type: 'mail', id: String(id) } },
      meta.requestId,
    )
  })
}
