import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { ConflictError, FieldError, NotFoundError } from '../../../platform/errors.js'
import { isLocale, translator } from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { addDays, localDay } from '../../../platform/time.js'
import type { CheckInInput, ReviewInput } from '../input.js'
import { authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import { type Deps, type Env, loadProgramme, type Meta } from './programmes.js'

export const MAX_GOALS = 5
/** The closing review opens this many days before the cohort ends (at once for a tandem ended early). */
export const REVIEW_OPENS_DAYS_BEFORE_END = 28

/** Whether one of the two may write their closing review now. */
function reviewOpen(t: { status: string }, endsOn: string, now: Date) {
  if (t.status === 'ended_early' || t.status === 'completed') return true
  if (t.status !== 'active') return false
  return localDay(now) >= addDays(endsOn, -REVIEW_OPENS_DAYS_BEFORE_END)
}

/**
 * A tandem as the actor meets it: one of its two people (`mine` is their application) or one who runs the
 * programme. Anyone else gets 404, as if there were no tandem.
 */
export async function loadTandem(db: DbOrTx, actor: Actor | undefined, tandemId: string, now: Date) {
  const tandem = await repo.findTandem(db, tandemId)
  if (!tandem || tandem.status === 'dissolved' || !actor) throw new NotFoundError()
  const mentee = await repo.findApplication(db, tandem.menteeApplicationId)
  const mentor = await repo.findApplication(db, tandem.mentorApplicationId)
  const mine = actor.memberId ? [mentee, mentor].find((a) => a?.memberId === actor.memberId) : undefined
  const partner = mine ? (mine.id === mentee?.id ? mentor : mentee) : undefined
  let coordinates = false
  let loaded: Awaited<ReturnType<typeof loadProgramme>> | undefined
  try {
    loaded = await loadProgramme(db, actor, tandem.programmeId, now)
    coordinates = can(loaded.actor, 'programme.coordinate', loaded.subject)
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err
  }
  if (!loaded || (!mine && !coordinates)) throw new NotFoundError()
  return {
    tandem,
    programme: loaded.programme,
    unit: loaded.unit,
    actor,
    mine: mine ?? null,
    partner: partner ?? null,
    mentee: mentee!,
    mentor: mentor!,
    coordinates,
  }
}

type Loaded = Awaited<ReturnType<typeof loadTandem>>

/** One of the two, in a tandem that runs: 403 for a coordinator, 409 once it ended. */
function ownRunning(t: Loaded) {
  authorize(t.actor, 'tandem.takePart', t)
  if (t.tandem.status !== 'active') throw new ConflictError('mentoring.errors.notActive')
  // The rule lets only one of the two through, and each of them has a partner.
  return { mine: t.mine!, partner: t.partner! }
}

/**
 * The tandem page. Its two people see each other's first name, KV and the contact each chose to share, the
 * goals, every check-in with its shared note, and their own private notes. Coordinators see the goals, when
 * the two met, requests for help and why a tandem ended, but no notes.
 */
export async function viewTandem(deps: Deps, actor: Actor | undefined, tandemId: string) {
  const db = deps.database.db
  const t = await loadTandem(db, actor, tandemId, deps.now())
  const [menteePerson, mentorPerson, goals, checkIns] = await Promise.all([
    repo.findApplicant(db, t.mentee.memberId),
    repo.findApplicant(db, t.mentor.memberId),
    repo.listGoals(db, t.tandem.id),
    repo.listCheckIns(db, t.tandem.id),
  ])
  const myReview = t.mine ? await repo.findReview(db, t.tandem.id, t.mine.id) : undefined
  const reviewing = !!t.mine && !myReview && reviewOpen(t.tandem, t.programme.endsOn, deps.now())
  // Skills gained go to the volunteer pool profile only for a member in the pool (consent and profile).
  const inPool = reviewing && (await repo.inVolunteerPool(db, t.mine!.memberId))
  const person = (a: typeof t.mentee, p: typeof menteePerson) => ({
    applicationId: a.id,
    role: a.role,
    firstName: p?.firstName ?? '',
    kv: p?.homeUnitName ?? '',
    sharedContact: t.mine ? a.sharedContact : null,
  })
  return {
    tandem: {
      id: t.tandem.id,
      status: t.tandem.status,
      pairedAt: t.tandem.pairedAt,
      endedAt: t.tandem.endedAt,
      helpRequestedAt: t.tandem.helpRequestedAt,
      // What the coordinators are told; the two people do not read it back.
      helpNote: t.coordinates ? t.tandem.helpNote : null,
      endReason: t.coordinates ? t.tandem.endReason : null,
    },
    programme: t.programme,
    mineId: t.mine?.id ?? null,
    // The closing review: the writer's own only; the coordinators see the ratings as figures.
    review: {
      open: reviewing,
      mine: myReview ?? null,
      inPool,
      skills: inPool ? await repo.skillsNotInProfile(db, t.mine!.memberId) : [],
    },
    coordinates: t.coordinates,
    people: [person(t.mentee, menteePerson), person(t.mentor, mentorPerson)],
    goals,
    checkIns: checkIns.map((c) => ({
      id: c.id,
      heldOn: c.heldOn,
      format: c.format,
      byMe: c.authorApplicationId === t.mine?.id,
      authorApplicationId: c.authorApplicationId,
      sharedNote: t.mine ? c.sharedNote : null,
      privateNote: t.mine && c.authorApplicationId === t.mine.id ? c.privateNote : null,
    })),
  }
}

async function audit(tx: DbOrTx, t: Loaded, action: string, data: Record<string, unknown>, meta: Meta) {
  await recordAudit(
    tx,
    t.actor,
    { action, unit: t.unit, object: { type: 'mentoring_tandem', id: t.tandem.id }, data },
    meta.requestId,
  )
}

/** Each of the two sets what the partner sees to reach them (an e-mail address, a phone number, or nothing). */
export async function shareContact(
  deps: Deps,
  actor: Actor | undefined,
  tandemId: string,
  contact: string | null,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const t = await loadTandem(tx, actor, tandemId, deps.now())
    const { mine } = ownRunning(t)
    await repo.setSharedContact(tx, mine.id, contact)
    await audit(tx, t, 'mentoring.contact_shared', { shared: contact !== null }, meta)
  })
}

/** Either of the two adds a goal, up to five. */
export async function addGoal(
  deps: Deps,
  actor: Actor | undefined,
  tandemId: string,
  text: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const t = await loadTandem(tx, actor, tandemId, now)
    const { mine } = ownRunning(t)
    await repo.lockTandem(tx, t.tandem.id)
    if ((await repo.listGoals(tx, t.tandem.id)).length >= MAX_GOALS)
      throw new FieldError('text', 'mentoring.errors.tooManyGoals')
    const row = await repo.insertGoal(tx, {
      tandemId: t.tandem.id,
      text,
      createdByApplicationId: mine.id,
      createdAt: now,
    })
    await audit(tx, t, 'mentoring.goal_added', { goalId: row.id }, meta)
    return row
  })
}

export async function removeGoal(
  deps: Deps,
  actor: Actor | undefined,
  tandemId: string,
  goalId: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const t = await loadTandem(tx, actor, tandemId, deps.now())
    ownRunning(t)
    const row = await repo.deleteGoal(tx, t.tandem.id, goalId)
    if (!row) throw new NotFoundError()
    await audit(tx, t, 'mentoring.goal_removed', { goalId }, meta)
  })
}

/** Either of the two logs a meeting: date, format, a note both see, a note only the writer sees. */
export async function logCheckIn(
  deps: Deps,
  actor: Actor | undefined,
  tandemId: string,
  input: CheckInInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const t = await loadTandem(tx, actor, tandemId, now)
    const { mine } = ownRunning(t)
    if (input.heldOn > localDay(now)) throw new FieldError('heldOn', 'mentoring.errors.future')
    const row = await repo.insertCheckIn(tx, {
      tandemId: t.tandem.id,
      authorApplicationId: mine.id,
      heldOn: input.heldOn,
      format: input.format,
      sharedNote: input.sharedNote,
      privateNote: input.privateNote,
      createdAt: now,
    })
    await audit(tx, t, 'mentoring.check_in_logged', { checkInId: row.id }, meta)
    return row
  })
}

/** Mails to the programme's coordinators (the named ones; the unit's address when none is named). */
async function coordinatorMails(
  tx: DbOrTx,
  env: Env,
  t: Loaded,
  kind: 'help' | 'ended',
): Promise<OutgoingMail[]> {
  const named = await repo.listCoordinators(tx, t.programme.id)
  const to = named.length > 0 ? named.map((c) => c.email) : t.unit.email ? [t.unit.email] : []
  const tr = translator(env.i18n.defaultLocale, env.i18n.genderMark)
  const params = {
    programme: t.programme.name,
    link: `${env.http.publicUrl}/mentoring/tandems/${t.tandem.id}`,
  }
  return to.map((address) => ({
    to: address,
    subject: tr(`mentoring.mail.${kind}.subject`, params),
    text: tr(`mentoring.mail.${kind}.body`, params),
  }))
}

/** Either of the two asks the coordinators for help; they get a mail and see the request on the tandem's page. */
export async function askForHelp(
  deps: Deps,
  env: Env,
  actor: Actor | undefined,
  tandemId: string,
  note: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const t = await loadTandem(tx, actor, tandemId, now)
    ownRunning(t)
    await repo.updateTandem(tx, t.tandem.id, { helpRequestedAt: now, helpNote: note })
    await queueMail(tx, now, await coordinatorMails(tx, env, t, 'help'))
    await audit(tx, t, 'mentoring.help_requested', {}, meta)
  })
}

/** Either of the two ends the tandem early, with a reason only the coordinators see; the partner gets a mail. */
export async function endTandem(
  deps: Deps,
  env: Env,
  actor: Actor | undefined,
  tandemId: string,
  reason: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const t = await loadTandem(tx, actor, tandemId, now)
    const { mine, partner } = ownRunning(t)
    const row = await repo.endTandemRow(tx, t.tandem.id, {
      endedAt: now,
      endedByApplicationId: mine.id,
      endReason: reason,
    })
    if (!row) throw new ConflictError('mentoring.errors.notActive')
    const person = await repo.findApplicant(tx, partner.memberId)
    const mails = await coordinatorMails(tx, env, t, 'ended')
    if (person?.email) {
      const locale = isLocale(person.locale) ? person.locale : env.i18n.defaultLocale
      const tr = translator(locale, env.i18n.genderMark)
      const params = {
        name: person.firstName,
        programme: t.programme.name,
        link: `${env.http.publicUrl}/mentoring/${t.programme.id}`,
      }
      mails.push({
        to: person.email,
        subject: tr('mentoring.mail.endedPartner.subject', params),
        text: tr('mentoring.mail.endedPartner.body', params),
      })
    }
    await queueMail(tx, now, mails)
    await audit(tx, t, 'mentoring.tandem_ended_early', {}, meta)
    return row
  })
}

/**
 * One of the two writes their closing review: ratings of the tandem and the programme, optional texts,
 * and the goals they count as reached. Once both have written theirs, a running tandem is completed.
 */
export async function reviewTandem(
  deps: Deps,
  actor: Actor | undefined,
  tandemId: string,
  input: ReviewInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const t = await loadTandem(tx, actor, tandemId, now)
    authorize(t.actor, 'tandem.review', t)
    const mine = t.mine!
    if (!reviewOpen(t.tandem, t.programme.endsOn, now))
      throw new ConflictError('mentoring.errors.reviewClosed')
    await repo.lockTandem(tx, t.tandem.id)
    const row = await repo.insertReview(tx, {
      tandemId: t.tandem.id,
      applicationId: mine.id,
      tandemRating: input.tandemRating,
      programmeRating: input.programmeRating,
      tandemComment: input.tandemComment,
      programmeComment: input.programmeComment,
      createdAt: now,
    })
    if (!row) throw new ConflictError('mentoring.errors.reviewed')
    await repo.markGoalsReached(tx, t.tandem.id, input.reached, now)
    // Skills gained feed the pool profile only with the member's pool consent; without it they are ignored.
    const added =
      input.skillsGained.length > 0 && (await repo.inVolunteerPool(tx, mine.memberId))
        ? await repo.addProfileSkills(
            tx,
            mine.memberId,
            (await repo.skillsNotInProfile(tx, mine.memberId))
              .map((s) => s.id)
              .filter((id) => input.skillsGained.includes(id)),
          )
        : []
    if (t.tandem.status === 'active' && (await repo.countReviews(tx, t.tandem.id)) >= 2)
      await repo.updateTandem(tx, t.tandem.id, { status: 'completed' })
    // The ratings stay out of the audit trail, which outlives the review's texts.
    await audit(
      tx,
      t,
      'mentoring.tandem_reviewed',
      { goalsReached: input.reached.length, skillsAdded: added.length },
      meta,
    )
    return row
  })
}
