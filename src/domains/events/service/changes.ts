import { createHash } from 'node:crypto'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { Settings } from '../../../platform/deps.js'
import { dateTimeFormat, isLocale, type Locale, translator } from '../../../platform/i18n/index.js'
import type { MailAttachment } from '../../../platform/mail/mailer.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { TIME_ZONE } from '../../../platform/time.js'
import { buildCalendar } from '../ics.js'
import * as repo from '../repo.js'
import type { Event } from '../tables.js'
import { icsOf } from './calendar.js'
import { absoluteUrl, type EventsEnv } from './shared.js'

/** An event before and after an organiser's change, both rows as stored. */
export type EventChange = { before: Event; after: Event }

const writtenDay = (locale: Locale, d: Date) =>
  dateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE }).format(d)
const writtenTime = (locale: Locale, d: Date) =>
  dateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  }).format(d)

/** A moment as people write it: "15.08.2026 09:00". */
export function writtenDateTime(locale: Locale, d: Date) {
  return `${writtenDay(locale, d)} ${writtenTime(locale, d)}`
}

/** "15.08.2026 09:00–11:00"; over midnight both ends in full: "15.08.2026 22:00 – 16.08.2026 01:00". */
export function writtenSpan(locale: Locale, startsAt: Date, endsAt: Date) {
  return writtenDay(locale, startsAt) === writtenDay(locale, endsAt)
    ? `${writtenDateTime(locale, startsAt)}–${writtenTime(locale, endsAt)}`
    : `${writtenDateTime(locale, startsAt)} – ${writtenDateTime(locale, endsAt)}`
}

const placeText = (e: Event) => [e.venueName, e.address].filter(Boolean).join(', ')

/**
 * What the people who come need to hear of a change: its time, its place, its online link. The title,
 * the description and the rest change the calendar entry but send no mail.
 */
export function noticeableChanges(before: Event, after: Event) {
  return {
    time:
      before.startsAt.getTime() !== after.startsAt.getTime() ||
      before.endsAt.getTime() !== after.endsAt.getTime(),
    place: placeText(before) !== placeText(after),
    online: (before.onlineUrl ?? '') !== (after.onlineUrl ?? ''),
  }
}

export const hasNoticeableChange = (c: EventChange) =>
  Object.values(noticeableChanges(c.before, c.after)).some(Boolean)

/** The events as one .ics attachment: the same entries as the feeds (UID and SEQUENCE), so calendars update. */
export function invitationOf(
  config: Settings,
  name: string,
  events: readonly Event[],
  now: Date,
): MailAttachment {
  return {
    filename: 'veranstaltung.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: buildCalendar({ name, events: events.map((e) => icsOf(config, e)), now }),
  }
}

/** The person behind an RSVP: one account, or one guest address. */
const personOf = (r: repo.RsvpWithPerson) =>
  r.rsvp.userId ? `user:${r.rsvp.userId}` : `guest:${r.email.toLowerCase()}`

/**
 * Everyone with a place or waiting at the given events, one entry per person with their RSVPs among
 * them, in the order of the events given.
 */
export async function holdersByPerson(tx: DbOrTx, events: readonly Event[]) {
  const holders = (
    await repo.listHoldersOf(
      tx,
      events.map((e) => e.id),
    )
  ).filter((h) => h.email)
  const order = new Map(events.map((e, i) => [e.id, i]))
  const people = new Map<string, repo.RsvpWithPerson[]>()
  for (const h of holders) {
    const list = people.get(personOf(h)) ?? []
    list.push(h)
    people.set(personOf(h), list)
  }
  for (const list of people.values())
    list.sort((a, b) => (order.get(a.rsvp.eventId) ?? 0) - (order.get(b.rsvp.eventId) ?? 0))
  return people
}

export const localeOf = (config: Settings, h: repo.RsvpWithPerson): Locale =>
  isLocale(h.locale) ? h.locale : config.i18n.defaultLocale

/** A key that names one mail for one set of RSVPs at their events' revisions, so it is queued once. */
export function mailKey(prefix: string, parts: readonly string[]) {
  if (parts.length === 1) return `${prefix}:${parts[0]}`
  return `${prefix}:${createHash('sha256').update(parts.join(',')).digest('base64url')}`
}

/**
 * Tells everyone with a place or waiting what changed (time, place, online link; old → new), in their
 * language, with the changed events as .ics. A person with RSVPs to several changed events (a series)
 * gets one mail listing them. The online link is told only to people with a place, who alone see it.
 * Queued in the caller's transaction.
 */
export async function queueChangeMails(tx: DbOrTx, env: EventsEnv, changes: readonly EventChange[]) {
  const { config } = env
  const noticed = changes
    .filter(hasNoticeableChange)
    .sort((a, b) => a.before.startsAt.getTime() - b.before.startsAt.getTime())
  if (noticed.length === 0) return 0
  const byEvent = new Map(noticed.map((c) => [c.after.id, c]))
  const now = env.deps.now()
  const mails: OutgoingMail[] = []
  for (const held of (
    await holdersByPerson(
      tx,
      noticed.map((c) => c.after),
    )
  ).values()) {
    const first = held[0]!
    const locale = localeOf(config, first)
    const t = translator(locale, config.i18n.genderMark)
    const entries = held.flatMap((h) => {
      const { before, after } = byEvent.get(h.rsvp.eventId)!
      const what = noticeableChanges(before, after)
      const lines: string[] = []
      if (what.time)
        lines.push(
          t('events.mail.changes.time', {
            from: writtenSpan(locale, before.startsAt, before.endsAt),
            to: writtenSpan(locale, after.startsAt, after.endsAt),
          }),
        )
      if (what.place)
        lines.push(
          t('events.mail.changes.place', { from: placeText(before) || '–', to: placeText(after) || '–' }),
        )
      if (what.online && h.rsvp.status === 'confirmed')
        lines.push(
          t('events.mail.changes.online', { from: before.onlineUrl || '–', to: after.onlineUrl || '–' }),
        )
      return lines.length > 0 ? [{ h, before, after, lines }] : []
    })
    if (entries.length === 0) continue
    const single = entries.length === 1
    const head = entries[0]!
    const changesText = entries
      .map((e) =>
        single
          ? e.lines.join('\n')
          : `${t('events.mail.changes.heading', { when: writtenDateTime(locale, e.before.startsAt) })}\n${e.lines
              .map((l) => `  ${l}`)
              .join('\n')}\n  ${absoluteUrl(config, `/events/${e.after.id}`)}`,
      )
      .join('\n\n')
    const kind = single ? 'eventChanged' : 'eventsChanged'
    const params = {
      name: first.name,
      title: head.after.title,
      count: entries.length,
      changes: changesText,
      link: absoluteUrl(config, `/events/${head.after.id}`),
    }
    mails.push({
      to: first.email,
      subject: t(`events.mail.${kind}.subject`, params),
      text: t(`events.mail.${kind}.body`, params),
      key: mailKey(
        'event-changed',
        entries.map((e) => `${e.h.rsvp.id}:${e.after.revision}`),
      ),
      attachments: [
        invitationOf(
          config,
          head.after.title,
          entries.map((e) => e.after),
          now,
        ),
      ],
    })
  }
  return queueMail(tx, now, mails)
}

/**
 * Everyone who had a place or was waiting is told that the events are cancelled, in their language, with
 * the calendar entries marked cancelled so their calendar drops them: one mail per person, listing the
 * dates when they signed up for several (a series cancelled from a date on). Queued in the caller's transaction.
 */
export async function queueCancellationMails(
  tx: DbOrTx,
  config: Settings,
  cancelled: readonly Event[],
  now: Date,
) {
  const sorted = [...cancelled].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
  const byId = new Map(sorted.map((e) => [e.id, e]))
  const mails: OutgoingMail[] = []
  for (const held of (await holdersByPerson(tx, sorted)).values()) {
    const first = held[0]!
    const locale = localeOf(config, first)
    const t = translator(locale, config.i18n.genderMark)
    const dated = held.map((h) => byId.get(h.rsvp.eventId)!)
    const head = dated[0]!
    const single = dated.length === 1
    const params = {
      name: first.name,
      title: head.title,
      when: writtenDateTime(locale, head.startsAt),
      count: dated.length,
      dates: dated.map((e) => `- ${writtenDateTime(locale, e.startsAt)}`).join('\n'),
      link: absoluteUrl(config, `/events/${head.id}`),
    }
    const kind = single ? 'eventCancelled' : 'eventsCancelled'
    mails.push({
      to: first.email,
      subject: t(`events.mail.${kind}.subject`, params),
      text: t(`events.mail.${kind}.body`, params),
      key: mailKey(
        'event-cancelled',
        held.map((h) => h.rsvp.id),
      ),
      attachments: [invitationOf(config, head.title, dated, now)],
    })
  }
  return queueMail(tx, now, mails)
}
