/**
 * Wall-clock time in a named time zone, computed with Intl: an event "at 19:00 in Berlin" stays at
 * 19:00 on both sides of a daylight-saving change, while its UTC instant moves by an hour.
 */
export const EVENT_TIME_ZONE = 'Europe/Berlin'

export type LocalDateTime = { year: number; month: number; day: number; hour: number; minute: number }

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatterFor(timeZone: string) {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The wall-clock reading in the zone at an instant. */
export function toLocal(instant: Date, timeZone = EVENT_TIME_ZONE): LocalDateTime & { second: number } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  }
}

/** Offset of the zone from UTC at an instant, in minutes (Berlin: 60 in winter, 120 in summer). */
export function offsetMinutes(instant: Date, timeZone = EVENT_TIME_ZONE) {
  const l = toLocal(instant, timeZone)
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second)
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/**
 * The instant at which the zone's clocks show this reading. A reading that does not exist (the hour
 * skipped in spring) resolves to the instant one hour later on the clock; an ambiguous one (the hour
 * repeated in autumn) to the first of the two.
 */
export function fromLocal(local: LocalDateTime, timeZone = EVENT_TIME_ZONE): Date {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute)
  // Two passes: the offset at the first guess may differ from the offset at the answer.
  let guess = naive - offsetMinutes(new Date(naive), timeZone) * 60_000
  guess = naive - offsetMinutes(new Date(guess), timeZone) * 60_000
  const earlier = naive - offsetMinutes(new Date(guess - 3600_000), timeZone) * 60_000
  if (earlier < guess && sameReading(new Date(earlier), local, timeZone)) return new Date(earlier)
  return new Date(guess)
}

function sameReading(instant: Date, local: LocalDateTime, timeZone: string) {
  const l = toLocal(instant, timeZone)
  return l.year === local.year && l.month === local.month && l.day === local.day && l.hour === local.hour
}

/** "YYYY-MM-DD" of the instant's calendar day in the zone. */
export function localDay(instant: Date, timeZone = EVENT_TIME_ZONE) {
  const l = toLocal(instant, timeZone)
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`
}

export const pad = (n: number, width = 2) => String(n).padStart(width, '0')

export function parseTime(hhmm: string) {
  const [h, m] = hhmm.split(':').map(Number) as [number, number]
  return { hour: h, minute: m }
}

export function parseDay(day: string) {
  const [year, month, d] = day.split('-').map(Number) as [number, number, number]
  return { year, month, day: d }
}

/** The rule of a monthly series: the nth (or last, -1) weekday of each month, from one time to another. */
export type MonthlyRule = {
  ordinal: 1 | 2 | 3 | 4 | -1
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
  startTime: string
  endTime: string
}

/** Day of the month of the rule's weekday in a month, counted on the calendar (no time zone involved). */
export function nthWeekdayOfMonth(year: number, month: number, ordinal: number, weekday: number) {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (ordinal === -1) {
    const lastWeekday = new Date(Date.UTC(year, month - 1, daysInMonth)).getUTCDay()
    return daysInMonth - ((lastWeekday - weekday + 7) % 7)
  }
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay()
  return 1 + ((weekday - firstWeekday + 7) % 7) + (ordinal - 1) * 7
}

export type Occurrence = { startsAt: Date; endsAt: Date }

/**
 * The occurrences of a monthly rule in the given number of calendar months, starting with the month
 * of `from`; occurrences that start before `from` are left out. Each one is placed on the wall clock
 * of the zone, so 19:00 stays 19:00 in March and in November.
 */
export function expandMonthly(rule: MonthlyRule, from: Date, months: number, timeZone = EVENT_TIME_ZONE) {
  const start = toLocal(from, timeZone)
  const s = parseTime(rule.startTime)
  const e = parseTime(rule.endTime)
  const out: Occurrence[] = []
  for (let i = 0; i < months; i++) {
    const monthIndex = start.month - 1 + i
    const year = start.year + Math.floor(monthIndex / 12)
    const month = (monthIndex % 12) + 1
    const day = nthWeekdayOfMonth(year, month, rule.ordinal, rule.weekday)
    const startsAt = fromLocal({ year, month, day, ...s }, timeZone)
    // An end at or before the start means the meeting runs past midnight.
    const endDay = e.hour * 60 + e.minute <= s.hour * 60 + s.minute ? day + 1 : day
    const endsAt = fromLocal({ year, month, day: endDay, ...e }, timeZone)
    if (startsAt.getTime() >= from.getTime()) out.push({ startsAt, endsAt })
  }
  return out
}
