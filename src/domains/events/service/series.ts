import { isDeepStrictEqual } from 'node:util'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { FieldError } from '../../../platform/errors.js'
import { localDay } from '../../../platform/time.js'
import type { InclusionProfile } from '../inclusion.js'
import { readInclusion } from '../inclusion.js'
import type { EventInput, SeriesScope } from '../input.js'
import { can } from '../policy.js'
import * as repo from '../repo.js'
import type { Event } from '../tables.js'
import type { EventChange } from './changes.js'
import { withHosts } from './shared.js'

const DAY_MS = 24 * 3600_000
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10)

/**
 * The profile for another event of the series: the same, with a childcare sign-up deadline as many days
 * before that event as the edited one's is before it.
 */
function inclusionFor(profile: InclusionProfile, editedDay: string, day: string): InclusionProfile {
  const signUpBy = profile.childcare?.signUpBy
  if (!profile.childcare || !signUpBy) return profile
  const shifted = dayOf(dayNumber(day) - (dayNumber(editedDay) - dayNumber(signUpBy)))
  return { ...profile, childcare: { ...profile.childcare, signUpBy: shifted } }
}

/**
 * The events of the edited one's series that an edit for `scope` also changes: those that have not started
 * and are not cancelled, from the edited one on ('following') or all of them ('series'), which the actor
 * organises; locked. The caller holds the series row (repo.lockSeries).
 */
export async function comingInSeries(
  tx: DbOrTx,
  actor: Actor | undefined,
  edited: Event,
  scope: Exclude<SeriesScope, 'this'>,
  now: Date,
) {
  if (!edited.seriesId) return []
  const rows = await repo.lockComingInSeries(tx, edited.seriesId, {
    now,
    exceptId: edited.id,
    ...(scope === 'following' ? { after: edited.startsAt } : {}),
  })
  return (await withHosts(tx, rows)).filter((e) => can(actor, 'event.edit', { event: e.subject }))
}

/**
 * Gives the other events of a series what the series has in common: title, description, type, place and
 * online link, time of day and duration (each on its own day) and the inclusion profile. Hosts, audience,
 * places and publication stay each event's own. The day of the edited event cannot move with them: a
 * FieldError on `day`. Events whose values are already these stay as they are. Returns the changes.
 */
export async function editOccurrences(
  tx: DbOrTx,
  edited: Event,
  others: readonly Event[],
  input: EventInput,
  times: (day: string) => { startsAt: Date; endsAt: Date },
  now: Date,
): Promise<EventChange[]> {
  const editedDay = localDay(edited.startsAt)
  if (input.day !== editedDay) throw new FieldError('day', 'events.errors.seriesDay')
  const changes: EventChange[] = []
  for (const before of others) {
    const day = localDay(before.startsAt)
    const values = {
      type: input.type,
      title: input.title,
      description: input.description,
      venueName: input.venueName,
      address: input.address,
      transitDirections: input.transitDirections,
      onlineUrl: input.onlineUrl,
      hasFixedEnd: input.hasFixedEnd,
      inclusion: inclusionFor(input.inclusion, editedDay, day),
      ...times(day),
    }
    const same = Object.entries(values).every(([k, v]) =>
      k === 'inclusion'
        ? isDeepStrictEqual(readInclusion(before.inclusion), v)
        : isDeepStrictEqual(before[k as keyof Event], v),
    )
    if (same) continue
    changes.push({ before, after: await repo.updateEvent(tx, before.id, { ...values, updatedAt: now }) })
  }
  return changes
}
