import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { ApiValidationError } from '../../../platform/http/api.js'
import {
  createEvent,
  EventFormInput,
  type EventWithHosts,
  editEvent,
  eventForEditing,
  eventFormValues,
  listUnitEvents,
  viewEvent,
} from '../../events/index.js'
import { findUnit, listChildren, type OrgUnit } from '../../org-units/index.js'

type Meta = { requestId?: string }

/** Whether a unit lies in the subtree of the request's token (always, for a request without one). */
export function withinToken(actor: Actor | undefined, unit: { path: string }) {
  return !actor?.apiToken || unit.path.startsWith(actor.apiToken.unitPath)
}

/** A unit inside the token's subtree; teams are not structure and are not found here. */
async function unitWithin(deps: AppDeps, actor: Actor | undefined, id: string) {
  const unit = await findUnit(deps.database.db, id)
  if (!unit || unit.kind === 'team' || !withinToken(actor, unit)) throw new NotFoundError()
  return unit
}

export function unitOut(u: OrgUnit) {
  return {
    id: u.id,
    kind: u.kind,
    name: u.name,
    shortName: u.shortName,
    parentId: u.parentId,
    ags: u.ags,
    website: u.website,
    email: u.email,
  }
}

export async function apiGetUnit(deps: AppDeps, actor: Actor | undefined, id: string) {
  return unitOut(await unitWithin(deps, actor, id))
}

/** The children of a unit (of the token's unit when none is named), teams left out. */
export async function apiListUnits(deps: AppDeps, actor: Actor | undefined, parentId: string | undefined) {
  const id = parentId ?? actor?.apiToken?.unitPath.split('/').filter(Boolean).at(-1)
  if (!id) throw new NotFoundError()
  const parent = await unitWithin(deps, actor, id)
  const children = await listChildren(deps.database.db, parent.id)
  return children.filter((u) => u.kind !== 'team').map(unitOut)
}

function eventOut({ event, hosts }: EventWithHosts) {
  return {
    id: event.id,
    type: event.type,
    title: event.title,
    description: event.description,
    status: event.status,
    audience: event.audience,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    hasFixedEnd: event.hasFixedEnd,
    venueName: event.venueName,
    address: event.address,
    onlineUrl: event.onlineUrl,
    capacity: event.capacity,
    hostUnitIds: hosts.map((h) => h.id),
  }
}
export type EventOut = ReturnType<typeof eventOut>

/** The upcoming events of a unit inside the token's subtree that the actor may see, as the unit's event page lists them. */
export async function apiListEvents(
  deps: AppDeps,
  actor: Actor | undefined,
  unitId: string,
  scope: 'own' | 'partners' | 'state',
) {
  const unit = await unitWithin(deps, actor, unitId)
  const { events } = await listUnitEvents(deps, actor, unit.id, scope)
  return events.filter((e) => e.hosts.some((h) => withinToken(actor, h))).map(eventOut)
}

/** One event the actor may see, hosted inside the token's subtree. */
export async function apiGetEvent(deps: AppDeps, actor: Actor | undefined, id: string) {
  const loaded = await viewEvent(deps, actor, id)
  if (!loaded.hosts.some((h) => withinToken(actor, h))) throw new NotFoundError()
  return eventOut(loaded)
}

export type EventWriteBody = {
  hostUnitIds?: string[] | undefined
  type?: string | undefined
  title?: string | undefined
  description?: string | null | undefined
  day?: string | undefined
  startTime?: string | undefined
  endTime?: string | undefined
  hasFixedEnd?: boolean | undefined
  venueName?: string | null | undefined
  address?: string | null | undefined
  onlineUrl?: string | null | undefined
  capacity?: number | null | undefined
  audience?: string | undefined
  publish?: boolean | undefined
}

/** The body as the event form's fields, over the values it starts from, checked by the form's own schema. */
function formInputOf(
  body: EventWriteBody,
  base: Record<string, string | string[]>,
  t: (key: string) => string,
) {
  const values: Record<string, string | string[]> = { ...base }
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue
    if (key === 'hostUnitIds') values[key] = value as string[]
    else if (typeof value === 'boolean') values[key] = value ? 'on' : ''
    else values[key] = value === null ? '' : String(value)
  }
  const parsed = EventFormInput.safeParse(values)
  if (!parsed.success)
    throw new ApiValidationError(
      422,
      parsed.error.issues.map((issue) => ({
        pointer: `/${issue.path.join('/')}`,
        code: issue.code,
        detail: /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/.test(issue.message) ? t(issue.message) : issue.message,
      })),
    )
  return parsed.data
}

function hostsWithin(actor: Actor | undefined, hostIds: readonly string[], known: Map<string, string>) {
  return hostIds.every((id) => {
    const path = known.get(id)
    return path !== undefined && withinToken(actor, { path })
  })
}

/** An organiser creates an event for units inside the token's subtree, with the checks of the event form. */
export async function apiCreateEvent(
  deps: AppDeps,
  actor: Actor,
  body: EventWriteBody,
  t: (key: string) => string,
) {
  const input = formInputOf(body, {}, t)
  const hosts = await Promise.all(input.hostUnitIds.map((id) => findUnit(deps.database.db, id)))
  const known = new Map(hosts.filter((h) => !!h).map((h) => [h!.id, h!.path]))
  if (!hostsWithin(actor, input.hostUnitIds, known))
    throw new ApiValidationError(422, [
      { pointer: '/hostUnitIds', code: 'outside_token', detail: t('api.errors.unit') },
    ])
  const { event } = await createEvent(deps, actor, input)
  return apiGetEvent(deps, actor, event.id)
}

/** An organiser changes an event: the fields sent replace those of the event, the rest stay. */
export async function apiUpdateEvent(
  deps: AppDeps,
  config: Settings,
  actor: Actor,
  id: string,
  body: EventWriteBody,
  t: (key: string) => string,
  _meta: Meta = {},
) {
  const loaded = await eventForEditing(deps, actor, id)
  if (!loaded.hosts.some((h) => withinToken(actor, h))) throw new NotFoundError()
  const base = { ...eventFormValues(loaded), hostUnitIds: loaded.hosts.map((h) => h.id) }
  const input = formInputOf(body, base, t)
  const known = new Map(loaded.hosts.map((h) => [h.id, h.path]))
  for (const hostId of input.hostUnitIds) {
    if (known.has(hostId)) continue
    const unit = await findUnit(deps.database.db, hostId)
    if (unit) known.set(unit.id, unit.path)
  }
  if (!hostsWithin(actor, input.hostUnitIds, known))
    throw new ApiValidationError(422, [
      { pointer: '/hostUnitIds', code: 'outside_token', detail: t('api.errors.unit') },
    ])
  await editEvent({ deps, config }, actor, id, input)
  return apiGetEvent(deps, actor, id)
}
