import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError } from '../../../platform/errors.js'
import { formatDateTime, translator } from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { fromDateTimeLocal, localDay } from '../../../platform/time.js'
import { municipalityRef } from '../../org-units/index.js'
import type { ShiftInput } from '../input.js'
import { authorize } from '../policy.js'
import * as repo from '../repo.js'
import type { HelpRequest, HelpShift } from '../tables.js'
import { getVisibleRequest } from './shared.js'
import { asLocale, type MailLinks, promoteWaiting, shiftInvitation } from './signups.js'

type Helper = Awaited<ReturnType<typeof repo.activeSignupsOfShift>>[number]

/**
 * Tells everyone with a place or on the waitlist that their shift changed (the new time, meeting point
 * and place) or is cancelled, in their language, in the caller's transaction. Those with a place get
 * the shift's .ics again with the raised SEQUENCE, so their calendar replaces (or drops) the entry.
 */
export async function queueShiftNotices(
  tx: DbOrTx,
  now: Date,
  request: Pick<HelpRequest, 'id' | 'title' | 'municipalityAgs'>,
  shift: HelpShift,
  helpers: Helper[],
  links: MailLinks,
) {
  const kind = shift.cancelledAt ? 'Cancelled' : 'Changed'
  const place = municipalityRef(request.municipalityAgs)?.name ?? ''
  const url = `${links.publicUrl}/help/${request.id}`
  const mails: OutgoingMail[] = []
  for (const h of helpers) {
    if (!h.email || (h.leftOn && h.leftOn <= localDay(now))) continue
    const locale = asLocale(h.locale)
    const tr = translator(locale)
    const withPlace = h.status === 'confirmed'
    const params = {
      name: h.name,
      title: request.title,
      when: formatDateTime(locale, shift.startsAt),
      until: formatDateTime(locale, shift.endsAt),
      meetingPoint: shift.meetingPoint,
      place: place || '–',
      url,
      calendar: withPlace ? tr(`help.mail.calendar${kind}`) : '',
    }
    mails.push({
      key: `help-shift-${kind.toLowerCase()}:${h.signupId}:${shift.revision}`,
      to: h.email,
      subject: tr(`help.mail.shift${kind}Subject`, params),
      text: tr(`help.mail.shift${kind}Body`, params),
      ...(withPlace ? { attachments: [shiftInvitation(links, request, shift, place, now)] } : {}),
    })
  }
  await queueMail(tx, now, mails)
}

/** The request a shift belongs to; the pages of a shift's forms are the request's edit page. */
export async function requestIdOfShift(deps: AppDeps, shiftId: string) {
  const shift = await repo.findShift(deps.database.db, shiftId)
  if (!shift) throw new NotFoundError()
  return shift.requestId
}

/** A shift of a request the actor manages, its row locked against sign-ups until the commit. */
async function managedShift(tx: DbOrTx, actor: Actor, shiftId: string) {
  const found = await repo.findShift(tx, shiftId)
  if (!found) throw new NotFoundError()
  const visible = await getVisibleRequest(tx, actor, found.requestId)
  authorize(visible.viewer, 'request.manage', { request: visible.subject })
  const shift = await repo.lockShift(tx, shiftId)
  if (!shift) throw new NotFoundError()
  return { ...visible, shift }
}

/**
 * Those who manage a request change a shift's time, meeting point or capacity. The capacity never
 * goes below the places already taken; a larger one moves people up from the waitlist at once.
 */
export async function updateShift(
  deps: AppDeps,
  actor: Actor,
  shiftId: string,
  input: ShiftInput,
  links?: MailLinks,
) {
  return deps.database.db.transaction(async (tx) => {
    const { request, unit, shift } = await managedShift(tx, actor, shiftId)
    if (shift.completedAt || shift.cancelledAt) throw new ConflictError('help.errors.shiftClosed')
    const startsAt = fromDateTimeLocal(input.startsAt)
    const endsAt = fromDateTimeLocal(input.endsAt)
    if (endsAt <= startsAt) throw new FieldError('endsAt', 'help.errors.endBeforeStart')
    if (input.capacity < shift.taken)
      throw new FieldError('capacity', 'help.errors.capacityBelowTaken', { taken: shift.taken })
    const moved =
      startsAt.getTime() !== shift.startsAt.getTime() || endsAt.getTime() !== shift.endsAt.getTime()
    const changed = [
      ...(moved ? ['time'] : []),
      ...(input.meetingPoint !== shift.meetingPoint ? ['meetingPoint'] : []),
      ...(input.capacity !== shift.capacity ? ['capacity'] : []),
    ]
    if (changed.length === 0) return { shift, requestId: request.id }
    // A calendar replaces its entry only when the SEQUENCE rises; capacity is nothing a helper's calendar shows.
    const seen = moved || changed.includes('meetingPoint')
    const updated = await repo.updateShift(tx, shift.id, {
      startsAt,
      endsAt,
      capacity: input.capacity,
      meetingPoint: input.meetingPoint,
      ...(seen ? { revision: shift.revision + 1 } : {}),
    })
    // The reminder follows the shift to its new day.
    if (moved) await repo.clearReminders(tx, shift.id)
    // Those signed up so far hear of the new time or meeting point; those moving up get their own mail.
    if (seen && links)
      await queueShiftNotices(
        tx,
        deps.now(),
        request,
        updated,
        await repo.activeSignupsOfShift(tx, shift.id),
        links,
      )
    const promoted = await promoteWaiting(tx, deps, actor, { unit, request, shift: updated, links })
    await recordAudit(tx, actor, {
      action: 'help.shift.changed',
      unit,
      object: { type: 'help_shift', id: shift.id },
      data: { requestId: request.id, changed, capacity: input.capacity, promoted },
    })
    return { shift: updated, requestId: request.id }
  })
}

/** A shift nobody is signed up for (or waiting on) is removed; one with helpers can only be cancelled. */
export async function removeShift(deps: AppDeps, actor: Actor, shiftId: string) {
  return deps.database.db.transaction(async (tx) => {
    const { request, unit, shift } = await managedShift(tx, actor, shiftId)
    if (shift.completedAt) throw new ConflictError('help.errors.shiftClosed')
    if ((await repo.activeSignupsOfShift(tx, shift.id)).length > 0)
      throw new ConflictError('help.errors.shiftHasSignups')
    await repo.deleteShift(tx, shift.id)
    await recordAudit(tx, actor, {
      action: 'help.shift.removed',
      unit,
      object: { type: 'help_shift', id: shift.id },
      data: { requestId: request.id, startsAt: shift.startsAt.toISOString() },
    })
    return { requestId: request.id }
  })
}

/**
 * A shift with helpers is cancelled rather than removed: the shift stays on the page as cancelled,
 * every sign-up and place on the waitlist ends with it.
 */
export async function cancelShift(deps: AppDeps, actor: Actor, shiftId: string, links?: MailLinks) {
  return deps.database.db.transaction(async (tx) => {
    const { request, unit, shift } = await managedShift(tx, actor, shiftId)
    if (shift.cancelledAt) return { requestId: request.id }
    if (shift.completedAt) throw new ConflictError('help.errors.shiftClosed')
    const helpers = await repo.activeSignupsOfShift(tx, shift.id)
    const now = deps.now()
    const cancelled = await repo.updateShift(tx, shift.id, {
      cancelledAt: now,
      taken: 0,
      revision: shift.revision + 1,
    })
    await repo.cancelSignupsOfShift(tx, shift.id, now)
    if (links) await queueShiftNotices(tx, now, request, cancelled, helpers, links)
    await recordAudit(tx, actor, {
      action: 'help.shift.cancelled',
      unit,
      object: { type: 'help_shift', id: shift.id },
      data: { requestId: request.id, helpers: helpers.length },
    })
    return { requestId: request.id }
  })
}
