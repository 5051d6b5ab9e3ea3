import type { AppDeps } from '../../app.js'
import type { Actor } from '../../platform/auth/actor.js'
import { ForbiddenError } from '../../platform/http/errors.js'
import type { AuditQuery } from './input.js'
import { auditScope, can } from './policy.js'
import { listAuditEvents } from './repo.js'

export const AUDIT_PAGE_SIZE = 50

/**
 * A page of the audit log for an admin, newest first, filtered by action prefix and actor e-mail,
 * limited to the rows the admin may read. Throws ForbiddenError for anyone but an admin.
 */
export async function viewAuditLog(deps: AppDeps, actor: Actor | undefined, query: AuditQuery) {
  if (!can(actor, 'audit.view')) throw new ForbiddenError('audit.view')
  return listAuditEvents(deps.database.db, {
    scope: auditScope(actor),
    actionPrefix: query.action,
    actorEmail: query.actor,
    limit: AUDIT_PAGE_SIZE,
    offset: (query.page - 1) * AUDIT_PAGE_SIZE,
  })
}
