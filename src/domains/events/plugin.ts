import type { FastifyInstance } from 'fastify'
import { eventRoutes } from './routes.js'

/** Events with an inclusion profile, RSVPs with waitlist, attendance and calendar feeds. */
export async function eventsDomain(app: FastifyInstance) {
  await app.register(eventRoutes)
}
