import type { FastifyInstance } from 'fastify'
import { AuditQuery } from './input.js'
import { viewAuditLog } from './service.js'
import { AuditLogPage } from './views.js'

export async function auditLogRoutes(app: FastifyInstance) {
  app.get('/admin/audit', { config: { access: 'admin' } }, async (req, reply) => {
    const parsed = AuditQuery.safeParse(req.query)
    const query: AuditQuery = parsed.success ? parsed.data : { page: 1 }
    const { rows, hasNext } = await viewAuditLog(app.deps, req.actor, query)
    return reply.page(AuditLogPage({ ctx: reply.ctx(), query, rows, hasNext }))
  })
}
