import { auditTrailState, recordAuditCheck, verifyAuditTrail } from '../../platform/audit/chain.js'
import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import type { AppDeps } from '../../platform/deps.js'
import type { AuditQuery } from './input.js'
import { auditScope, authorize } from './policy.js'
import { listAuditEvents } from './repo.js'

export const AUDIT_PAGE_SIZE = 50

/**
 * A page of the audit log for an admin, newest first, filtered by action prefix and actor e-mail,
 * limited to the rows the admin may read. Refuses (403) anyone but an admin.
 */
export async function viewAuditLog(deps: AppDeps, actor: Actor | undefined, query: AuditQuery) {
  authorize(actor, 'audit.view', {})
  return listAuditEvents(deps.database.db, {
    scope: auditScope(actor),
    actionPrefix: query.action,
    actorEmail: query.actor,
    limit: AUDIT_PAGE_SIZE,
    offset: (query.page - 1) * AUDIT_PAGE_SIZE,
  })
}

/** How far the hash chain is sealed and what the latest check found, for every admin. */
export async function viewAuditTrailState(deps: AppDeps, actor: Actor | undefined) {
  authorize(actor, 'audit.view', {})
  return auditTrailState(deps.database.db)
}

/**
 * Recomputes the hash chain now and records the outcome with its audit row. The recomputation reads
 * outside the transaction: a long transaction would hold up sealing (platform/audit/chain.ts).
 */
export async function verifyAuditTrailNow(deps: AppDeps, actor: Actor | undefined, requestId?: string) {
  authorize(actor, 'audit.verify', {})
  const db = deps.database.db
  const result = await verifyAuditTrail(db)
  await db.transaction(async (tx) => {
    await recordAuditCheck(tx, result)
    await recordAudit(
      tx,
      actor,
      {
        action: 'audit.verified',
        object: { type: 'audit_trail' },
        data: result.ok
          ? { ok: true, upTo: result.upTo, rows: result.rows }
          : { ok: false, upTo: result.upTo, brokenAt: result.brokenAt, reason: result.reason },
      },
      requestId,
    )
  })
  return result
}
