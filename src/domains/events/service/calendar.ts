import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { buildCalendar, type IcsEvent } from '../ics.js'
import { can } from '../policy.js'
import * as repo from '../repo.js'
import type { Event } from '../tables.js'
import { absoluteUrl, getVisibleEvent, hashToken, newToken, withHosts } from './shared.js'

export function icsOf(config: Settings, e: Event): IcsEvent {
  return {
    uid: `${e.id}@${new URL(config.http.publicUrl).host}`,
    title: e.title,
    description: e.description,
    location: [e.venueName, e.address].filter(Boolean).join(', ') || null,
    url: absoluteUrl(config, `/events/${e.id}`),
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    cancelled: e.status === 'cancelled',
    updatedAt: e.updatedAt,
    sequence: e.revision,
  }
}

/** One event as an .ics file, for anyone who may see the event. */
export async function eventCalendar(deps: AppDeps, config: Settings, actor: Actor | undefined, id: string) {
  const { event } = await getVisibleEvent(deps.database.db, actor, id)
  return buildCalendar({ name: event.title, events: [icsOf(config, event)], now: deps.now() })
}

/** A unit's public feed: its published and cancelled public events, upcoming and of the last 90 days. */
export async function unitCalendar(deps: AppDeps, config: Settings, unitId: string) {
  const db = deps.database.db
  const [unit] = await repo.findUnits(db, [unitId])
  if (!unit) throw new NotFoundError()
  const since = new Date(deps.now().getTime() - 90 * 24 * 3600_000)
  const rows = await withHosts(db, await repo.listUpcomingHostedBy(db, [unit.id], since, 500))
  const events = rows
    .filter((e) => e.event.audience === 'public' && can(undefined, 'event.view', { event: e.subject }))
    .map((e) => icsOf(config, e.event))
  return buildCalendar({ name: unit.name, events, now: deps.now() })
}

/** A member's own feed at a secret URL: the events they signed up for. Unknown tokens are 404. */
export async function personalCalendar(deps: AppDeps, config: Settings, token: string) {
  const db = deps.database.db
  const owner = await repo.findUserByCalendarToken(db, hashToken(token))
  if (!owner || owner.deactivatedAt) throw new NotFoundError()
  const since = new Date(deps.now().getTime() - 90 * 24 * 3600_000)
  const rows = await repo.listEventsOfUser(db, owner.userId, since)
  return buildCalendar({
    name: owner.name,
    events: rows.filter((r) => r.event.status !== 'draft').map((r) => icsOf(config, r.event)),
    now: deps.now(),
  })
}

/** Whether the person has a feed URL (it is shown only once, when it is made). */
export async function calendarFeedStatus(deps: AppDeps, actor: Actor) {
  const row = await repo.findCalendarToken(deps.database.db, actor.userId)
  return { since: row?.createdAt ?? null }
}

/**
 * Makes a new secret feed URL for the person; the old one stops working at once. Returns the token,
 * which is not stored and cannot be shown again.
 */
export async function renewCalendarToken(deps: AppDeps, actor: Actor) {
  return deps.database.db.transaction(async (tx) => {
    const { token, hash } = newToken()
    await repo.upsertCalendarToken(tx, actor.userId, hash, deps.now())
    await recordAudit(tx, actor, {
      action: 'event.calendar_token_renewed',
      object: { type: 'user', id: actor.userId },
    })
    return token
  })
}
