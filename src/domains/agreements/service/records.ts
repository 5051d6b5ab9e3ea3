import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { localDay } from '../../../platform/time.js'
import type { ExchangeInput, MinutesInput, RetreatInput } from '../input.js'
import { abilities, authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import type { Side } from '../state.js'
import { getVisibleAgreement, sideUnit } from './shared.js'

/** Either board records a joint retreat that took place: date, host side, place and notes. */
export async function recordRetreat(deps: AppDeps, actor: Actor, id: string, input: RetreatInput) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id)
    authorize(actor, 'agreement.recordRetreat', { agreement: loaded.subject })
    const host = sideUnit(loaded, input.hostSide)
    const retreat = await repo.insertRetreat(tx, {
      partnershipId: loaded.partnership.id,
      heldOn: input.heldOn,
      hostUnitId: host.id,
      place: input.place,
      notes: input.notes ?? null,
      recordedById: actor.userId,
      createdAt: deps.now(),
    })
    await recordAudit(tx, actor, {
      action: 'agreement.retreat_recorded',
      unit: host,
      object: { type: 'partnership_retreat', id: retreat.id },
      data: { agreementId: id, heldOn: input.heldOn },
    })
    return retreat
  })
}

/** A side's board confirms that its website and social media link the partner, as of today. */
export async function confirmLinks(deps: AppDeps, actor: Actor, id: string, side: Side) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id)
    authorize(actor, 'agreement.confirmLinks', { agreement: loaded.subject, side })
    const unit = sideUnit(loaded, side)
    const row = await repo.insertLinkConfirmation(tx, {
      partnershipId: loaded.partnership.id,
      unitId: unit.id,
      confirmedOn: localDay(deps.now()),
      confirmedById: actor.userId,
    })
    await recordAudit(tx, actor, {
      action: 'agreement.links_confirmed',
      unit,
      object: { type: 'agreement', id },
      data: { side },
    })
    return row
  })
}

/**
 * A side's board records an exchange with the partner: the consultation before a federal congress, information
 * it gave the partner about its work, material it sent. The day may not lie ahead; the note says what it was.
 */
export async function recordExchange(deps: AppDeps, actor: Actor, id: string, input: ExchangeInput) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id)
    authorize(actor, 'agreement.recordExchange', { agreement: loaded.subject, side: input.side })
    if (input.heldOn > localDay(deps.now())) throw new FieldError('heldOn', 'agreements.errors.future')
    const unit = sideUnit(loaded, input.side)
    const exchange = await repo.insertExchange(tx, {
      partnershipId: loaded.partnership.id,
      unitId: unit.id,
      kind: input.kind,
      heldOn: input.heldOn,
      note: input.note,
      recordedById: actor.userId,
      createdAt: deps.now(),
    })
    await recordAudit(tx, actor, {
      action: 'agreement.exchange_recorded',
      unit,
      object: { type: 'partnership_exchange', id: exchange.id },
      data: { agreementId: id, kind: input.kind, heldOn: input.heldOn },
    })
    return exchange
  })
}

/**
 * A side's board shares the minutes of one of its meetings with the partner's board. Nobody
 * else reads them: not the members, not other boards, not the offices, not the public.
 */
export async function shareMinutes(deps: AppDeps, actor: Actor, id: string, input: MinutesInput) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id)
    if (!can(actor, 'minutes.view', { agreement: loaded.subject })) throw new NotFoundError()
    authorize(actor, 'minutes.share', { agreement: loaded.subject, side: input.side })
    const unit = sideUnit(loaded, input.side)
    const minutes = await repo.insertMinutes(tx, {
      partnershipId: loaded.partnership.id,
      fromUnitId: unit.id,
      meetingOn: input.meetingOn,
      sharedAt: deps.now(),
      title: input.title,
      body: input.body,
      sharedById: actor.userId,
    })
    // The audit row names the minutes, never their content.
    await recordAudit(tx, actor, {
      action: 'agreement.minutes_shared',
      unit,
      object: { type: 'partnership_minutes', id: minutes.id },
      data: { agreementId: id, meetingOn: input.meetingOn },
    })
    return minutes
  })
}

async function getMinutesAgreement(deps: AppDeps, actor: Actor | undefined, id: string) {
  const loaded = await getVisibleAgreement(deps.database.db, actor, id)
  // Minutes are not there at all for anyone but the two boards, even on a published agreement.
  if (!can(actor, 'minutes.view', { agreement: loaded.subject })) throw new NotFoundError()
  return loaded
}

/** The minutes both sides shared, newest meeting first, for the two boards only (404 for anyone else). */
export async function listSharedMinutes(deps: AppDeps, actor: Actor | undefined, id: string) {
  const loaded = await getMinutesAgreement(deps, actor, id)
  const minutes = await repo.listMinutes(deps.database.db, loaded.partnership.id)
  return { ...loaded, minutes, can: abilities(actor, loaded.subject) }
}

export async function viewSharedMinutes(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  minutesId: string,
) {
  const loaded = await getMinutesAgreement(deps, actor, id)
  const minutes = await repo.findMinutes(deps.database.db, loaded.partnership.id, minutesId)
  if (!minutes) throw new NotFoundError()
  return { ...loaded, minutes }
}
