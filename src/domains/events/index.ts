export { buildCalendar, type IcsEvent } from './ics.js'
export { InclusionProfile } from './inclusion.js'
export { EventFormInput } from './input.js'
export { expandMonthly } from './recurrence.js'
export type { EventWithHosts } from './service/index.js'
export {
  attendanceOf,
  createEvent,
  editEvent,
  eventForEditing,
  eventFormValues,
  instantsOf,
  listUnitEvents,
  purgeEndedAccessNeeds,
  sendEventReminders,
  viewEvent,
} from './service/index.js'
export { invalidatePublicCalendar } from './service/public-calendar.js'
export {
  type Event,
  type EventAudience,
  type EventType,
  eventAudiences,
  eventHosts,
  eventRsvps,
  eventSeries,
  eventStatuses,
  events,
  eventTypes,
} from './tables.js'
