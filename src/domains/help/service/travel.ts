import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import { memberIdOf } from '../../../platform/auth/policy.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { fromDateTimeLocal } from '../../../platform/time.js'
import type { TravelInput } from '../input.js'
import { authorize } from '../policy.js'
import * as repo from '../repo.js'
import { getVisibleRequest } from './shared.js'

const wantedFor = { ride_offer: 'ride_wanted', bed_offer: 'bed_wanted' } as const

/**
 * A member offers a ride or a bed, or asks for one, for a help request. A wish may name an offer
 * to take it up: then it counts against that offer's places.
 */
export async function addTravel(deps: AppDeps, actor: Actor, requestId: string, input: TravelInput) {
  return deps.database.db.transaction(async (tx) => {
    const { request, unit, viewer, subject } = await getVisibleRequest(tx, actor, requestId)
    authorize(viewer, 'travel.add', { request: subject })
    const memberId = memberIdOf(actor, 'travel.add')
    let offerId: string | null = null
    if (input.offerId) {
      const offer = await repo.findTravel(tx, input.offerId)
      const wanted = offer && offer.kind in wantedFor ? wantedFor[offer.kind as keyof typeof wantedFor] : null
      if (!offer || offer.requestId !== request.id || wanted !== input.kind)
        throw new FieldError('offerId', 'help.errors.offer')
      const taken = (await repo.listTravel(tx, request.id))
        .filter((t) => t.travel.offerId === offer.id)
        .reduce((n, t) => n + t.travel.places, 0)
      if (taken + input.places > offer.places) throw new FieldError('offerId', 'help.errors.full')
      offerId = offer.id
    }
    const entry = await repo.insertTravel(tx, {
      requestId: request.id,
      memberId,
      kind: input.kind,
      place: input.place,
      places: input.places,
      departsAt: input.departsAt ? fromDateTimeLocal(input.departsAt) : null,
      nights: input.nights ?? null,
      note: input.note ?? null,
      offerId,
    })
    await recordAudit(tx, actor, {
      action: 'help.travel.added',
      unit,
      object: { type: 'help_travel', id: entry.id },
      data: { kind: input.kind },
    })
    return entry
  })
}

/** A member withdraws their own entry; wishes that took up an offer become open wishes again. */
export async function removeTravel(deps: AppDeps, actor: Actor, requestId: string, travelId: string) {
  return deps.database.db.transaction(async (tx) => {
    const { unit } = await getVisibleRequest(tx, actor, requestId)
    const entry = await repo.findTravel(tx, travelId)
    if (!entry || entry.requestId !== requestId || entry.memberId !== actor.memberId)
      throw new NotFoundError()
    await repo.deleteTravel(tx, entry.id)
    await recordAudit(tx, actor, {
      action: 'help.travel.removed',
      unit,
      object: { type: 'help_travel', id: entry.id },
    })
  })
}
