import { type Actor, holds, leadPowersOn } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { EventAudience, EventStatus } from './tables.js'

type UnitRef = { path: string }

/**
 * The team or working group an event is organised by: its name, the unit hosting it, and the member ids of
 * its active leads (none once the team has ended).
 */
export type EventTeam = {
  id: string
  name: string
  hostId: string
  hostName: string
  hostPath: string
  ended: boolean
  leadMemberIds: readonly string[]
}

/** What the rules need to know about an event: its state, its audience, its hosts and their partners. */
export type EventSubject = {
  status: EventStatus
  audience: EventAudience
  hosts: readonly UnitRef[]
  /** Paths of the KVs with an agreed, active or dormant partnership with one of the hosts. */
  partnerPaths: readonly string[]
  /** The team organising the event, if a team does. */
  team: EventTeam | null
}

/** '/<federal>/<state>/' of a unit path; a federal unit is its own "state". */
export function statePathOf(path: string) {
  const ids = path.split('/').filter(Boolean)
  return ids.length >= 2 ? `/${ids[0]}/${ids[1]}/` : path
}

/** A member of this unit or of a unit below it (a grant on the unit or above it, or on something inside it). */
const memberAtOrBelow = (a: Actor | undefined, path: string) =>
  !!a && (holds(a, 'member', path) || a.grants.some((g) => g.unitPath.startsWith(path)))

/** An active lead of the team, while it runs, with the lead powers in force (not while a second factor is pending). */
const leadsTeam = (a: Actor | undefined, team: EventTeam | null | undefined) =>
  leadPowersOn(a) && !!a?.memberId && !!team && team.leadMemberIds.includes(a.memberId)

/**
 * Who organises an event on behalf of a host: its coordinators and boards (and anyone above them), and for
 * the host of a team's event the team's active leads.
 */
export const organisesFor = (a: Actor | undefined, host: UnitRef, team: EventTeam | null | undefined) =>
  holds(a, 'coordinator', host.path) || (leadsTeam(a, team) && team?.hostPath === host.path)

const organiserOf = (a: Actor | undefined, e: { hosts: readonly UnitRef[]; team: EventTeam | null }) =>
  e.hosts.some((h) => organisesFor(a, h, e.team))

/** Who the audience reaches, drafts and cancellations aside. */
function inAudience(a: Actor | undefined, e: EventSubject) {
  switch (e.audience) {
    case 'public':
      return true
    case 'own_members':
      return e.hosts.some((h) => holds(a, 'member', h.path))
    case 'partner_members':
      return (
        e.hosts.some((h) => holds(a, 'member', h.path)) || e.partnerPaths.some((p) => holds(a, 'member', p))
      )
    case 'state':
      return e.hosts.some((h) => memberAtOrBelow(a, statePathOf(h.path)))
  }
}

type S = { event: EventSubject }

/** The statuses an event may change to from each status: a draft is published or cancelled, a published event cancelled. */
export const statusChanges: Record<EventStatus, readonly EventStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['cancelled'],
  cancelled: [],
}

const rules = {
  /** Drafts only for their organisers; published and cancelled events for their audience. */
  'event.view': (a: Actor | undefined, s: S) =>
    organiserOf(a, s.event) || (s.event.status !== 'draft' && inAudience(a, s.event)),
  /**
   * Coordinators and boards of a host unit (and anyone above them) create events for it; the active leads
   * of a team create the team's events, hosted by the unit hosting the team. A member of the team who does
   * not lead it does not.
   */
  'event.create': (a: Actor | undefined, s: { hosts: readonly UnitRef[]; team?: EventTeam | null }) =>
    s.hosts.length > 0 && s.hosts.every((h) => organisesFor(a, h, s.team)),
  'event.edit': (a: Actor | undefined, s: S) => s.event.status !== 'cancelled' && organiserOf(a, s.event),
  'event.organise': (a: Actor | undefined, s: S) => organiserOf(a, s.event),
  /**
   * Its organisers publish or cancel a draft and cancel a published event; a cancelled one stays so. A use case
   * asks `event.organise` first: an organiser asking for a change the event's status does not allow is a
   * conflict with that status (409), not a refusal.
   */
  'event.changeStatus': (a: Actor | undefined, s: S & { to: EventStatus }) =>
    organiserOf(a, s.event) && statusChanges[s.event.status].includes(s.to),
  /** Anyone with an account in the audience registers for a published event. */
  'event.rsvp': (a: Actor | undefined, s: S) =>
    !!a && s.event.status === 'published' && (inAudience(a, s.event) || organiserOf(a, s.event)),
  /** Guests (name and e-mail, no account) only for public events. */
  'event.guestRsvp': (_a: Actor | undefined, s: S) =>
    s.event.status === 'published' && s.event.audience === 'public',
} as const

export type EventAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)

/** What an event page may offer this actor; views never re-derive the rules. */
export function abilities(actor: Actor | undefined, event: EventSubject) {
  const s = { event }
  return {
    edit: can(actor, 'event.edit', s),
    organise: can(actor, 'event.organise', s),
    rsvp: can(actor, 'event.rsvp', s),
    guestRsvp: !actor && can(actor, 'event.guestRsvp', s),
  }
}

export type EventAbilities = ReturnType<typeof abilities>
