import type { FastifyInstance } from 'fastify'
import { resolutionsRoutes } from './routes.js'

export async function resolutionsDomain(app: FastifyInstance) {
  await app.register(resolutionsRoutes)
}
