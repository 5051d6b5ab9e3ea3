import type { FastifyInstance } from 'fastify'
import { reportRoutes } from './routes.js'

/** Board reports: drafted from the platform's data, written by the unit's board, published to its members. */
export async function reportsDomain(app: FastifyInstance) {
  await app.register(reportRoutes)
}
