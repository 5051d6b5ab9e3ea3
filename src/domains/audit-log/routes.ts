import type { FastifyInstance } from 'fastify'
import { AuditQuery } from './input.js'
import { abilities } from './policy.js'
import { verifyAuditTrailNow, viewAuditLog, viewAuditTrailState } from './service.js'
import { AuditLogPage } from './views.js'

export async function auditLogRoutes(app: FastifyInstance) {
  app.get('/admin/audit', { config: { access: 'admin' } }, async (req, reply) => {
    const parsed = AuditQuery.safeParse(req.query)
    const query: AuditQuery = parsed.success ? parsed.data : { page: 1 }
    const [{ rows, hasNext }, chain] = await Promise.all([
      viewAuditLog(app.deps, req.actor, query),
      viewAuditTrailState(app.deps, req.actor),
    ])
    return reply.page(
      AuditLogPage({ ctx: reply.ctx(), query, rows, hasNext, chain, can: abilities(req.actor) }),
    )
  })

  app.post('/admin/audit/verify', { config: { access: 'admin' } }, async (req, reply) => {
    const result = await verifyAuditTrailNow(app.deps, req.actor, req.requestId)
    req.flash(result.ok ? 'success' : 'error', result.ok ? 'auditLog.flash.intact' : 'auditLog.flash.broken')
    return reply.redirect('/admin/audit', 303)
  })
}
