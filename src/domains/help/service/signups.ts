import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { auditRow, recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import { isForeignKeyViolation } from '../../../platform/db/errors.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, NotFoundError } from '../../../platform/errors.js'
import { formatDateTime, isLocale, type Locale, translator } from '../../../platform/i18n/index.js'
import type { MailAttachment } from '../../../platform/mail/mailer.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { localDay } from '../../../platform/time.js'
import { buildCalendar } from '../../events/index.js'
import { municipalityRef } from '../../org-units/index.js'
import type { CompleteShiftInput, MessageInput } from '../input.js'
import { authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import type { HelpShift, HelpSignup, NewHelpRecord } from '../tables.js'
import { getVisibleRequest, requestSubject, viewerOf } from './shared.js'

// Mails go out in German, the platform's first language; members have no stored language yet.
const t = translator('de')

/** Where links in mails point: the configured public origin. */
export type MailLinks = { publicUrl: string }

const requestUrl = (links: MailLinks, id: string) => `${links.publicUrl}/help/${id}`

// The database's own clock orders the waitlist: sign-ups of one shift are serialised by the row
// lock, so each one gets a later instant than the one before, whatever the injected clock says.
const queuedNow = sql`clock_timestamp()`

type SignupRequest = { id: string; title: string; unitId: string; municipalityAgs: string | null }
type Coordinator = { userId: string; email: string; name: string; locale: string | null }

/**
 * The mails of a new sign-up with `status`: the helper's confirmation with the shift as an .ics (a place
 * only; the waitlist has its own mail when a place frees up), and one to each coordinator of the posting
 * KV (`coordinators`, those who take a mail per sign-up), so they see who is coming without opening the
 * roster. The confirmation comes first and has no key: its key is the sign-up's (signupMailKey).
 */
function signupMails(
  deps: AppDeps,
  actor: Actor,
  request: SignupRequest,
  shift: HelpShift,
  status: 'confirmed' | 'waitlisted',
  coordinators: readonly Coordinator[],
  links: MailLinks,
  /** The language of the actor's account. */
  actorLocale: string | null | undefined,
): OutgoingMail[] {
  const now = deps.now()
  const url = requestUrl(links, request.id)
  const place = request.municipalityAgs ? (municipalityRef(request.municipalityAgs)?.name ?? '') : ''
  const mails: OutgoingMail[] = []
  if (status === 'confirmed') {
    const locale = asLocale(actorLocale)
    const tr = translator(locale)
    const params = {
      name: actor.displayName,
      title: request.title,
      when: formatDateTime(locale, shift.startsAt),
      until: formatDateTime(locale, shift.endsAt),
      meetingPoint: shift.meetingPoint,
      place: place || '–',
      url,
    }
    mails.push({
      to: actor.email,
      subject: tr('help.mail.signedUpSubject', params),
      text: tr('help.mail.signedUpBody', params),
      attachments: [shiftInvitation(links, request, shift, place, now)],
    })
  }
  for (const c of coordinators) {
    if (c.userId === actor.userId) continue
    const locale = asLocale(c.locale)
    const tr = translator(locale)
    const params = {
      name: c.name,
      helper: actor.displayName,
      title: request.title,
      when: formatDateTime(locale, shift.startsAt),
      status: tr(`help.mail.signupStatus.${status}`),
      url: `${url}/roster`,
    }
    mails.push({
      to: c.email,
      subject: tr('help.mail.coordinatorSignupSubject', params),
      text: tr('help.mail.coordinatorSignupBody', params),
    })
  }
  return mails
}

/** The key of a sign-up's confirmation mail: once per sign-up and time it joined (signing up again is a new one). */
const signupMailKey = (signup: HelpSignup) => `help-signup:${signup.id}:${signup.queuedAt.getTime()}`

export const asLocale = (value: string | undefined | null): Locale => (isLocale(value) ? value : 'de')

/**
 * The shift as an iCalendar entry, so the helper's calendar holds time and meeting point. Its UID stays
 * the shift's and its SEQUENCE is the shift's revision, so a changed or cancelled shift replaces the entry.
 */
export function shiftInvitation(
  links: MailLinks,
  request: { id: string; title: string },
  shift: HelpShift,
  place: string,
  now: Date,
): MailAttachment {
  const content = buildCalendar({
    name: request.title,
    now,
    events: [
      {
        uid: `shift-${shift.id}@${new URL(links.publicUrl).host}`,
        title: request.title,
        description: shift.meetingPoint,
        location: [shift.meetingPoint, place].filter(Boolean).join(', '),
        url: requestUrl(links, request.id),
        startsAt: shift.startsAt,
        endsAt: shift.endsAt,
        updatedAt: now,
        sequence: shift.revision,
        cancelled: !!shift.cancelledAt,
      },
    ],
  })
  return { filename: 'einsatz.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content }
}

/** The shift and its request, if the actor may see them; otherwise the shift does not exist. */
async function visibleShift(tx: DbOrTx, actor: Actor, shiftId: string) {
  const shift = await repo.findShift(tx, shiftId)
  if (!shift) throw new NotFoundError()
  const visible = await getVisibleRequest(tx, actor, shift.requestId)
  return { shift, ...visible }
}

export type SignupOutcome = { signup: HelpSignup; created: boolean; requestId: string }

/**
 * A member signs up for a shift: confirmed while there is room, waitlisted after that. Who may sign
 * up, the mails' recipients and their language are read before, in one round trip; the sign-up itself
 * is one statement (repo.signUp) that takes a place if there is one, with its audit row and the mails
 * of its outcome, so the shift's row is locked only for that statement and sign-ups of a full shift do
 * not wait at all. A repeated request (double click, retry) returns the sign-up that already exists.
 */
export async function signUpForShift(
  deps: AppDeps,
  actor: Actor,
  shiftId: string,
  links?: MailLinks,
): Promise<SignupOutcome> {
  const memberId = actor.memberId
  const db = deps.database.db
  if (!memberId) {
    // Someone without a membership may still see the request (then the sign-up is closed to them), or not.
    await visibleShift(db, actor, shiftId)
    throw new ConflictError('help.errors.signupClosed')
  }
  const found = await repo.findShiftForSignup(db, shiftId, memberId, actor.userId)
  if (!found) throw new NotFoundError()
  const { shift, request, unit, signup: existing, locale, coordinators } = found
  const viewer = await viewerOf(db, actor)
  // Someone signed up before the circle narrowed still sees the request, but signs up for nothing new.
  const subject = { ...requestSubject(request, unit, found.partnerUnitIds), signedUp: !!existing }
  if (!can(viewer, 'request.view', { request: subject }))
    subject.signedUp = (await repo.signupsOfMember(db, request.id, memberId)).length > 0
  if (!can(viewer, 'request.view', { request: subject })) throw new NotFoundError()
  if (!can(viewer, 'shift.signUp', { request: subject })) throw new ConflictError('help.errors.signupClosed')
  if (shift.cancelledAt) throw new ConflictError('help.errors.shiftCancelled')
  if (shift.completedAt || shift.startsAt <= deps.now()) throw new ConflictError('help.errors.shiftPast')
  if (existing && existing.status !== 'cancelled')
    return { signup: existing, created: false, requestId: shift.requestId }
  const mailsOf = (status: 'confirmed' | 'waitlisted') =>
    links ? signupMails(deps, actor, request, shift, status, coordinators, links, locale) : []
  const again = () =>
    db.transaction(async (tx) => {
      const outcome = await signUpAgain(deps, tx, actor, unit, shift.id, memberId)
      if (outcome.created) {
        const status = outcome.signup.status === 'confirmed' ? 'confirmed' : 'waitlisted'
        const mails = mailsOf(status)
        if (status === 'confirmed' && mails[0]) mails[0] = { ...mails[0], key: signupMailKey(outcome.signup) }
        await queueMail(tx, deps.now(), mails)
      }
      return outcome
    })
  if (existing) return signUpUnlessRemoved(again)
  // Both outcomes' mails go with the statement; it queues those of the outcome it has.
  const mails = (['confirmed', 'waitlisted'] as const).flatMap((status) =>
    mailsOf(status).map(
      (m, i): repo.SignupMailRow => ({
        status,
        key: status === 'confirmed' && i === 0 ? null : randomUUID(),
        to_address: m.to.toLowerCase(),
        subject: m.subject,
        body: m.text,
        attachments: m.attachments?.length ? [...m.attachments] : null,
      }),
    ),
  )
  const { actorUserId, actingRole, unitId, data, requestId } = auditRow(actor, {
    action: 'help.signup',
    unit,
    object: { type: 'help_signup' },
    data: { shiftId: shift.id },
  })
  const signup = await signUpUnlessRemoved(() =>
    repo.signUp(db, {
      shiftId: shift.id,
      memberId,
      now: deps.now(),
      audit: { actorUserId, actingRole, unitId, data, requestId },
      mails,
    }),
  )
  if (signup) return { signup, created: true, requestId: shift.requestId }
  // The member's row came in meanwhile (a repeated request): answered as above, under the shift's lock.
  return signUpUnlessRemoved(again)
}

/**
 * Those who manage a request may remove a shift nobody has signed up for (removeShift). A sign-up that
 * read the shift just before it went gets the answer of a sign-up just after it: the shift is not there.
 */
async function signUpUnlessRemoved<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (isForeignKeyViolation(err, 'help_signups_shift_id_help_shifts_id_fk')) throw new NotFoundError()
    throw err
  }
}

/**
 * The member has a row for the shift already: a cancelled sign-up signing up again (it reuses its row
 * and queues anew), or a concurrent identical request that inserted first. Under the shift's lock.
 */
async function signUpAgain(
  deps: AppDeps,
  tx: DbOrTx,
  actor: Actor,
  unit: { id: string; path: string },
  shiftId: string,
  memberId: string,
): Promise<SignupOutcome> {
  const shift = await repo.lockShift(tx, shiftId)
  if (!shift) throw new NotFoundError()
  if (shift.cancelledAt) throw new ConflictError('help.errors.shiftCancelled')
  if (shift.completedAt || shift.startsAt <= deps.now()) throw new ConflictError('help.errors.shiftPast')
  const existing = await repo.findSignup(tx, shift.id, memberId)
  if (!existing) throw new NotFoundError()
  if (existing.status !== 'cancelled') return { signup: existing, created: false, requestId: shift.requestId }
  const status = shift.taken < shift.capacity ? 'confirmed' : 'waitlisted'
  const signup = await repo.updateSignup(tx, existing.id, {
    status,
    queuedAt: queuedNow as unknown as Date,
    cancelledAt: null,
  })
  if (status === 'confirmed') await repo.takenPlus(tx, shift.id, 1)
  await recordAudit(tx, actor, {
    action: status === 'confirmed' ? 'help.signup.confirmed' : 'help.signup.waitlisted',
    unit,
    object: { type: 'help_signup', id: signup.id },
    data: { shiftId: shift.id },
  })
  return { signup, created: true, requestId: shift.requestId }
}

/**
 * A member cancels their own sign-up. When a confirmed place frees up, the first person on the
 * waitlist moves up in the same transaction, which also queues the mail telling them.
 */
export async function cancelSignup(deps: AppDeps, actor: Actor, shiftId: string, links: MailLinks) {
  const memberId = actor.memberId
  if (!memberId) throw new NotFoundError()
  const outcome = await deps.database.db.transaction(async (tx) => {
    const { request, unit } = await visibleShift(tx, actor, shiftId)
    const shift = await repo.lockShift(tx, shiftId)
    if (!shift) throw new NotFoundError()
    const signup = await repo.findSignup(tx, shift.id, memberId)
    if (!signup || signup.status === 'cancelled') return { promoted: undefined, request, shift }
    if (shift.completedAt) throw new ConflictError('help.errors.shiftPast')
    await repo.updateSignup(tx, signup.id, { status: 'cancelled', cancelledAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'help.signup.cancelled',
      unit,
      object: { type: 'help_signup', id: signup.id },
      data: { shiftId: shift.id, was: signup.status },
    })
    let promoted: HelpSignup | undefined
    if (signup.status === 'confirmed') {
      // The place goes to the first person waiting; with nobody waiting it is free again.
      const next = await repo.firstWaiting(tx, shift.id)
      if (!next) await repo.takenPlus(tx, shift.id, -1)
      if (next) promoted = await moveUp(tx, deps, actor, { unit, request, shift, links }, next)
    }
    return { promoted, request, shift }
  })
  return { promoted: outcome.promoted, requestId: outcome.request.id }
}

type PromotionContext = {
  unit: { id: string; path: string }
  request: { id: string; title: string }
  shift: HelpShift
  links?: MailLinks | undefined
}

/** The first person waiting gets the place (the caller counts it) and is told. Under the shift's lock. */
async function moveUp(tx: DbOrTx, deps: AppDeps, actor: Actor, c: PromotionContext, next: HelpSignup) {
  const promoted = await repo.updateSignup(tx, next.id, { status: 'confirmed' })
  await recordAudit(tx, actor, {
    action: 'help.signup.promoted',
    unit: c.unit,
    object: { type: 'help_signup', id: next.id },
    data: { shiftId: c.shift.id },
  })
  const [to] = await repo.memberAddresses(tx, [next.memberId])
  if (c.links && to?.email) {
    const params = {
      name: to.firstName,
      title: c.request.title,
      when: formatDateTime('de', c.shift.startsAt),
      meetingPoint: c.shift.meetingPoint,
      url: requestUrl(c.links, c.request.id),
    }
    await queueMail(tx, deps.now(), [
      {
        to: to.email,
        subject: t('help.mail.promotedSubject', params),
        text: t('help.mail.promotedBody', params),
      },
    ])
  }
  return promoted
}

/**
 * The shift has more places than are taken (its capacity was raised): people move up from the
 * waitlist in the order they joined it, each one told. Under the shift's lock; returns how many moved up.
 */
export async function promoteWaiting(tx: DbOrTx, deps: AppDeps, actor: Actor, c: PromotionContext) {
  let moved = 0
  while (c.shift.taken + moved < c.shift.capacity) {
    const next = await repo.firstWaiting(tx, c.shift.id)
    if (!next) break
    await moveUp(tx, deps, actor, c, next)
    await repo.takenPlus(tx, c.shift.id, 1)
    moved++
  }
  return moved
}

/** The coordinator's list of everyone signed up or waiting, per shift. */
export async function viewRoster(deps: AppDeps, actor: Actor, requestId: string) {
  const db = deps.database.db
  const { request, unit, viewer, subject } = await getVisibleRequest(db, actor, requestId)
  authorize(viewer, 'request.manage', { request: subject })
  const shifts = await repo.listShiftsWithCounts(db, request.id)
  const people = await repo.roster(db, request.id)
  return { request, unit, shifts, people }
}

/**
 * The coordinator writes to everyone signed up or waiting. Each person gets their own message, so
 * no address is shown to anyone else; the audit trail records that it happened and to how many.
 */
export async function messageParticipants(
  deps: AppDeps,
  actor: Actor,
  requestId: string,
  input: MessageInput,
  links: MailLinks,
) {
  return deps.database.db.transaction(async (tx) => {
    const { request, unit, viewer, subject } = await getVisibleRequest(tx, actor, requestId)
    authorize(viewer, 'request.manage', { request: subject })
    const people = await repo.roster(tx, request.id)
    const memberIds = [...new Set(people.map((p) => p.signup.memberId))]
    const addresses = (await repo.memberAddresses(tx, memberIds)).filter((a) => !!a.email)
    await recordAudit(tx, actor, {
      action: 'help.participants.messaged',
      unit,
      object: { type: 'help_request', id: request.id },
      data: { recipients: addresses.length, subject: input.subject },
    })
    const footer = t('help.mail.messageFooter', {
      sender: actor.displayName,
      url: requestUrl(links, request.id),
    })
    await queueMail(
      tx,
      deps.now(),
      addresses.map((a) => ({
        to: a.email!,
        subject: `[${request.title}] ${input.subject}`,
        text: `${input.body}\n\n${footer}`,
      })),
    )
    return addresses.length
  })
}

/**
 * After a shift the coordinator confirms who came. Each helping unit gets one help record:
 * attended sign-ups × the shift's duration. For a request the attendees' KVs helped the posting
 * KV; for an offer the posting KV helped the attendees' KVs. Members of the posting unit are its
 * own people, not help between KVs.
 */
export async function completeShift(deps: AppDeps, actor: Actor, shiftId: string, input: CompleteShiftInput) {
  return deps.database.db.transaction(async (tx) => {
    const { request, unit, viewer, subject } = await visibleShift(tx, actor, shiftId)
    authorize(viewer, 'request.manage', { request: subject })
    const shift = await repo.lockShift(tx, shiftId)
    if (!shift) throw new NotFoundError()
    if (shift.completedAt) throw new ConflictError('help.errors.alreadyCompleted')
    if (shift.cancelledAt) throw new ConflictError('help.errors.shiftCancelled')
    if (shift.endsAt > deps.now()) throw new ConflictError('help.errors.notEnded')
    const absent = new Set(input.absent)
    const perUnit = new Map<string, number>()
    for (const { signup, homeUnitId } of await repo.confirmedOfShift(tx, shift.id)) {
      const attended = !absent.has(signup.id)
      await repo.updateSignup(tx, signup.id, { attended })
      if (attended && homeUnitId !== unit.id) perUnit.set(homeUnitId, (perUnit.get(homeUnitId) ?? 0) + 1)
    }
    const minutes = Math.round((shift.endsAt.getTime() - shift.startsAt.getTime()) / 60_000)
    const records: NewHelpRecord[] = [...perUnit].map(([otherUnitId, people]) => ({
      helperUnitId: request.direction === 'request' ? otherUnitId : unit.id,
      helpedUnitId: request.direction === 'request' ? unit.id : otherUnitId,
      kind: request.kind,
      helpedOn: localDay(shift.startsAt),
      people,
      personMinutes: people * minutes,
      municipalityAgs: request.municipalityAgs,
      requestId: request.id,
      shiftId: shift.id,
      createdById: actor.userId,
    }))
    const inserted = await repo.insertRecords(tx, records)
    await repo.markShiftCompleted(tx, shift.id, deps.now())
    await recordAudit(tx, actor, {
      action: 'help.shift.completed',
      unit,
      object: { type: 'help_shift', id: shift.id },
      data: { records: inserted.length, absent: absent.size },
    })
    return { records: inserted, requestId: request.id }
  })
}
