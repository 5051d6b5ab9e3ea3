import type { FastifyInstance } from 'fastify'
import { teamRoutes } from './routes.js'

export async function teamsDomain(app: FastifyInstance) {
  await app.register(teamRoutes)
}
