import type { FastifyInstance } from 'fastify'
import { playbookRoutes } from './routes.js'

export async function playbookDomain(app: FastifyInstance) {
  await app.register(playbookRoutes)
}
