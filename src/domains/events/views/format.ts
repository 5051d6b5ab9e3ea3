import { dateTimeFormat, formatDateTime, type Locale } from '../../../platform/i18n/index.js'
import { EVENT_TIME_ZONE } from '../recurrence.js'

export function timeOf(locale: Locale, d: Date) {
  return dateTimeFormat(locale, { timeStyle: 'short', timeZone: EVENT_TIME_ZONE }).format(d)
}

/** "Di., 2. Feb. 2027, 19:00–21:00"; an event over several days shows both ends in full. */
export function whenOf(locale: Locale, startsAt: Date, endsAt: Date) {
  const day = (d: Date) =>
    dateTimeFormat(locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: EVENT_TIME_ZONE,
    }).format(d)
  if (day(startsAt) === day(endsAt))
    return `${day(startsAt)}, ${timeOf(locale, startsAt)}–${timeOf(locale, endsAt)}`
  return `${formatDateTime(locale, startsAt)} – ${formatDateTime(locale, endsAt)}`
}
