import { type Actor, holds } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { EventAudience, EventStatus } from './tables.js'

type UnitRef = { path: string }

/** What the rules need to know about an event: its state, its audience, its hosts and their partners. */
export type EventSubject = {
  status: EventStatus
  audience: EventAudience
  hosts: readonly UnitRef[]
  /** Paths of the KVs with an agreed, active or dormant partnership with one of the hosts. */
  partnerPaths: readonly string[]
}

/** '/<federal>/<state>/' of a unit path; a federal unit is its own "state". */
export function statePathOf(path: string) {
  const ids = path.split('/').filter(Boolean)
  return ids.length >= 2 ? `/${ids[0]}/${ids[1]}/` : path
}

/** A member of this unit or of a unit below it (a grant on the unit or above it, or on something inside it). */
const memberAtOrBelow = (a: Actor | undefined, path: string) =>
  !!a && (holds(a, 'member', path) || a.grants.some((g) => g.unitPath.startsWith(path)))

const organiserOf = (a: Actor | undefined, e: { hosts: readonly UnitRef[] }) =>
  e.hosts.some((h) => holds(a, 'coordinator', h.path))

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

const rules = {
  /** Drafts only for their organisers; published and cancelled events for their audience. */
  'event.view': (a: Actor | undefined, s: S) =>
    organiserOf(a, s.event) || (s.event.status !== 'draft' && inAudience(a, s.event)),
  /** Coordinators and boards of a host unit (and anyone above them) create events for it. */
  'event.create': (a: Actor | undefined, s: { hosts: readonly UnitRef[] }) =>
    s.hosts.length > 0 && s.hosts.every((h) => holds(a, 'coordinator', h.path)),
  'event.edit': (a: Actor | undefined, s: S) => s.event.status !== 'cancelled' && organiserOf(a, s.event),
  'event.organise': (a: Actor | undefined, s: S) => organiserOf(a, s.event),
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
