import { type SQL, sql } from 'drizzle-orm'

/**
 * The platform's calendar. The party lives on Berlin time: "today", a deadline "on the 14th", a meeting
 * "at 19:00" are readings of the clocks in Berlin, while the database and the code keep instants. Days
 * travel as "YYYY-MM-DD", as the database's date columns do. Daylight-saving changes come from the
 * runtime's time-zone data (Intl), not from rules written here, so an event at 19:00 stays at 19:00 on
 * both sides of a change while its UTC instant moves by an hour.
 */
export const TIME_ZONE = 'Europe/Berlin'

/**
 * The same zone for queries, as an SQL literal rather than a bound parameter, so a query reads the same text
 * on every call: `(entered_on + time '09:00') at time zone ${sqlTimeZone}` is an instant from a Berlin reading.
 */
export const sqlTimeZone = sql.raw(`'${TIME_ZONE}'`)

/** The calendar day in Berlin of a timestamp expression, as SQL: `localDay` inside a query. */
export const sqlLocalDay = (instant: SQL) => sql`(${instant} at time zone ${sqlTimeZone})::date`

/** A reading of the wall clock in a zone, to the minute. */
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
export function toLocal(instant: Date, timeZone = TIME_ZONE): LocalDateTime & { second: number } {
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
export function offsetMinutes(instant: Date, timeZone = TIME_ZONE) {
  const l = toLocal(instant, timeZone)
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second)
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/**
 * The instant at which the zone's clocks show this reading. A reading that does not exist (the hour
 * skipped in spring) resolves to the instant one hour later on the clock; an ambiguous one (the hour
 * repeated in autumn) to the first of the two.
 */
export function fromLocal(local: LocalDateTime, timeZone = TIME_ZONE): Date {
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

const pad = (n: number) => String(n).padStart(2, '0')

/** "YYYY-MM-DD" of the instant's calendar day in the zone: `localDay(deps.now())` is today in Berlin. */
export function localDay(instant: Date, timeZone = TIME_ZONE) {
  const l = toLocal(instant, timeZone)
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`
}

/** The instant the zone's clocks show `time` ("HH:MM", midnight when left out) on `day` ("YYYY-MM-DD"). */
export function instantAt(day: string, time = '00:00', timeZone = TIME_ZONE): Date {
  const [year, month, d] = day.split('-').map(Number) as [number, number, number]
  const [hour, minute] = time.split(':').map(Number) as [number, number]
  return fromLocal({ year, month, day: d, hour, minute }, timeZone)
}

/**
 * A date and time as a `datetime-local` field sends it ("2026-08-15T09:00") or as people write it where the browser
 * offers no picker ("15.08.2026 09:00", also "15.8.2026 9:00"), as the field's value "2026-08-15T09:00"; undefined
 * for anything else and for a day or time that does not exist.
 */
export function dateTimeLocalOf(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text)
  const german = iso ? null : /^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})$/.exec(text)
  if (!iso && !german) return undefined
  const [year, month, day, hour, minute] = iso
    ? iso.slice(1).map(Number)
    : [german![3], german![2], german![1], german![4], german![5]].map(Number)
  const d = new Date(Date.UTC(year!, month! - 1, day!))
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month! - 1 || d.getUTCDate() !== day)
    return undefined
  if (hour! > 23 || minute! > 59) return undefined
  return `${d.toISOString().slice(0, 10)}T${pad(hour!)}:${pad(minute!)}`
}

/** The value of a form's `datetime-local` field ("2026-08-15T09:00"), read as Berlin time. */
export function fromDateTimeLocal(value: string, timeZone = TIME_ZONE): Date {
  return instantAt(value.slice(0, 10), value.slice(11, 16), timeZone)
}

/** An instant as a `datetime-local` field's value, in Berlin time: the reverse of `fromDateTimeLocal`. */
export function toDateTimeLocal(instant: Date, timeZone = TIME_ZONE): string {
  const l = toLocal(instant, timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${l.year}-${two(l.month)}-${two(l.day)}T${two(l.hour)}:${two(l.minute)}`
}

/** The calendar day `days` after `day` ("2026-11-21", 1 → "2026-11-22"; negative counts back). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The weekday of a calendar day, Monday first: 0 = Monday … 6 = Sunday ("2026-12-07" → 0). */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
}

/** Calendar days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
