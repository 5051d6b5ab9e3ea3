import type { FastifyInstance } from 'fastify'
import { mentoringRoutes } from './routes.js'

export async function mentoringDomain(app: FastifyInstance) {
  await app.register(mentoringRoutes)
}
