import type { FastifyInstance } from 'fastify'
import { surveyRoutes } from './routes.js'

export async function surveysDomain(app: FastifyInstance) {
  await app.register(surveyRoutes)
}
