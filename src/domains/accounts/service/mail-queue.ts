import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/http/errors.js'
import { mailQueueOverview, retryMailNow } from '../../../platform/mail/outbox.js'
import { authorize } from '../policy.js'

/** The mail queue for the instance admin: counts per state, the mails waiting and the failed ones with the reason. */
export function viewMailQueue(deps: AppDeps, actor: Actor) {
  authorize(actor, 'mail.queue', undefined)
  return mailQueueOverview(deps.database.db)
}

/** "Retry now": a waiting or failed mail is due at once. Audited; NotFoundError for one already sent or unknown. */
export async function retryQueuedMail(deps: AppDeps, actor: Actor, id: number, meta: { requestId?: string }) {
  authorize(actor, 'mail.queue', undefined)
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
