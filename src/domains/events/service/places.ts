import type { DbOrTx } from '../../../platform/db/types.js'
import * as repo from '../repo.js'
import type { Event, EventRsvp, ParticipationMode } from '../tables.js'

/**
 * Where a sign-up lands: a place, or the waitlist when every on-site place is taken. Call it with
 * the event row locked (repo.lockEvent), so two sign-ups never both take the last place.
 */
export async function placeFor(
  tx: DbOrTx,
  event: Event,
  participation: ParticipationMode,
  exceptRsvpId?: string,
): Promise<'confirmed' | 'waitlisted'> {
  if (participation === 'online' || event.capacity === null) return 'confirmed'
  const taken = await repo.countConfirmedOnSite(tx, event.id, exceptRsvpId)
  return taken < event.capacity ? 'confirmed' : 'waitlisted'
}

/**
 * Gives free places to the people waiting longest, in the caller's transaction with the event locked.
 * Returns the RSVPs that got a place, so the caller can tell them after commit.
 */
export async function promoteWaiting(tx: DbOrTx, event: Event, now: Date): Promise<EventRsvp[]> {
  const free =
    event.capacity === null ? 10_000 : event.capacity - (await repo.countConfirmedOnSite(tx, event.id))
  if (free <= 0) return []
  const waiting = await repo.listWaiting(tx, event.id, free)
  const promoted: EventRsvp[] = []
  for (const r of waiting) {
    promoted.push(await repo.updateRsvp(tx, r.id, { status: 'confirmed', confirmedAt: now }))
  }
  return promoted
}
