/**
 * Monthly series on the wall clock: "the last Sunday of each month at 19:00" stays at 19:00 in Berlin on
 * both sides of a daylight-saving change, while its UTC instant moves by an hour (platform/time.ts).
 */
import { fromLocal, TIME_ZONE, toLocal } from '../../platform/time.js'

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
export function expandMonthly(rule: MonthlyRule, from: Date, months: number, timeZone = TIME_ZONE) {
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
