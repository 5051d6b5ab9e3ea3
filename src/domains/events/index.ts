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
