import { addDays, instantAt, localDay, toLocal, weekdayOf } from '../../platform/time.js'

/**
 * A campaign's calling hours: per weekday (Monday first) one window on the clocks in Berlin, from "HH:MM" to
 * "HH:MM" (the end not included; "24:00" is the end of the day), or null when nobody is called that day. "Next
 * person" hands out nobody outside them. Daylight-saving changes move nothing: 17:00 stays 17:00 in Berlin.
 */
export type CallingWindow = { from: string; to: string }
export type CallingHours = (CallingWindow | null)[]

/** The weekdays as the form names its fields (`from_mo`, `to_mo`, …) and the messages name the days. */
export const weekdays = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const
export type Weekday = (typeof weekdays)[number]

/** Every day, all day: the hours of campaigns made before calling hours were kept as times. */
export const ALWAYS: CallingHours = weekdays.map(() => ({ from: '00:00', to: '24:00' }))

/** Weekday evenings 17:00–20:00 and Saturday 11:00–14:00: the new campaign form's suggestion, and the demo's. */
export const EVENINGS_AND_SATURDAY: CallingHours = [
  ...weekdays.slice(0, 5).map(() => ({ from: '17:00', to: '20:00' })),
  { from: '11:00', to: '14:00' },
  null,
]

const pad = (n: number) => String(n).padStart(2, '0')

/** The last minute `berlinClock` read, and what the clocks showed in it. */
let lastClock: { minute: number; clock: { weekday: number; time: string } } | undefined

/**
 * The weekday (0 = Monday) and the time ("HH:MM") the clocks in Berlin show at an instant. Within one minute they
 * show the same (the zone's offsets are whole hours), so the last minute's reading is kept: "next person" asks
 * for it with every claim, and reading the zone's clock costs more than the rest of building the claim.
 */
export function berlinClock(instant: Date): { weekday: number; time: string } {
  const minute = Math.floor(instant.getTime() / 60_000)
  if (lastClock?.minute === minute) return { ...lastClock.clock }
  const l = toLocal(instant)
  const clock = {
    weekday: weekdayOf(`${l.year}-${pad(l.month)}-${pad(l.day)}`),
    time: `${pad(l.hour)}:${pad(l.minute)}`,
  }
  lastClock = { minute, clock }
  return { ...clock }
}

/** The window of the day that the clocks in Berlin show at an instant (null: nobody is called that day), with the day. */
export function windowAt(hours: CallingHours, instant: Date): { day: Weekday; window: CallingWindow | null } {
  const { weekday } = berlinClock(instant)
  return { day: weekdays[weekday]!, window: hours[weekday] ?? null }
}

/** Whether an instant lies in the calling hours (as the claim statement asks the database, `repo.callDesk`). */
export function withinCallingHours(hours: CallingHours, instant: Date): boolean {
  const { weekday, time } = berlinClock(instant)
  const w = hours[weekday]
  return !!w && w.from <= time && time < w.to
}

/** The next instant at or after `instant` at which calling may start again; null when the hours name no day. */
export function nextOpening(hours: CallingHours, instant: Date): Date | null {
  if (withinCallingHours(hours, instant)) return instant
  const today = localDay(instant)
  for (let i = 0; i <= 7; i++) {
    const day = addDays(today, i)
    const w = hours[weekdayOf(day)]
    if (!w) continue
    const start = instantAt(day, w.from)
    if (start > instant) return start
  }
  return null
}

/**
 * The form's values for these hours (`from_mo`, `to_mo`, …; a day without hours has none). The end of the day,
 * "24:00", is given as "00:00", which a time field can hold and the form reads back as midnight.
 */
export function hoursFieldValues(hours: CallingHours): Record<string, string> {
  return Object.fromEntries(
    weekdays.flatMap((d, i) => {
      const w = hours[i]
      return w
        ? [
            [`from_${d}`, w.from],
            [`to_${d}`, w.to === '24:00' ? '00:00' : w.to],
          ]
        : []
    }),
  )
}

/**
 * The hours as people write them, consecutive days with the same window taken together: "Mo–Fr 17:00–20:00,
 * Sa 11:00–14:00". `dayName` gives the short name of a weekday in the reader's language.
 */
export function describeCallingHours(hours: CallingHours, dayName: (d: Weekday) => string): string {
  const parts: string[] = []
  let i = 0
  while (i < weekdays.length) {
    const w = hours[i]
    if (!w) {
      i++
      continue
    }
    let j = i
    while (j + 1 < weekdays.length && hours[j + 1]?.from === w.from && hours[j + 1]?.to === w.to) j++
    const days = j === i ? dayName(weekdays[i]!) : `${dayName(weekdays[i]!)}–${dayName(weekdays[j]!)}`
    parts.push(`${days} ${w.from}–${w.to}`)
    i = j + 1
  }
  return parts.join(', ')
}
