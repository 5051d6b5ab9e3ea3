import { recordAudit } from '../../../platform/audit/record.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { formatDateTime } from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { addDays, instantAt, localDay } from '../../../platform/time.js'
import * as repo from '../repo.js'
import { absoluteUrl, eventMail, localeOfRsvp } from './shared.js'

/**
 * Deletes the access needs of every RSVP to an event that has ended: they were given for that one
 * event. Runs before every read of them and can be called by a scheduler; returns how many were deleted.
 */
export async function purgeEndedAccessNeeds(deps: AppDeps) {
  return deps.database.db.transaction(async (tx) => {
    const cleared = await repo.clearEndedAccessNeeds(tx, deps.now())
    if (cleared.length > 0) {
      await recordAudit(tx, undefined, {
        action: 'event.access_needs_purged',
        object: { type: 'event_rsvp' },
        data: { count: cleared.length, events: [...new Set(cleared.map((c) => c.eventId))] },
      })
    }
    return cleared.length
  })
}

/**
 * Sends the reminder for events that start tomorrow (Berlin calendar day) to everyone with a place.
 * Idempotent: each RSVP is claimed once through reminded_at, in the transaction that queues its mail,
 * so a second run sends nothing and a mail server that is down loses no reminder.
 */
export async function sendEventReminders(deps: AppDeps, config: Settings) {
  const now = deps.now()
  const tomorrow = addDays(localDay(now), 1)
  const from = instantAt(tomorrow)
  const to = instantAt(addDays(tomorrow, 1))
  return deps.database.db.transaction(async (tx) => {
    const claimed = await repo.claimReminders(tx, from, to, now)
    const out: OutgoingMail[] = []
    for (const r of claimed) {
      const event = await repo.findEvent(tx, r.eventId)
      const contact = r.userId ? await repo.findUserContact(tx, r.userId) : undefined
      const to = contact?.email ?? r.guestEmail
      if (!event || !to || contact?.optOuts.includes('events.reminder')) continue
      const locale = localeOfRsvp(config, r, contact)
      out.push({
        key: `event-reminder:${r.id}:${event.startsAt.toISOString()}`,
        ...eventMail(config, locale, to, 'reminder', {
          name: contact?.name ?? r.guestName ?? '',
          title: event.title,
          when: formatDateTime(locale, event.startsAt),
          where: [event.venueName, event.address].filter(Boolean).join(', ') || '–',
          link: absoluteUrl(config, `/events/${event.id}`),
        }),
      })
    }
    if (claimed.length > 0) {
      await recordAudit(tx, undefined, {
        action: 'event.reminders_sent',
        object: { type: 'event_rsvp' },
        data: { count: claimed.length },
      })
    }
    await queueMail(tx, now, out)
    return out.length
  })
}
