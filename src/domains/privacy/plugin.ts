import type { FastifyInstance } from 'fastify'
import { privacyRoutes } from './routes.js'

/** The person's own data: the access export ("My data") and the erasure after the retention period. */
export async function privacyDomain(app: FastifyInstance) {
  await app.register(privacyRoutes)
}
