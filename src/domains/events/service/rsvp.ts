import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { ConflictError, DomainError, FieldError, NotFoundError } from '../../../platform/errors.js'
import { formatDateTime, isLocale, type Locale, translator } from '../../../platform/i18n/index.js'
import { takeMailBudget } from '../../../platform/mail/budget.js'
import type { Mail } from '../../../platform/mail/mailer.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import { localDay } from '../../../platform/time.js'
import { readInclusion } from '../inclusion.js'
import type { GuestRsvpAnswers, RsvpAnswers } from '../input.js'
import { authorize } from '../policy.js'
import * as repo from '../repo.js'
import type { Event, EventRsvp } from '../tables.js'
import { invitationOf } from './changes.js'
import { placeFor, promoteWaiting } from './places.js'
import {
  absoluteUrl,
  type EventsEnv,
  eventMail,
  getVisibleEvent,
  hashToken,
  localeOfRsvp,
  newToken,
} from './shared.js'

/** A link from a guest's e-mail that is unknown, used up, or for an event that is over. */
export class InvalidRsvpLinkError extends DomainError {
  constructor() {
    super('events.errors.invalidLink', 410)
  }
}

function checkOpen(event: Event, now: Date) {
  if (event.endsAt.getTime() <= now.getTime()) throw new ConflictError('events.errors.ended')
}

/** Online only where the event offers it; children's ages only while childcare sign-up is open. */
function answersFor(event: Event, answers: RsvpAnswers, now: Date) {
  const inclusion = readInclusion(event.inclusion)
  const canOnline = inclusion.onlineParticipation || event.type === 'online'
  const participation = canOnline ? answers.participation : 'on_site'
  const deadline = inclusion.childcare?.signUpBy
  if (answers.childrenAges.length > 0 && deadline && localDay(now) > deadline)
    throw new FieldError('childrenAges', 'events.errors.childcareClosed')
  return {
    participation,
    childrenAges: answers.childrenAges,
    accessNeedKinds: [...new Set(answers.accessNeedKinds ?? [])],
    accessNeeds: answers.accessNeeds ?? null,
  }
}

/**
 * A signed-in person registers for an event, or changes their answers. One RSVP per person and event
 * (event_rsvps_user_uq): registering again updates the answers and keeps the place. The event row is
 * locked, so concurrent sign-ups never take more places than there are; the rest join the waitlist.
 * Throws NotFoundError for an event the actor cannot see, ForbiddenError when they may not register.
 */
export async function registerForEvent(
  deps: AppDeps,
  actor: Actor,
  eventId: string,
  input: RsvpAnswers,
  config?: Settings,
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { event, hosts, subject } = await getVisibleEvent(tx, actor, eventId, { lock: true })
    authorize(actor, 'event.rsvp', { event: subject })
    checkOpen(event, now)
    const answers = answersFor(event, input, now)
    const existing = await repo.findRsvpOfUser(tx, eventId, actor.userId)
    let rsvp: EventRsvp
    if (existing && existing.status !== 'cancelled') {
      // Keeps the place unless the person moves from online to a seat that is no longer free.
      const keeps = existing.participation === answers.participation || answers.participation === 'online'
      const status =
        existing.status === 'confirmed' && !keeps
          ? await placeFor(tx, event, answers.participation, existing.id)
          : existing.status === 'waitlisted'
            ? await placeFor(tx, event, answers.participation, existing.id)
            : existing.status
      rsvp = await repo.updateRsvp(tx, existing.id, {
        ...answers,
        status,
        confirmedAt: status === 'confirmed' ? (existing.confirmedAt ?? now) : null,
        queuedAt: status === existing.status ? existing.queuedAt : now,
      })
    } else {
      const status = await placeFor(tx, event, answers.participation)
      const values = {
        ...answers,
        status,
        queuedAt: now,
        confirmedAt: status === 'confirmed' ? now : null,
        cancelledAt: null,
      }
      rsvp = existing
        ? await repo.updateRsvp(tx, existing.id, values)
        : await repo.insertRsvp(tx, { eventId, userId: actor.userId, ...values, createdAt: now })
    }
    await recordAudit(tx, actor, {
      action: 'event.rsvp_registered',
      unit: hosts[0] ?? null,
      object: { type: 'event_rsvp', id: rsvp.id },
      data: { eventId, status: rsvp.status, participation: rsvp.participation },
    })
    // A confirmation when the person's place changes (a new place or a place on the waitlist), not
    // when they only change their answers.
    const before = existing?.status === 'cancelled' ? undefined : existing?.status
    if (config && rsvp.status !== before && (rsvp.status === 'confirmed' || rsvp.status === 'waitlisted')) {
      const contact = await repo.findUserContact(tx, actor.userId)
      if (contact) {
        const locale: Locale = isLocale(contact.locale) ? contact.locale : config.i18n.defaultLocale
        const params = {
          name: contact.name,
          title: event.title,
          when: formatDateTime(locale, event.startsAt),
          where: placeOf(event, locale, config),
          link: absoluteUrl(config, `/events/${event.id}`),
        }
        const confirmed = rsvp.status === 'confirmed'
        const mail = eventMail(
          config,
          locale,
          contact.email,
          confirmed ? 'rsvpConfirmed' : 'rsvpWaitlisted',
          params,
        )
        await queueMail(tx, now, [
          {
            ...mail,
            key: `event-rsvp:${rsvp.id}:${rsvp.status}:${rsvp.queuedAt.getTime()}`,
            ...(confirmed ? { attachments: [invitationOf(config, event.title, [event], now)] } : {}),
          },
        ])
      }
    }
    return rsvp
  })
}

/** Where an event takes place, as a mail says it. */
export function placeOf(event: Event, locale: Locale, config: Settings) {
  const place = [event.venueName, event.address].filter(Boolean).join(', ')
  return place || translator(locale, config.i18n.genderMark)('events.participation.online')
}

/**
 * A guest (name and e-mail, no account) asks for a place at a public event. Nothing is reserved until
 * they follow the single-use link sent to them. The answer never says whether the address was known.
 * Anyone can type any address here, so the mail carries nothing the visitor wrote (not even the name),
 * and one address gets at most the hourly budget of mails that the account forms allow; beyond it
 * nothing changes.
 */
export async function registerGuest(
  env: EventsEnv,
  eventId: string,
  input: GuestRsvpAnswers,
  locale: Locale,
) {
  const { deps, config } = env
  await deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { event, hosts, subject } = await getVisibleEvent(tx, undefined, eventId, { lock: true })
    authorize(undefined, 'event.guestRsvp', { event: subject })
    checkOpen(event, now)
    const answers = answersFor(event, input, now)
    const existing = await repo.findRsvpOfGuest(tx, eventId, input.email)
    if (existing && (existing.status === 'confirmed' || existing.status === 'waitlisted')) return
    if (!(await takeMailBudget(tx, input.email, now))) return
    const { token, hash } = newToken()
    const values = {
      ...answers,
      guestName: input.name,
      guestEmail: input.email,
      guestLocale: locale,
      status: 'unconfirmed' as const,
      confirmTokenHash: hash,
      queuedAt: now,
      confirmedAt: null,
      cancelledAt: null,
    }
    const rsvp = existing
      ? await repo.updateRsvp(tx, existing.id, values)
      : await repo.insertRsvp(tx, { eventId, ...values, createdAt: now })
    await recordAudit(tx, undefined, {
      action: 'event.guest_rsvp_requested',
      unit: hosts[0] ?? null,
      object: { type: 'event_rsvp', id: rsvp.id },
      data: { eventId },
    })
    await queueMail(tx, now, [
      eventMail(config, locale, input.email, 'guestConfirm', {
        title: event.title,
        when: formatDateTime(locale, event.startsAt),
        link: absoluteUrl(config, `/events/rsvp/${token}`),
      }),
    ])
  })
}

/**
 * What a guest's link leads to, before it is used: the event and the RSVP. While the RSVP waits for
 * confirmation the link confirms it; afterwards the newer link from the second mail cancels it.
 */
export async function viewGuestLink(deps: AppDeps, token: string) {
  const rsvp = await repo.findRsvpByTokenHash(deps.database.db, hashToken(token))
  if (!rsvp || rsvp.status === 'cancelled') throw new InvalidRsvpLinkError()
  const event = await repo.findEvent(deps.database.db, rsvp.eventId)
  if (!event || event.endsAt.getTime() <= deps.now().getTime()) throw new InvalidRsvpLinkError()
  return { rsvp, event }
}

/**
 * A guest follows the link from their e-mail: the RSVP takes a place (or a waitlist spot). The link
 * works once; a second click, an unknown token or an event that is over get InvalidRsvpLinkError.
 * A second mail brings a new link with which the guest can cancel later.
 */
export async function confirmGuestRsvp(env: EventsEnv, token: string, pageLocale: Locale) {
  const { deps, config } = env
  const hash = hashToken(token)
  const result = await deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const found = await repo.findRsvpByTokenHash(tx, hash)
    if (!found) throw new InvalidRsvpLinkError()
    const event = await repo.lockEvent(tx, found.eventId)
    // Read again behind the lock: of two clicks at the same moment only one finds the token.
    const rsvp = await repo.findRsvpByTokenHash(tx, hash)
    if (!event || !rsvp || rsvp.status !== 'unconfirmed' || event.status !== 'published')
      throw new InvalidRsvpLinkError()
    if (event.endsAt.getTime() <= now.getTime()) throw new InvalidRsvpLinkError()
    const status = await placeFor(tx, event, rsvp.participation)
    // The mail speaks the language of the form, even when the link is opened in another browser.
    const locale = isLocale(rsvp.guestLocale) ? rsvp.guestLocale : pageLocale
    const next = newToken()
    const updated = await repo.updateRsvp(tx, rsvp.id, {
      status,
      confirmTokenHash: next.hash,
      queuedAt: now,
      confirmedAt: status === 'confirmed' ? now : null,
    })
    await recordAudit(tx, undefined, {
      action: 'event.guest_rsvp_confirmed',
      object: { type: 'event_rsvp', id: rsvp.id },
      data: { eventId: event.id, status },
    })
    await queueMail(tx, now, [
      eventMail(config, locale, updated.guestEmail!, 'guestRegistered', {
        name: updated.guestName ?? '',
        title: event.title,
        when: formatDateTime(locale, event.startsAt),
        status: translator(locale, config.i18n.genderMark)(`events.rsvpStatuses.${updated.status}`),
        link: absoluteUrl(config, `/events/${event.id}`),
        cancelLink: absoluteUrl(config, `/events/rsvp/${next.token}`),
      }),
    ])
    return { event, rsvp: updated }
  })
  return result
}

/**
 * A guest cancels with the link from their second mail. A freed place goes to the first person
 * waiting, in the same transaction; the link is used up.
 */
export async function cancelGuestRsvp(env: EventsEnv, token: string) {
  const hash = hashToken(token)
  const result = await env.deps.database.db.transaction(async (tx) => {
    const now = env.deps.now()
    const found = await repo.findRsvpByTokenHash(tx, hash)
    if (!found) throw new InvalidRsvpLinkError()
    const event = await repo.lockEvent(tx, found.eventId)
    const rsvp = await repo.findRsvpByTokenHash(tx, hash)
    if (!event || !rsvp || (rsvp.status !== 'confirmed' && rsvp.status !== 'waitlisted'))
      throw new InvalidRsvpLinkError()
    const updated = await repo.updateRsvp(tx, rsvp.id, {
      status: 'cancelled',
      cancelledAt: now,
      confirmedAt: null,
      confirmTokenHash: null,
    })
    const promoted = event.endsAt > now ? await promoteWaiting(tx, event, now) : []
    await recordAudit(tx, undefined, {
      action: 'event.rsvp_cancelled',
      object: { type: 'event_rsvp', id: rsvp.id },
      data: { eventId: event.id, from: rsvp.status, guest: true, promoted: promoted.map((p) => p.id) },
    })
    await queuePromotedMails(tx, env, event, promoted)
    return { event, rsvp: updated }
  })
  return result
}

/** Queues the mails telling the people who moved up from the waitlist, in the transaction that moved them. */
export async function queuePromotedMails(
  tx: DbOrTx,
  env: EventsEnv,
  event: Event,
  promoted: readonly EventRsvp[],
) {
  if (promoted.length === 0) return
  const mails: Mail[] = []
  for (const r of promoted) {
    const contact = r.userId ? await repo.findUserContact(tx, r.userId) : undefined
    const to = contact?.email ?? r.guestEmail
    if (!to) continue
    const locale = localeOfRsvp(env.config, r, contact)
    mails.push(
      eventMail(env.config, locale, to, 'promoted', {
        name: contact?.name ?? r.guestName ?? '',
        title: event.title,
        when: formatDateTime(locale, event.startsAt),
        link: absoluteUrl(env.config, `/events/${event.id}`),
      }),
    )
  }
  await queueMail(tx, env.deps.now(), mails)
}

/**
 * A person cancels their RSVP. A freed place goes to the first person waiting, in the same transaction
 * (the event row is locked); they are told by mail. Cancelling twice changes nothing.
 */
export async function cancelRsvp(env: EventsEnv, actor: Actor, eventId: string) {
  const { deps } = env
  await deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { event, hosts } = await getVisibleEvent(tx, actor, eventId, { lock: true })
    const rsvp = await repo.findRsvpOfUser(tx, eventId, actor.userId)
    if (!rsvp || rsvp.status === 'cancelled') return
    await repo.updateRsvp(tx, rsvp.id, { status: 'cancelled', cancelledAt: now, confirmedAt: null })
    const promoted = event.endsAt > now ? await promoteWaiting(tx, event, now) : []
    await recordAudit(tx, actor, {
      action: 'event.rsvp_cancelled',
      unit: hosts[0] ?? null,
      object: { type: 'event_rsvp', id: rsvp.id },
      data: { eventId, from: rsvp.status, promoted: promoted.map((p) => p.id) },
    })
    await queuePromotedMails(tx, env, event, promoted)
  })
}

/** An organiser ticks a person off as present (or takes the tick back). The count stays for reports. */
export async function markAttendance(
  deps: AppDeps,
  actor: Actor,
  eventId: string,
  rsvpId: string,
  attended: boolean,
) {
  return deps.database.db.transaction(async (tx) => {
    const { subject, hosts } = await getVisibleEvent(tx, actor, eventId)
    authorize(actor, 'event.organise', { event: subject })
    const rsvp = await repo.findRsvp(tx, rsvpId)
    if (!rsvp || rsvp.eventId !== eventId) throw new NotFoundError()
    const updated = await repo.updateRsvp(tx, rsvpId, { attendedAt: attended ? deps.now() : null })
    await recordAudit(tx, actor, {
      action: attended ? 'event.attendance_marked' : 'event.attendance_unmarked',
      unit: hosts[0] ?? null,
      object: { type: 'event_rsvp', id: rsvpId },
      data: { eventId },
    })
    return updated
  })
}

const CHECK_IN_WINDOW_MS = 2 * 3600_000

/**
 * An attendee checks in with the short code shown at the event, from two hours before the start to
 * two hours after the end. Needs a confirmed place; a wrong code is a field error.
 */
export async function checkInToEvent(deps: AppDeps, actor: Actor, eventId: string, code: string) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now().getTime()
    const { event, hosts } = await getVisibleEvent(tx, actor, eventId)
    const rsvp = await repo.findRsvpOfUser(tx, eventId, actor.userId)
    if (rsvp?.status !== 'confirmed') throw new FieldError('code', 'events.errors.noPlace')
    if (
      now < event.startsAt.getTime() - CHECK_IN_WINDOW_MS ||
      now > event.endsAt.getTime() + CHECK_IN_WINDOW_MS
    )
      throw new FieldError('code', 'events.errors.checkInClosed')
    if (code.toUpperCase() !== event.checkInCode) throw new FieldError('code', 'events.errors.code')
    if (rsvp.attendedAt) return rsvp
    const updated = await repo.updateRsvp(tx, rsvp.id, { attendedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'event.checked_in',
      unit: hosts[0] ?? null,
      object: { type: 'event_rsvp', id: rsvp.id },
      data: { eventId },
    })
    return updated
  })
}
