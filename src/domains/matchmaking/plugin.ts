import type { FastifyInstance } from 'fastify'
import { matchmakingRoutes } from './routes.js'

export async function matchmakingDomain(app: FastifyInstance) {
  await app.register(matchmakingRoutes)
}
