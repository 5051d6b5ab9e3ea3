import type { FastifyInstance } from 'fastify'
import { membersRoutes } from './routes.js'

export async function membersDomain(app: FastifyInstance) {
  await app.register(membersRoutes)
}
