import { TIME_ZONE, toLocal } from '../../platform/time.js'
import { pad } from './recurrence.js'

/**
 * iCalendar (RFC 5545) output. Times are written as Berlin wall-clock time with TZID and a VTIMEZONE
 * that carries the EU rules, so calendar programs keep a 19:00 meeting at 19:00 across DST changes.
 */
export type IcsEvent = {
  uid: string
  title: string
  description?: string | null
  location?: string | null
  url: string
  startsAt: Date
  endsAt: Date
  cancelled?: boolean
  updatedAt: Date
  /** Raised with every change, so a calendar that has the event replaces it (RFC 5545, 3.8.7.4). */
  sequence: number
}

const VTIMEZONE_BERLIN = [
  'BEGIN:VTIMEZONE',
  `TZID:${TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
]

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545, 3.3.11). */
export function escapeText(value: string) {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

function isAscii(s: string) {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false
  return true
}

/** Lines longer than 75 octets are folded with CRLF and a space, never inside a UTF-8 character. */
export function foldLine(line: string) {
  // Most lines are short: a line of at most 75 UTF-16 units holds at most 75 octets if it is ASCII.
  if (line.length <= 75 && isAscii(line)) return line
  const out: string[] = []
  let current = ''
  let octets = 0
  for (const ch of line) {
    // The octets of the character in UTF-8, from its code point.
    const cp = ch.codePointAt(0)!
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
    // The first line holds 75 octets; continuation lines hold 74 after their leading space.
    const limit = out.length === 0 ? 75 : 74
    if (octets + size > limit) {
      out.push(current)
      current = ''
      octets = 0
    }
    current += ch
    octets += size
  }
  out.push(current)
  return out.join('\r\n ')
}

function localStamp(instant: Date) {
  const l = toLocal(instant)
  return `${l.year}${pad(l.month)}${pad(l.day)}T${pad(l.hour)}${pad(l.minute)}${pad(l.second)}`
}

function utcStamp(instant: Date) {
  return `${instant.getUTCFullYear()}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`
}

function veventLines(e: IcsEvent, now: Date) {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${utcStamp(now)}`,
    `LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTART;TZID=${TIME_ZONE}:${localStamp(e.startsAt)}`,
    `DTEND;TZID=${TIME_ZONE}:${localStamp(e.endsAt)}`,
    `SUMMARY:${escapeText(e.title)}`,
  ]
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`)
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`)
  lines.push(`URL;VALUE=URI:${e.url}`)
  lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`)
  lines.push('END:VEVENT')
  return lines
}

/** A whole VCALENDAR with CRLF line ends, ready to send as text/calendar. */
export function buildCalendar(opts: { name: string; events: IcsEvent[]; now: Date }) {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Brueckenschlag//Veranstaltungen//DE',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
    `X-WR-TIMEZONE:${TIME_ZONE}`,
    ...VTIMEZONE_BERLIN,
    ...opts.events.flatMap((e) => veventLines(e, opts.now)),
    'END:VCALENDAR',
  ]
  return `${lines.map(foldLine).join('\r\n')}\r\n`
}
