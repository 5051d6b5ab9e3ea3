import { addDays, localDay } from '../../platform/time.js'
import { type Clause, type ExchangeKind, minutesPeriodDays, type TrackedClauseType } from './clauses.js'
import type { Side } from './state.js'

/** `notDue`: nothing is asked this year (no election on either side). */
export type CommitmentStatus = 'met' | 'open' | 'overdue' | 'notDue'

export type Reminder = { commitment: string; period: string; kind: 'upcoming' | 'overdue' }

export type RetreatCommitment = {
  type: 'retreat'
  status: CommitmentStatus
  /** The calendar year whose retreat is asked for. */
  year: number
  dueOn: string
  /** The side whose turn it is to host; null before the first retreat (either may start). */
  nextHost: Side | null
  lastRetreat: { heldOn: string; hostSide: Side } | null
  /** The previous year, when it passed without a retreat. */
  missedYear: number | null
}
export type SidesCommitment = {
  type: 'coordinators' | 'links'
  status: CommitmentStatus
  dueOn: string
  missing: Side[]
}
export type MinutesCommitment = {
  type: 'minutes'
  status: CommitmentStatus
  periodDays: number
  sides: { side: Side; status: CommitmentStatus; lastSharedOn: string | null; dueOn: string }[]
}
/** Help in the other side's election year: each side with an election this year gets help before it. */
export type CampaignHelpCommitment = {
  type: 'campaignHelp'
  status: CommitmentStatus
  year: number
  /** Per side, the side helped: its elections this year and the help it got from the partner this year. */
  sides: {
    side: Side
    status: CommitmentStatus
    elections: { kind: string; heldOn: string }[]
    received: { entries: number; people: number; hours: number }
  }[]
}
/** At least one event both sides host each year. */
export type JointEventsCommitment = {
  type: 'jointEvents'
  status: CommitmentStatus
  year: number
  events: { id: string; title: string; startsAt: Date; held: boolean }[]
}
/** Members of each side at events of the other, where attendance was recorded. */
export type VisitsCommitment = {
  type: 'visits'
  status: CommitmentStatus
  year: number
  /** Per host side, the events of that side that members of the partner attended this year. */
  sides: {
    host: Side
    status: CommitmentStatus
    visits: { eventId: string; title: string; startsAt: Date; visitors: number }[]
  }[]
}
/** An exchange a board recorded, as a commitment shows it: the side it came from (or that recorded it). */
export type ExchangeEvidence = { side: Side; heldOn: string; note: string }
/** Before each federal congress the two boards consult each other: a dated exchange shortly before it. */
export type ConsultationCommitment = {
  type: 'consultation'
  status: CommitmentStatus
  year: number
  congresses: {
    name: string
    startsOn: string
    endsOn: string
    status: CommitmentStatus
    /** The first day on which an exchange counts as the consultation before this congress. */
    from: string
    consultations: ExchangeEvidence[]
  }[]
}
/** Each side informs the other about its work at least once a calendar year. */
export type InformationCommitment = {
  type: 'information'
  status: CommitmentStatus
  year: number
  dueOn: string
  sides: { side: Side; status: CommitmentStatus; items: ExchangeEvidence[] }[]
}
/** Material (flyers, posters, templates) goes from one side to the other at least once a calendar year. */
export type MaterialsCommitment = {
  type: 'materials'
  status: CommitmentStatus
  year: number
  dueOn: string
  items: ExchangeEvidence[]
}
export type Commitment =
  | RetreatCommitment
  | ConsultationCommitment
  | InformationCommitment
  | MaterialsCommitment
  | SidesCommitment
  | MinutesCommitment
  | CampaignHelpCommitment
  | JointEventsCommitment
  | VisitsCommitment

export type CommitmentFacts = {
  now: Date
  /** The clauses of the version in force. */
  clauses: readonly Clause[]
  /** The day the version in force was adopted by the second side. */
  inForceSince: string
  /**
   * The day the agreement first came into force (its first version adopted by both sides). An amendment does not
   * restart the yearly cycle of retreats.
   */
  firstInForceSince: string
  retreats: readonly { heldOn: string; hostSide: Side }[]
  coordinators: Readonly<Record<Side, boolean>>
  minutes: readonly { side: Side; sharedAt: Date }[]
  linkConfirmations: readonly { side: Side; confirmedOn: string }[]
  /** Help given from one side to the other (the help balance's entries). */
  help?: readonly { from: Side; helpedOn: string; people: number; personMinutes: number }[]
  /** The state and municipal elections in each side's state. */
  elections?: Readonly<Record<Side, readonly { kind: string; heldOn: string }[]>>
  /** Published events both sides host. */
  jointEvents?: readonly { id: string; title: string; startsAt: Date }[]
  /** Published events of one side (not hosted by the other) with members of the other side recorded as attending. */
  visits?: readonly { host: Side; eventId: string; title: string; startsAt: Date; visitors: number }[]
  /** Exchanges the boards recorded; `side` is the side the exchange came from (for a consultation: recorded by). */
  exchanges?: readonly { kind: ExchangeKind; side: Side; heldOn: string; note: string }[]
  /** The federal congresses of the party calendar, first and last day. */
  congresses?: readonly { name: string; startsOn: string; endsOn: string }[]
}

/** Coordinators and links are expected within this many days after the agreement came into force. */
export const SETUP_GRACE_DAYS = 30
/** How long before the end of the year the coordinators hear that this year's retreat is still open. */
export const RETREAT_WARNING_DAYS = 30

/** An exchange at most this many days before a federal congress counts as the consultation before it. */
export const CONSULTATION_WINDOW_DAYS = 90
/** How long before a congress the coordinators hear that the consultation is still open. */
export const CONSULTATION_WARNING_DAYS = 30

const sides: readonly Side[] = ['a', 'b']
const other = (s: Side): Side => (s === 'a' ? 'b' : 'a')

const worst = (list: CommitmentStatus[]): CommitmentStatus =>
  list.includes('overdue') ? 'overdue' : list.includes('open') ? 'open' : 'met'

/**
 * A joint retreat every calendar year, hosts alternating. Years count from the first full
 * calendar year after the agreement first came into force (amendments do not restart them). The
 * period is one year, shown, evaluated and reminded alike: this year, or the first full year while
 * that has not begun. Its retreat is open until 31 December; once a year has passed without one it
 * is overdue until the next retreat takes place.
 */
function retreat(f: CommitmentFacts, today: string, out: Reminder[]): RetreatCommitment {
  const year = Number(today.slice(0, 4))
  const firstYear = Number(f.firstInForceSince.slice(0, 4)) + 1
  const past = [...f.retreats]
    .filter((r) => r.heldOn <= today)
    .sort((x, y) => x.heldOn.localeCompare(y.heldOn))
  const heldIn = (y: number) => past.some((r) => r.heldOn.startsWith(`${y}-`))
  const last = past[past.length - 1] ?? null
  const periodYear = Math.max(year, firstYear)
  const dueOn = `${periodYear}-12-31`
  const missedYear = year - 1 >= firstYear && !heldIn(year - 1) ? year - 1 : null
  let status: CommitmentStatus
  if (heldIn(periodYear)) status = 'met'
  else if (missedYear !== null) status = 'overdue'
  else status = 'open'
  if (missedYear !== null && !heldIn(year))
    out.push({ commitment: 'retreat', period: String(missedYear), kind: 'overdue' })
  if (!heldIn(periodYear) && today >= addDays(dueOn, -RETREAT_WARNING_DAYS) && today <= dueOn)
    out.push({ commitment: 'retreat', period: String(periodYear), kind: 'upcoming' })
  return {
    type: 'retreat',
    status,
    year: periodYear,
    dueOn,
    nextHost: last ? other(last.hostSide) : null,
    lastRetreat: last ? { heldOn: last.heldOn, hostSide: last.hostSide } : null,
    missedYear,
  }
}

/** Something each side does once (name a coordinator, confirm its links): open for 30 days, then overdue. */
function perSide(
  type: 'coordinators' | 'links',
  done: Readonly<Record<Side, boolean>>,
  f: CommitmentFacts,
  today: string,
  out: Reminder[],
): SidesCommitment {
  const missing = sides.filter((s) => !done[s])
  const dueOn = addDays(f.inForceSince, SETUP_GRACE_DAYS)
  const status: CommitmentStatus = missing.length === 0 ? 'met' : today <= dueOn ? 'open' : 'overdue'
  if (status === 'overdue') out.push({ commitment: type, period: f.inForceSince, kind: 'overdue' })
  return { type, status, dueOn, missing }
}

/**
 * Each side shares its board minutes with the partner's board at least every N days (the
 * clause's period): counted from the day the agreement came into force or from that side's last
 * sharing, whichever is later. The platform knows no board calendar, so "within N days of a
 * meeting" is checked as "never more than N days without new minutes". Met while the last
 * sharing is at most N days old; open during the first N days before a first sharing; overdue after.
 */
function minutes(clause: Clause, f: CommitmentFacts, today: string, out: Reminder[]): MinutesCommitment {
  const periodDays = minutesPeriodDays(clause)
  const perSideStatus = sides.map((side) => {
    const days = f.minutes
      .filter((m) => m.side === side && m.sharedAt.getTime() <= f.now.getTime())
      .map((m) => localDay(m.sharedAt))
      .sort()
    const lastSharedOn = days[days.length - 1] ?? null
    const sharedSinceInForce = lastSharedOn !== null && lastSharedOn >= f.inForceSince
    const dueOn = addDays(sharedSinceInForce ? lastSharedOn : f.inForceSince, periodDays)
    const status: CommitmentStatus = today <= dueOn ? (sharedSinceInForce ? 'met' : 'open') : 'overdue'
    if (status === 'overdue') out.push({ commitment: `minutes-${side}`, period: dueOn, kind: 'overdue' })
    return { side, status, lastSharedOn, dueOn }
  })
  return {
    type: 'minutes',
    status: worst(perSideStatus.map((s) => s.status)),
    periodDays,
    sides: perSideStatus,
  }
}

/**
 * Campaign help: a side whose state holds an election this year should get help from the partner before
 * its (last) election day: met once an entry of the help balance from the partner lies in the year, on or
 * before that day; open until the day; overdue after it. A side without an election this year is not due.
 */
function campaignHelp(f: CommitmentFacts, today: string): CampaignHelpCommitment {
  const year = today.slice(0, 4)
  const inYear = (day: string) => day.startsWith(`${year}-`)
  const perSide = sides.map((side) => {
    const elections = (f.elections?.[side] ?? [])
      .filter((e) => inYear(e.heldOn))
      .map((e) => ({ kind: e.kind, heldOn: e.heldOn }))
      .sort((x, y) => x.heldOn.localeCompare(y.heldOn))
    const got = (f.help ?? []).filter(
      (h) => h.from === other(side) && inYear(h.helpedOn) && h.helpedOn <= today,
    )
    const lastElection = elections[elections.length - 1]?.heldOn
    const status: CommitmentStatus =
      lastElection === undefined
        ? 'notDue'
        : got.some((h) => h.helpedOn <= lastElection)
          ? 'met'
          : today <= lastElection
            ? 'open'
            : 'overdue'
    const received = {
      entries: got.length,
      people: got.reduce((n, h) => n + h.people, 0),
      hours: got.reduce((n, h) => n + h.personMinutes, 0) / 60,
    }
    return { side, status, elections, received }
  })
  const due = perSide.map((s) => s.status).filter((s) => s !== 'notDue')
  return {
    type: 'campaignHelp',
    status: due.length ? worst(due) : 'notDue',
    year: Number(year),
    sides: perSide,
  }
}

/** Joint events: met once an event both sides host has begun this year; open until then. */
function jointEvents(f: CommitmentFacts, today: string): JointEventsCommitment {
  const year = today.slice(0, 4)
  const events = (f.jointEvents ?? [])
    .filter((e) => localDay(e.startsAt).startsWith(`${year}-`))
    .sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime())
    .map((e) => ({
      id: e.id,
      title: e.title,
      startsAt: e.startsAt,
      held: e.startsAt.getTime() <= f.now.getTime(),
    }))
  return {
    type: 'jointEvents',
    status: events.some((e) => e.held) ? 'met' : 'open',
    year: Number(year),
    events,
  }
}

/** Visits both ways: met once members of each side attended an event of the other this year. */
function visits(f: CommitmentFacts, today: string): VisitsCommitment {
  const year = today.slice(0, 4)
  const perHost = sides.map((host) => {
    const list = (f.visits ?? [])
      .filter(
        (v) =>
          v.host === host &&
          v.startsAt.getTime() <= f.now.getTime() &&
          localDay(v.startsAt).startsWith(`${year}-`),
      )
      .sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime())
      .map((v) => ({ eventId: v.eventId, title: v.title, startsAt: v.startsAt, visitors: v.visitors }))
    const status: CommitmentStatus = list.length > 0 ? 'met' : 'open'
    return { host, status, visits: list }
  })
  return { type: 'visits', status: worst(perHost.map((s) => s.status)), year: Number(year), sides: perHost }
}

/** The recorded exchanges of a kind up to today, oldest first. */
function exchangesOf(f: CommitmentFacts, kind: ExchangeKind, today: string): ExchangeEvidence[] {
  return (f.exchanges ?? [])
    .filter((e) => e.kind === kind && e.heldOn <= today)
    .sort((x, y) => x.heldOn.localeCompare(y.heldOn))
    .map((e) => ({ side: e.side, heldOn: e.heldOn, note: e.note }))
}

/**
 * Consultation before a federal congress (§2 of the model agreement): for each congress, an exchange the
 * boards record in the 90 days before its first day. The congresses asked about are those of this year
 * and the next one whose 90 days have begun (a congress in January is prepared in December), never one
 * that began before the agreement first came into force (an amendment does not restart this). Met once
 * such an exchange is recorded; open until the congress begins, overdue from its first day. A year
 * without a congress in the calendar asks nothing. Reminders: 30 days before a congress without a
 * consultation, and once when it began without one.
 */
function consultation(f: CommitmentFacts, today: string, out: Reminder[]): ConsultationCommitment {
  const year = today.slice(0, 4)
  const held = exchangesOf(f, 'consultation', today)
  const congresses = [...(f.congresses ?? [])]
    .filter(
      (c) =>
        c.startsOn > f.firstInForceSince &&
        (c.startsOn.startsWith(`${year}-`) ||
          (c.startsOn > today && addDays(c.startsOn, -CONSULTATION_WINDOW_DAYS) <= today)),
    )
    .sort((x, y) => x.startsOn.localeCompare(y.startsOn))
    .map((c) => {
      const from = addDays(c.startsOn, -CONSULTATION_WINDOW_DAYS)
      const consultations = held.filter((e) => e.heldOn >= from && e.heldOn < c.startsOn)
      const status: CommitmentStatus =
        consultations.length > 0 ? 'met' : today < c.startsOn ? 'open' : 'overdue'
      if (status === 'open' && today >= addDays(c.startsOn, -CONSULTATION_WARNING_DAYS))
        out.push({ commitment: 'consultation', period: c.startsOn, kind: 'upcoming' })
      if (status === 'overdue') out.push({ commitment: 'consultation', period: c.startsOn, kind: 'overdue' })
      return { name: c.name, startsOn: c.startsOn, endsOn: c.endsOn, status, from, consultations }
    })
  return {
    type: 'consultation',
    status: congresses.length ? worst(congresses.map((c) => c.status)) : 'notDue',
    year: Number(year),
    congresses,
  }
}

/**
 * Whether the year-end reminder of a yearly commitment is due: in the last 30 days of the year, for an
 * agreement that was already in force before those days began.
 */
function yearEndWarning(f: CommitmentFacts, today: string, dueOn: string) {
  const warnFrom = addDays(dueOn, -RETREAT_WARNING_DAYS)
  return today >= warnFrom && today <= dueOn && f.firstInForceSince < warnFrom
}

/**
 * Mutual information (§4): each side records at least once a calendar year that it informed the other
 * about its work (actions, initiatives, debates, campaign plans). Met per side once it did this year; open
 * until 31 December. The year counts by its Berlin days, so information on 31 December belongs to that year.
 */
function information(f: CommitmentFacts, today: string, out: Reminder[]): InformationCommitment {
  const year = Number(today.slice(0, 4))
  const dueOn = `${year}-12-31`
  const warn = yearEndWarning(f, today, dueOn)
  const given = exchangesOf(f, 'information', today).filter((e) => e.heldOn.startsWith(`${year}-`))
  const perSide = sides.map((side) => {
    const items = given.filter((e) => e.side === side)
    const status: CommitmentStatus = items.length > 0 ? 'met' : 'open'
    if (status === 'open' && warn)
      out.push({ commitment: `information-${side}`, period: String(year), kind: 'upcoming' })
    return { side, status, items }
  })
  return { type: 'information', status: worst(perSide.map((s) => s.status)), year, dueOn, sides: perSide }
}

/** Exchange of materials: met once material went from either side to the other this calendar year. */
function materials(f: CommitmentFacts, today: string, out: Reminder[]): MaterialsCommitment {
  const year = Number(today.slice(0, 4))
  const dueOn = `${year}-12-31`
  const items = exchangesOf(f, 'materials', today).filter((e) => e.heldOn.startsWith(`${year}-`))
  const status: CommitmentStatus = items.length > 0 ? 'met' : 'open'
  if (status === 'open' && yearEndWarning(f, today, dueOn))
    out.push({ commitment: 'materials', period: String(year), kind: 'upcoming' })
  return { type: 'materials', status, year, dueOn, items }
}

/**
 * The commitments the typed clauses of the version in force create, each met, open or overdue
 * at `now`, and the reminders due at that moment (each names its commitment and period, so a
 * sender can remember what it already sent).
 */
export function evaluateCommitments(f: CommitmentFacts): {
  commitments: Commitment[]
  reminders: Reminder[]
} {
  // The calendar day in Germany, which is what "this year" and "within N days" mean to the boards.
  const today = localDay(f.now)
  const reminders: Reminder[] = []
  const commitments: Commitment[] = []
  const seen = new Set<TrackedClauseType>()
  for (const clause of f.clauses) {
    if (clause.type === 'retreat' && !seen.has('retreat')) commitments.push(retreat(f, today, reminders))
    else if (clause.type === 'coordinators' && !seen.has('coordinators'))
      commitments.push(perSide('coordinators', f.coordinators, f, today, reminders))
    else if (clause.type === 'links' && !seen.has('links')) {
      const done = { a: false, b: false }
      for (const c of f.linkConfirmations) if (c.confirmedOn <= today) done[c.side] = true
      commitments.push(perSide('links', done, f, today, reminders))
    } else if (clause.type === 'minutes' && !seen.has('minutes'))
      commitments.push(minutes(clause, f, today, reminders))
    else if (clause.type === 'campaignHelp' && !seen.has('campaignHelp'))
      commitments.push(campaignHelp(f, today))
    else if (clause.type === 'jointEvents' && !seen.has('jointEvents'))
      commitments.push(jointEvents(f, today))
    else if (clause.type === 'visits' && !seen.has('visits')) commitments.push(visits(f, today))
    else if (clause.type === 'consultation' && !seen.has('consultation'))
      commitments.push(consultation(f, today, reminders))
    else if (clause.type === 'information' && !seen.has('information'))
      commitments.push(information(f, today, reminders))
    else if (clause.type === 'materials' && !seen.has('materials'))
      commitments.push(materials(f, today, reminders))
    else continue
    seen.add(clause.type)
  }
  return { commitments, reminders }
}
