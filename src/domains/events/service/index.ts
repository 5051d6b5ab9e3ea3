export {
  calendarFeedStatus,
  eventCalendar,
  personalCalendar,
  renewCalendarToken,
  unitCalendar,
} from './calendar.js'
export { purgeEndedAccessNeeds, sendEventReminders } from './maintenance.js'
export { changeEventStatus, createEvent, editEvent, instantsOf } from './manage.js'
export {
  type CalendarEvent,
  type CalendarRegion,
  chosenNeeds,
  invalidatePublicCalendar,
  type PublicCalendarData,
  publicCalendarFeed,
  publicCalendarGeneration,
  readPublicCalendarVersion,
  viewEmbeddedEvents,
  viewPublicCalendar,
} from './public-calendar.js'
export {
  ageGroups,
  attendanceOf,
  type EventPageData,
  type EventScope,
  eventForEditing,
  eventFormOptions,
  eventFormValues,
  eventPageFingerprint,
  eventTemplates,
  listUnitEvents,
  planEvent,
  prepareTeamEvent,
  upcomingForTeam,
  upcomingForUnit,
  viewEvent,
} from './queries.js'
export {
  cancelGuestRsvp,
  cancelRsvp,
  checkInToEvent,
  confirmGuestRsvp,
  InvalidRsvpLinkError,
  markAttendance,
  registerForEvent,
  registerGuest,
  viewGuestLink,
} from './rsvp.js'
export type { EventsEnv, EventWithHosts } from './shared.js'
export { shownOf, UpcomingEventLists } from './upcoming.js'
