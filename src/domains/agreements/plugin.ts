import type { FastifyInstance } from 'fastify'
import { agreementRoutes } from './routes.js'

/** Partnership agreements: templates, versioned text, ratification by both sides, commitments and shared minutes. */
export async function agreementsDomain(app: FastifyInstance) {
  await app.register(agreementRoutes)
}
