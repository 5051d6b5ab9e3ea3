import { dateTimeFormat, formatDateTime, type Locale } from '../../../platform/i18n/index.js'
import { TIME_ZONE } from '../../../platform/time.js'

// A list formats each event's day and times: the formatters are looked up once per locale, not per call.
const formatters = new Map<Locale, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>()
function formattersOf(locale: Locale) {
  let f = formatters.get(locale)
  if (!f) {
    f = {
      time: dateTimeFormat(locale, { timeStyle: 'short', timeZone: TIME_ZONE }),
      day: dateTimeFormat(locale, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: TIME_ZONE,
      }),
    }
    formatters.set(locale, f)
  }
  return f
}

export function timeOf(locale: Locale, d: Date) {
  return formattersOf(locale).time.format(d)
}

/** "Di., 2. Feb. 2027, 19:00–21:00"; an event over several days shows both ends in full. */
export function whenOf(locale: Locale, startsAt: Date, endsAt: Date) {
  const { day, time } = formattersOf(locale)
  const startDay = day.format(startsAt)
  if (startDay === day.format(endsAt)) return `${startDay}, ${time.format(startsAt)}–${time.format(endsAt)}`
  return `${formatDateTime(locale, startsAt)} – ${formatDateTime(locale, endsAt)}`
}
