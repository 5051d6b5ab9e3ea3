import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { ConflictError, FieldError } from '../../../platform/errors.js'
import { fromLocal, instantAt } from '../../../platform/time.js'
import { findVisibleTeam } from '../../teams/index.js'
import type { EventInput } from '../input.js'
import { authorize, can, type EventTeam, organisesFor } from '../policy.js'
import { expandMonthly, parseDay, parseTime } from '../recurrence.js'
import * as repo from '../repo.js'
import type { EventStatus, NewEvent } from '../tables.js'
import { queueCancellationMails, queueChangeMails } from './changes.js'
import { promoteWaiting } from './places.js'
import { invalidatePublicCalendar } from './public-calendar.js'
import { queuePromotedMails } from './rsvp.js'
import { comingInSeries, editOccurrences } from './series.js'
import type { EventsEnv } from './shared.js'
import { authorizeEdit, getVisibleEvent, newCheckInCode } from './shared.js'

/** The instants of a Berlin day and two wall-clock times; an end before the start runs past midnight. */
export function instantsOf(day: string, startTime: string, endTime: string) {
  const d = parseDay(day)
  const s = parseTime(startTime)
  const e = parseTime(endTime)
  const overnight = e.hour * 60 + e.minute <= s.hour * 60 + s.minute
  return {
    startsAt: fromLocal({ ...d, ...s }),
    endsAt: fromLocal({ ...d, day: d.day + (overnight ? 1 : 0), ...e }),
  }
}

/**
 * Checks the host units: every one exists, the actor organises at least one of them, and every other
 * host is a unit the actor organises or a partner of one (co-hosting across a partnership). A team's event
 * keeps the unit hosting the team among its hosts; the team's leads organise for that unit.
 */
async function checkHosts(tx: DbOrTx, actor: Actor, hostUnitIds: readonly string[], team: EventTeam | null) {
  const hosts = await repo.findUnits(tx, hostUnitIds)
  if (hosts.length !== hostUnitIds.length) throw new FieldError('hostUnitIds', 'events.errors.hosts')
  if (team && !hosts.some((h) => h.id === team.hostId))
    throw new FieldError('hostUnitIds', 'events.errors.teamHost')
  const own = hosts.filter((h) => organisesFor(actor, h, team))
  const partners = await repo.partnerPathsByUnit(
    tx,
    own.map((h) => h.id),
  )
  const partnerPaths = [...partners.values()].flat()
  authorize(actor, 'event.create', { hosts: own, team })
  if (!hosts.every((h) => own.includes(h) || partnerPaths.includes(h.path)))
    throw new FieldError('hostUnitIds', 'events.errors.coHost')
  return hosts
}

function fieldsOf(input: EventInput): Omit<NewEvent, 'startsAt' | 'endsAt' | 'checkInCode'> {
  return {
    type: input.type,
    title: input.title,
    description: input.description,
    hasFixedEnd: input.hasFixedEnd,
    venueName: input.venueName,
    address: input.address,
    transitDirections: input.transitDirections,
    onlineUrl: input.onlineUrl,
    capacity: input.capacity,
    audience: input.audience,
    inclusion: input.inclusion,
  }
}

/**
 * The team a new event is to be organised by, with its host and leads: NotFoundError when there is no such
 * team or the actor may not see it, ForbiddenError unless the actor leads it or organises for its host,
 * ConflictError once it has ended.
 */
export async function teamForNewEvent(db: DbOrTx, actor: Actor, teamId: string) {
  const team = await findVisibleTeam(db, actor, teamId)
  authorize(actor, 'event.create', { hosts: [{ path: team.hostPath }], team })
  if (team.ended) throw new ConflictError('events.errors.teamEnded')
  return team
}

/**
 * Coordinators or boards of a host unit create an event, or a monthly series of events ("first Tuesday,
 * 19:00–21:00") expanded into one event per month on Berlin wall-clock time; with `teamId`, the event of a
 * team or working group, created by its active leads or by those who organise for the unit hosting it.
 * Returns the first event. Throws ForbiddenError when the actor organises none of the hosts, FieldError for
 * a wrong host or a series without occurrences.
 */
export async function createEvent(
  deps: AppDeps,
  actor: Actor,
  input: EventInput,
  opts: { teamId?: string } = {},
) {
  const result = await deps.database.db.transaction(async (tx) => {
    const team = opts.teamId ? await teamForNewEvent(tx, actor, opts.teamId) : null
    const hosts = await checkHosts(tx, actor, input.hostUnitIds, team)
    const status: EventStatus = input.publish ? 'published' : 'draft'
    let occurrences = [instantsOf(input.day, input.startTime, input.endTime)]
    let seriesId: string | null = null
    if (input.series) {
      const rule = { ...input.series, startTime: input.startTime, endTime: input.endTime }
      const from = instantAt(input.day)
      occurrences = expandMonthly(rule, from, input.series.months)
      if (occurrences.length === 0) throw new FieldError('months', 'events.errors.noOccurrences')
      const series = await repo.insertSeries(tx, {
        ordinal: rule.ordinal,
        weekday: rule.weekday,
        startTime: rule.startTime,
        endTime: rule.endTime,
        createdById: actor.userId,
      })
      seriesId = series.id
    }
    const created = []
    for (const o of occurrences) {
      const event = await repo.insertEvent(tx, {
        ...fieldsOf(input),
        ...o,
        status,
        seriesId,
        hostTeamId: team?.id ?? null,
        checkInCode: newCheckInCode(),
        createdById: actor.userId,
      })
      await repo.insertHosts(
        tx,
        event.id,
        hosts.map((h) => h.id),
      )
      created.push(event)
    }
    await recordAudit(tx, actor, {
      action: 'event.created',
      unit: hosts[0]!,
      object: { type: 'event', id: created[0]!.id },
      data: {
        hosts: hosts.map((h) => h.id),
        occurrences: created.length,
        seriesId,
        status,
        ...(team ? { teamId: team.id } : {}),
      },
    })
    return { event: created[0]!, occurrences: created }
  })
  invalidatePublicCalendar()
  return result
}

/**
 * An organiser changes an event. More places give the waiting people their place at once, and they
 * are told by mail; a new time, place or online link is told to everyone with a place or waiting, with
 * the updated .ics. For an event of a series, `applyTo` 'following' or 'series' also changes the later or
 * all coming events of the series (series.ts: past and cancelled ones stay as they were), in the same
 * transaction with one audit row, and each person hears of it in one mail. Throws NotFoundError for an
 * event the actor cannot see, ForbiddenError to anyone but its organisers, ConflictError once it is cancelled.
 */
export async function editEvent(env: EventsEnv, actor: Actor, id: string, input: EventInput) {
  const { deps } = env
  const result = await deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    // Series edits queue up on the series row before they lock its events, so two never wait on each other.
    const seriesId = input.applyTo === 'this' ? null : ((await repo.findEvent(tx, id))?.seriesId ?? null)
    if (seriesId) await repo.lockSeries(tx, seriesId)
    const loaded = await getVisibleEvent(tx, actor, id, { lock: true })
    authorizeEdit(actor, loaded.subject)
    const scope =
      seriesId && loaded.event.seriesId === seriesId && input.applyTo !== 'this' ? input.applyTo : null
    const others = scope ? await comingInSeries(tx, actor, loaded.event, scope, now) : []
    const hosts = await checkHosts(tx, actor, input.hostUnitIds, loaded.subject.team)
    const times = instantsOf(input.day, input.startTime, input.endTime)
    const nextStatus: EventStatus = input.publish ? 'published' : loaded.event.status
    const seriesChanges = scope
      ? await editOccurrences(
          tx,
          loaded.event,
          others.map((o) => o.event),
          input,
          (day) => instantsOf(day, input.startTime, input.endTime),
          now,
        )
      : []
    const event = await repo.updateEvent(tx, id, {
      ...fieldsOf(input),
      ...times,
      status: nextStatus,
      updatedAt: now,
    })
    await repo.deleteHosts(tx, id)
    await repo.insertHosts(
      tx,
      id,
      hosts.map((h) => h.id),
    )
    const promoted = await promoteWaiting(tx, event, now)
    await recordAudit(
      tx,
      actor,
      scope
        ? {
            action: 'event.series_edited',
            unit: hosts[0]!,
            object: { type: 'event_series', id: seriesId },
            data: {
              eventId: id,
              applyTo: scope,
              changed: 1 + seriesChanges.length,
              promoted: promoted.length,
            },
          }
        : {
            action: 'event.edited',
            unit: hosts[0]!,
            object: { type: 'event', id },
            data: { promoted: promoted.length },
          },
    )
    await queuePromotedMails(tx, env, event, promoted)
    await queueChangeMails(tx, env, [{ before: loaded.event, after: event }, ...seriesChanges])
    return { event, changed: 1 + seriesChanges.length }
  })
  invalidatePublicCalendar()
  return result
}

/**
 * An organiser publishes a draft or cancels an event; a cancelled event stays visible as cancelled.
 * Cancelling with `applyTo` 'following' also cancels the later dates of its series that have not started
 * (those the actor organises), in one transaction with one audit row on the series; everyone with a place or
 * waiting is told once, with every cancelled date they signed up for.
 */
export async function changeEventStatus(
  deps: AppDeps,
  actor: Actor,
  id: string,
  status: EventStatus,
  config?: Settings,
  applyTo: 'this' | 'following' = 'this',
) {
  const result = await deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const following = status === 'cancelled' && applyTo === 'following'
    const seriesId = following ? ((await repo.findEvent(tx, id))?.seriesId ?? null) : null
    if (seriesId) await repo.lockSeries(tx, seriesId)
    const loaded = await getVisibleEvent(tx, actor, id, { lock: true })
    authorize(actor, 'event.organise', { event: loaded.subject })
    if (!can(actor, 'event.changeStatus', { event: loaded.subject, to: status }))
      throw new ConflictError('events.errors.statusChange')
    const later =
      seriesId && loaded.event.seriesId === seriesId
        ? await comingInSeries(tx, actor, loaded.event, 'following', now)
        : []
    const event = await repo.updateEvent(tx, id, { status, updatedAt: now })
    const changed = [event]
    for (const o of later) changed.push(await repo.updateEvent(tx, o.event.id, { status, updatedAt: now }))
    await recordAudit(
      tx,
      actor,
      seriesId && later.length > 0
        ? {
            action: 'event.series_cancelled',
            unit: loaded.hosts[0] ?? null,
            object: { type: 'event_series', id: seriesId },
            data: { eventId: id, applyTo: 'following', cancelled: changed.length },
          }
        : {
            action: status === 'cancelled' ? 'event.cancelled' : 'event.published',
            unit: loaded.hosts[0] ?? null,
            object: { type: 'event', id },
            data: { from: loaded.event.status },
          },
    )
    if (status === 'cancelled' && config) await queueCancellationMails(tx, config, changed, now)
    return { event, changed: changed.length }
  })
  invalidatePublicCalendar()
  return result
}
