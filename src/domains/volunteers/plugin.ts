import type { FastifyInstance } from 'fastify'
import { volunteerRoutes } from './routes.js'

/** The volunteer pool: consent-scoped profiles, search, contact through the platform and project calls. */
export async function volunteersDomain(app: FastifyInstance) {
  await app.register(volunteerRoutes)
}
