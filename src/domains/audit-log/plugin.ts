import type { FastifyInstance } from 'fastify'
import { auditLogRoutes } from './routes.js'

export async function auditLogDomain(app: FastifyInstance) {
  await app.register(auditLogRoutes)
}
