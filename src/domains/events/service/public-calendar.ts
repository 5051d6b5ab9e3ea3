import type { AppDeps, Settings } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { CacheGeneration } from '../../../platform/http/page-cache.js'
import { translator } from '../../../platform/i18n/index.js'
import { addDays, instantAt, localDay } from '../../../platform/time.js'
import { pointOfPostalCode } from '../../org-units/index.js'
import { haversineKm, type Point } from '../../volunteers/index.js'
import { buildCalendar } from '../ics.js'
import { readInclusion } from '../inclusion.js'
import type { CalendarNeed, PublicCalendarFilters } from '../input.js'
import { pad } from '../recurrence.js'
import * as repo from '../repo.js'
import type { Event } from '../tables.js'
import { icsOf } from './calendar.js'

/**
 * Bumped after every event write in this process (see manage.ts), so the public calendar's cached
 * pages, feeds and embeds are rebuilt at once; other processes notice within the cache's few seconds.
 */
export const publicCalendarGeneration = new CacheGeneration()

/** Tells this process's public calendar caches that events changed. */
export function invalidatePublicCalendar() {
  publicCalendarGeneration.bump()
}

export type CalendarRegion =
  | { kind: 'party' }
  | {
      kind: 'state' | 'district'
      id: string
      name: string
      key: string | null
      ags: string | null
      stateId: string | null
    }

export type CalendarEvent = {
  event: Event
  hosts: repo.CalendarHost[]
  /** Distance in km from the postal code searched for, rounded; null without a search or a place. */
  distanceKm: number | null
}

const DAY_MS = 24 * 3600_000
/** How far a list without an end date looks ahead, and how many events a page shows at most. */
const LIST_DAYS = 365
const LIST_LIMIT = 200
const FEED_LIMIT = 1000
/** The SQL reads more than a page shows when filters run afterwards in memory. */
const READ_LIMIT = 2000

async function regionOf(deps: AppDeps, f: { land?: string | undefined; kv?: string | undefined }) {
  const db = deps.database.db
  if (f.kv) {
    const unit = await repo.findCalendarUnit(db, 'district', f.kv)
    if (!unit) throw new NotFoundError()
    const stateId = unit.path.split('/').filter(Boolean)[1] ?? null
    return {
      region: {
        kind: 'district',
        id: unit.id,
        name: unit.name,
        key: unit.key,
        ags: unit.ags,
        stateId,
      } as const,
      path: unit.path,
    }
  }
  if (f.land) {
    const unit = await repo.findCalendarUnit(db, 'state', f.land)
    if (!unit) throw new NotFoundError()
    return {
      region: {
        kind: 'state',
        id: unit.id,
        name: unit.name,
        key: unit.key,
        ags: unit.ags,
        stateId: unit.id,
      } as const,
      path: unit.path,
    }
  }
  return { region: { kind: 'party' } as const, path: '/' }
}

/**
 * Where an event takes place, as a point: the postal code in its address, else its first host's anchor;
 * none for an event held only online.
 */
function pointOf(event: Event, hosts: readonly repo.CalendarHost[]): Point | undefined {
  // An event held only online has no place to be near to.
  if (event.type === 'online' && !event.address) return undefined
  const code = event.address?.match(/\b(\d{5})\b/)?.[1]
  const fromCode = code ? pointOfPostalCode(code) : undefined
  if (fromCode) return fromCode
  const host = hosts.find((h) => h.lat !== null && h.lon !== null)
  return host ? { lat: host.lat!, lon: host.lon! } : undefined
}

const needTests: Record<CalendarNeed, (e: Event) => boolean> = {
  kinderbetreuung: (e) => readInclusion(e.inclusion).childcare !== null,
  stufenlos: (e) => readInclusion(e.inclusion).stepFree,
  online: (e) => e.type === 'online' || readInclusion(e.inclusion).onlineParticipation,
  gebaerdensprache: (e) => readInclusion(e.inclusion).signLanguageOnRequest,
  ruheraum: (e) => readInclusion(e.inclusion).quietRoom,
}

export function chosenNeeds(f: PublicCalendarFilters): CalendarNeed[] {
  return (Object.keys(needTests) as CalendarNeed[]).filter((n) => f[n])
}

/** The instant a Berlin calendar day begins. */
const startOfDay = (day: string) => instantAt(day)
const nextDay = (day: string) => addDays(day, 1)

/** The month shown: the one asked for, else the current one in Berlin. */
export function monthOf(f: PublicCalendarFilters, now: Date) {
  return f.monat ?? localDay(now).slice(0, 7)
}

function monthRange(month: string) {
  const [year, m] = month.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${year + 1}-01` : `${year}-${pad(m + 1)}`
  return { from: startOfDay(`${month}-01`), to: startOfDay(`${next}-01`), next }
}

async function readEvents(
  deps: AppDeps,
  path: string,
  range: { from: Date; to: Date },
  f: PublicCalendarFilters,
  limit: number,
): Promise<CalendarEvent[]> {
  let origin: Point | undefined
  if (f.plz) {
    origin = pointOfPostalCode(f.plz)
    if (!origin) throw new FieldError('plz', 'events.public.errors.unknownPostalCode')
  }
  const needs = chosenNeeds(f)
  const rows = await repo.listPublicEventsBelow(deps.database.db, path, range.from, range.to, READ_LIMIT)
  const out: CalendarEvent[] = []
  for (const row of rows) {
    const { hosts, ...event } = row
    if (f.art && event.type !== f.art) continue
    if (!needs.every((n) => needTests[n](event))) continue
    let distanceKm: number | null = null
    if (origin) {
      const point = pointOf(event, hosts ?? [])
      if (!point) continue
      const km = haversineKm(origin, point)
      if (km > f.km) continue
      distanceKm = Math.round(km)
    }
    out.push({ event, hosts: hosts ?? [], distanceKm })
    if (out.length >= limit) break
  }
  return out
}

/**
 * The public calendar: public events of the whole party, a state or a KV, as a list (from a day,
 * today unless chosen, up to a day or a year ahead) or a month, filtered by type, distance from a
 * postal code and what the event offers. No login; nothing but public events is ever read.
 */
export async function viewPublicCalendar(deps: AppDeps, f: PublicCalendarFilters) {
  const now = deps.now()
  const { region, path } = await regionOf(deps, f)
  const states = await repo.listStates(deps.database.db)
  if (f.ansicht === 'monat') {
    const month = monthOf(f, now)
    const { from, to } = monthRange(month)
    const events = await readEvents(deps, path, { from, to }, f, READ_LIMIT)
    return { region, states, view: 'monat' as const, month, today: localDay(now), events, truncated: false }
  }
  const fromDay = f.von ?? localDay(now)
  const from = startOfDay(fromDay)
  const to = f.bis ? startOfDay(nextDay(f.bis)) : new Date(from.getTime() + LIST_DAYS * DAY_MS)
  const events = await readEvents(deps, path, { from, to }, f, LIST_LIMIT + 1)
  return {
    region,
    states,
    view: 'liste' as const,
    month: monthOf(f, now),
    today: localDay(now),
    events: events.slice(0, LIST_LIMIT),
    truncated: events.length > LIST_LIMIT,
  }
}

export type PublicCalendarData = Awaited<ReturnType<typeof viewPublicCalendar>>

/**
 * The iCalendar feed of the same choice: its events from 90 days back (or the chosen first day) on,
 * cancelled ones included so that subscribed calendars drop them.
 */
export async function publicCalendarFeed(deps: AppDeps, config: Settings, f: PublicCalendarFilters) {
  const now = deps.now()
  const { region, path } = await regionOf(deps, f)
  const from = f.von ? startOfDay(f.von) : new Date(now.getTime() - 90 * DAY_MS)
  const to = f.bis ? startOfDay(nextDay(f.bis)) : new Date(now.getTime() + 2 * LIST_DAYS * DAY_MS)
  const events = await readEvents(deps, path, { from, to }, f, FEED_LIMIT)
  const t = translator(config.i18n.defaultLocale, config.i18n.genderMark)
  const name =
    region.kind === 'party'
      ? t('events.public.feedNameParty')
      : t('events.public.feedName', { region: region.name })
  return buildCalendar({ name, events: events.map((e) => icsOf(config, e.event)), now })
}

/**
 * The embedded list of a KV's or a state's next public events, for their own websites. An id that is
 * not a KV (or not a state) is 404.
 */
export async function viewEmbeddedEvents(
  deps: AppDeps,
  kind: 'state' | 'district',
  id: string,
  limit: number,
) {
  const unit = await repo.findCalendarUnit(deps.database.db, kind, id)
  if (!unit) throw new NotFoundError()
  const now = deps.now()
  const rows = await repo.listPublicEventsBelow(
    deps.database.db,
    unit.path,
    now,
    new Date(now.getTime() + LIST_DAYS * DAY_MS),
    limit,
  )
  return {
    unit,
    events: rows.map(({ hosts, ...event }) => ({ event, hosts: hosts ?? [], distanceKm: null })),
  }
}

/** The data version the public calendar's caches compare. */
export function readPublicCalendarVersion(deps: AppDeps) {
  return repo.readPublicCalendarVersion(deps.database.db)
}
