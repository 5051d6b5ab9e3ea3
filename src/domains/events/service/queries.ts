import { type Actor, roleRank } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { localDay, toLocal } from '../../../platform/time.js'
import { templatesFor } from '../../playbook/index.js'
import { listTeamsWithLeads } from '../../teams/index.js'
import { hasChildcare, isBarrierFree, readInclusion } from '../inclusion.js'
import type { EventFilters } from '../input.js'
import { abilities, authorize, can, type EventTeam, organisesFor, statePathOf } from '../policy.js'
import { pad } from '../recurrence.js'
import * as repo from '../repo.js'
import { accessNeedKinds, type Event } from '../tables.js'
import { purgeEndedAccessNeeds } from './maintenance.js'
import { teamForNewEvent } from './manage.js'
import { authorizeEdit, type EventWithHosts, getVisibleEvent } from './shared.js'
import { shownOf, type UpcomingEventLists, type UpcomingList } from './upcoming.js'

export type EventScope = 'own' | 'partners' | 'state'

function matches(e: Event, f: EventFilters) {
  if (f.type && e.type !== f.type) return false
  if (!f.childcare && !f.online && !f.barrierFree) return true
  const p = readInclusion(e.inclusion)
  if (f.childcare && !hasChildcare(p)) return false
  if (f.online && !(p.onlineParticipation || e.type === 'online')) return false
  if (f.barrierFree && !isBarrierFree(p)) return false
  return true
}

/** Rows of the page statements as the views take them: event, hosts and what the rules need to know. */
function loadedOf(rows: repo.EventWithHostsRow[]): EventWithHosts[] {
  return rows.map((row) => {
    const { event, hosts, partnerPaths, team } = repo.hostsOfRow(row)
    return {
      event,
      hosts,
      subject: { status: event.status, audience: event.audience, hosts, partnerPaths, team },
    }
  })
}

/**
 * The upcoming events of a unit, of its partners or of its state that the actor may see, filtered.
 * The events come with their hosts and the hosts' partners in one query, and visibility is checked
 * for the whole list at once.
 */
export async function listUnitEvents(
  deps: AppDeps,
  actor: Actor | undefined,
  unitId: string,
  scope: EventScope,
  filters: EventFilters = {},
  lists?: UpcomingEventLists,
) {
  const read = () => readUpcomingList(deps, unitId, scope)
  const list = lists ? await lists.get(`${scope}:${unitId}`, read) : (await read()).list
  if (!list) throw new NotFoundError()
  const { unit } = list
  const events = shownOf(
    list.events,
    (e) => can(actor, 'event.view', { event: e.subject }) && matches(e.event, filters),
  )
  return { unit, events, canCreate: can(actor, 'event.create', { hosts: [unit] }) }
}

/**
 * The unit and the upcoming events of the scope, before anyone's rights are applied, with the public data
 * version read before them.
 */
async function readUpcomingList(
  deps: AppDeps,
  unitId: string,
  scope: EventScope,
): Promise<{ version: string; list: UpcomingList | undefined }> {
  const db = deps.database.db
  const now = deps.now()
  const { version, unit } = await repo.findUnitWithPublicVersion(db, unitId)
  if (!unit) return { version, list: undefined }
  let rows: repo.EventWithHostsRow[]
  if (scope === 'own') rows = await repo.listUpcomingWithHosts(db, [unit.id], now)
  else if (scope === 'partners')
    rows = await repo.listUpcomingWithHosts(
      db,
      (await repo.listPartnerUnits(db, unit.id)).map((p) => p.id),
      now,
    )
  else rows = await repo.listUpcomingBelowWithHosts(db, statePathOf(unit.path), now)
  return { version, list: { unit, events: loadedOf(rows) } }
}

/** The next few events of a unit the actor may see, for the unit's page. */
export async function upcomingForUnit(deps: AppDeps, actor: Actor | undefined, unitId: string, limit = 5) {
  const rows = await repo.listUpcomingWithHosts(deps.database.db, [unitId], deps.now(), 50)
  return loadedOf(rows)
    .filter((e) => can(actor, 'event.view', { event: e.subject }))
    .slice(0, limit)
}

export type EventPageData = EventWithHosts & {
  can: ReturnType<typeof abilities>
  myRsvp: Awaited<ReturnType<typeof repo.findRsvpOfUser>>
  placesTaken: number
  waiting: number
  isOver: boolean
}

/**
 * An event page: the event, what the actor may do, their own RSVP and how many places are left, in
 * one query read now (never a count from before the last RSVP). An event the actor may not see does
 * not exist (404).
 */
export async function viewEvent(deps: AppDeps, actor: Actor | undefined, id: string): Promise<EventPageData> {
  const row = await repo.findEventPage(deps.database.db, id, actor?.userId ?? null)
  if (!row) throw new NotFoundError()
  const [loaded] = loadedOf([row])
  if (!loaded || !can(actor, 'event.view', { event: loaded.subject })) throw new NotFoundError()
  return {
    ...loaded,
    can: abilities(actor, loaded.subject),
    myRsvp: row.rsvp,
    placesTaken: row.placesTaken,
    waiting: row.waiting,
    isOver: loaded.event.endsAt.getTime() <= deps.now().getTime(),
  }
}

/** What an event page for visitors without a session depends on (the public data version and its counts). */
export function eventPageFingerprint(deps: AppDeps, id: string) {
  return repo.eventPageFingerprint(deps.database.db, id)
}

export const ageGroups = [
  { key: '0-2', min: 0, max: 2 },
  { key: '3-5', min: 3, max: 5 },
  { key: '6-9', min: 6, max: 9 },
  { key: '10-13', min: 10, max: 13 },
  { key: '14+', min: 14, max: 17 },
] as const

/**
 * The organiser's view: the roster, children by age group (for childcare), access needs, online vs
 * on site and attendance. Access needs of events that have ended are purged before they are read.
 */
export async function planEvent(deps: AppDeps, actor: Actor, id: string) {
  await purgeEndedAccessNeeds(deps)
  const db = deps.database.db
  const loaded = await getVisibleEvent(db, actor, id)
  authorize(actor, 'event.organise', { event: loaded.subject })
  const roster = await repo.listRsvpsWithPeople(db, id)
  const active = roster.filter((r) => r.rsvp.status === 'confirmed')
  const children = ageGroups.map((g) => ({
    group: g.key,
    count: active.flatMap((r) => r.rsvp.childrenAges).filter((a) => a >= g.min && a <= g.max).length,
  }))
  return {
    ...loaded,
    roster,
    figures: {
      onSite: active.filter((r) => r.rsvp.participation === 'on_site').length,
      online: active.filter((r) => r.rsvp.participation === 'online').length,
      waiting: roster.filter((r) => r.rsvp.status === 'waitlisted').length,
      unconfirmedGuests: roster.filter((r) => r.rsvp.status === 'unconfirmed').length,
      attended: roster.filter((r) => r.rsvp.attendedAt !== null).length,
      children,
      childrenTotal: children.reduce((n, c) => n + c.count, 0),
    },
    // The ticks as counts, never with names: enough to choose a venue or book an interpreter.
    accessNeedCounts: accessNeedKinds.map((kind) => ({
      kind,
      confirmed: active.filter((r) => r.rsvp.accessNeedKinds.includes(kind)).length,
      waiting: roster.filter((r) => r.rsvp.status === 'waitlisted' && r.rsvp.accessNeedKinds.includes(kind))
        .length,
    })),
    // What someone wrote in their own words, with their name, so an organiser can ask back.
    accessNeeds: active
      .filter((r) => r.rsvp.accessNeeds)
      .map((r) => ({ name: r.name, text: r.rsvp.accessNeeds! })),
  }
}

/** Attendance figures for reports: places taken and people who came, per event. */
export async function attendanceOf(deps: AppDeps, eventIds: readonly string[]) {
  return repo.attendanceCounts(deps.database.db, eventIds)
}

/**
 * The units an event form offers as hosts: the units the actor organises and their partners.
 * A unit given in the URL (coming from its event list) is ticked.
 */
export async function eventFormOptions(deps: AppDeps, actor: Actor, team: EventTeam | null = null) {
  const db = deps.database.db
  const ownIds = actor.grants.filter((g) => roleRank(g.role) >= roleRank('coordinator')).map((g) => g.unitId)
  // A team's leads organise for the unit hosting the team, and may invite its partners.
  if (team && organisesFor(actor, { path: team.hostPath }, team)) ownIds.push(team.hostId)
  const own = await repo.findUnits(db, ownIds)
  const partnerPaths = [...(await repo.partnerPathsByUnit(db, ownIds)).values()].flat()
  const partners = await repo.findUnitsByPaths(db, partnerPaths)
  const seen = new Set<string>()
  return [...own, ...partners].filter((u) => !seen.has(u.id) && seen.add(u.id))
}

/**
 * The form for a team's new event: the team, for its active leads and those who organise for the unit
 * hosting it. 404 for no team, 403 for anyone else (a member of the team who does not lead it), 409 once
 * the team has ended.
 */
export async function prepareTeamEvent(deps: AppDeps, actor: Actor, teamId: string) {
  return teamForNewEvent(deps.database.db, actor, teamId)
}

/**
 * A team's coming events the actor may see, for the team's page, and whether the actor may create one
 * (its active leads, the coordinators and boards of the unit hosting it).
 */
export async function upcomingForTeam(deps: AppDeps, actor: Actor | undefined, teamId: string) {
  const db = deps.database.db
  const rows = await repo.listUpcomingOfTeam(db, teamId, deps.now())
  const events = loadedOf(rows).filter((e) => can(actor, 'event.view', { event: e.subject }))
  const team = (await listTeamsWithLeads(db, [teamId])).get(teamId)
  const canCreate =
    !!team && !team.ended && can(actor, 'event.create', { hosts: [{ path: team.hostPath }], team })
  return { events, canCreate }
}

/** The Wissenswerk's event-checklist templates, and the values of the one chosen ("use this"). */
export async function eventTemplates(deps: AppDeps, actor: Actor, templateId?: string) {
  return templatesFor(deps, actor, 'event_checklist', templateId)
}

/** An event as the strings its edit form shows (Berlin wall-clock dates and times). */
export function eventFormValues(loaded: EventWithHosts): Record<string, string> {
  const e = loaded.event
  const p = readInclusion(e.inclusion)
  const day = localDay(e.startsAt)
  const at = (d: Date) => {
    const l = toLocal(d)
    return `${pad(l.hour)}:${pad(l.minute)}`
  }
  const flag = (b: boolean) => (b ? 'on' : '')
  return {
    type: e.type,
    title: e.title,
    description: e.description ?? '',
    day,
    startTime: at(e.startsAt),
    endTime: at(e.endsAt),
    hasFixedEnd: flag(e.hasFixedEnd),
    venueName: e.venueName ?? '',
    address: e.address ?? '',
    transitDirections: e.transitDirections ?? '',
    onlineUrl: e.onlineUrl ?? '',
    capacity: e.capacity === null ? '' : String(e.capacity),
    audience: e.audience,
    publish: flag(e.status === 'published'),
    stepFree: flag(p.stepFree),
    accessibleToilet: flag(p.accessibleToilet),
    childcare: flag(p.childcare !== null),
    childcareMinAge: p.childcare ? String(p.childcare.minAge) : '',
    childcareMaxAge: p.childcare ? String(p.childcare.maxAge) : '',
    childcareSignUpBy: p.childcare?.signUpBy ?? '',
    nursingSpace: flag(p.childFriendly.nursingSpace),
    changingTable: flag(p.childFriendly.changingTable),
    quietRoom: flag(p.quietRoom),
    signLanguageOnRequest: flag(p.signLanguageOnRequest),
    captionsOnRequest: flag(p.captionsOnRequest),
    onlineParticipation: flag(p.onlineParticipation),
    languages: p.languages.join(', '),
  }
}

/** The event being edited, for its form; only its organisers get it, and not once it is cancelled (409). */
export async function eventForEditing(deps: AppDeps, actor: Actor, id: string) {
  const loaded = await getVisibleEvent(deps.database.db, actor, id)
  authorizeEdit(actor, loaded.subject)
  return loaded
}
