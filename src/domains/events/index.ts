import type { FastifyInstance } from 'fastify'
import { eventRoutes } from './routes.js'

export { InclusionProfile } from './inclusion.js'
export { expandMonthly, fromLocal, localDay } from './recurrence.js'
export {
  attendanceOf,
  createEvent,
  instantsOf,
  purgeEndedAccessNeeds,
  sendEventReminders,
} from './service/index.js'
export {
  type Event,
  type EventAudience,
  type EventType,
  eventHosts,
  eventRsvps,
  eventSeries,
  events,
  eventTypes,
} from './tables.js'

/** Events with an inclusion profile, RSVPs with waitlist, attendance and calendar feeds. */
export async function eventsDomain(app: FastifyInstance) {
  await app.register(eventRoutes)
}
