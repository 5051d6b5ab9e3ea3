import type { FastifyInstance } from 'fastify'
import { eventRoutes } from './routes/events.js'
import { publicCalendarRoutes } from './routes/public-calendar.js'

/** Events with an inclusion profile, RSVPs with waitlist, attendance, calendar feeds and the public calendar. */
export async function eventsDomain(app: FastifyInstance) {
  await app.register(eventRoutes)
  await app.register(publicCalendarRoutes)
}
