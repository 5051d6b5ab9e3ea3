import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { ConflictError, FieldError, NotFoundError } from '../../../platform/errors.js'
import { isLocale, translator } from '../../../platform/i18n/index.js'
import type { OutgoingMail } from '../../../platform/mail/outbox.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import { type PairingApplicant, type Suggestion, scorePair, suggestPairs } from '../pairing.js'
import { authorizeActor } from '../policy.js'
import * as repo from '../repo.js'
import type { MentoringProgramme } from '../tables.js'
import { type Deps, type Env, loadProgramme, type Meta } from './programmes.js'

type Applicant = Awaited<ReturnType<typeof repo.listApplications>>[number]

const asPairing = (a: Applicant): PairingApplicant => ({
  id: a.id,
  role: a.role,
  topics: a.topics,
  goals: a.goals,
  formats: a.formats,
  languages: a.languages,
  availability: a.availability,
  avoidOwnKv: a.avoidOwnKv,
  homeUnitId: a.homeUnitId,
  lat: a.anchorLat,
  lon: a.anchorLon,
})

/** The programme for those who run it: 404 for who may not see it, 403 for who sees it but does not run it. */
export async function loadForCoordinator(db: DbOrTx, actor: Actor | undefined, id: string, now: Date) {
  const loaded = await loadProgramme(db, actor, id, now)
  return { ...loaded, actor: authorizeActor(loaded.actor, 'programme.coordinate', loaded.subject) }
}

/**
 * The cohort as the pairing sees it: accepted applications (in the order they came in), the tandems so
 * far, and who is still free. The suggestions fill the places the programme has left.
 */
async function cohortOf(db: DbOrTx, programme: MentoringProgramme) {
  const applications = await repo.listApplications(db, programme.id)
  const tandems = await repo.listTandems(db, programme.id)
  const paired = new Set(tandems.flatMap((t) => [t.menteeApplicationId, t.mentorApplicationId]))
  const free = applications.filter((a) => a.status === 'accepted' && !paired.has(a.id))
  const mentees = free.filter((a) => a.role === 'mentee')
  const mentors = free.filter((a) => a.role === 'mentor')
  const places = Math.max(0, programme.capacity - tandems.length)
  return { applications, tandems, mentees, mentors, places }
}

/** Every suggestion for the programme's free places, computed from the accepted applications. */
export function suggestionsFor(cohort: Awaited<ReturnType<typeof cohortOf>>): Suggestion[] {
  return suggestPairs(cohort.mentees.map(asPairing), cohort.mentors.map(asPairing), cohort.places)
}

/** The coordinators' pairing page: the suggestions with their reasons, the tandems, who is free. */
export async function viewPairing(deps: Deps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const { programme, unit } = await loadForCoordinator(db, actor, id, deps.now())
  const cohort = await cohortOf(db, programme)
  const byId = new Map(cohort.applications.map((a) => [a.id, a]))
  const suggestions = suggestionsFor(cohort).map((s) => ({
    ...s,
    mentee: byId.get(s.menteeId)!,
    mentor: byId.get(s.mentorId)!,
  }))
  return {
    programme,
    unit,
    suggestions,
    tandems: cohort.tandems,
    freeMentees: cohort.mentees,
    freeMentors: cohort.mentors,
    places: cohort.places,
  }
}

/** A mail to each person of a tandem about it, in the language of their account. */
async function tandemMails(
  tx: DbOrTx,
  env: Env,
  programme: MentoringProgramme,
  memberIds: [string, string],
  kind: 'paired' | 'dissolved',
): Promise<OutgoingMail[]> {
  const people = [await repo.findApplicant(tx, memberIds[0]), await repo.findApplicant(tx, memberIds[1])]
  const out: OutgoingMail[] = []
  people.forEach((person, i) => {
    const partner = people[1 - i]
    if (!person?.email || !partner) return
    const locale = isLocale(person.locale) ? person.locale : env.i18n.defaultLocale
    const t = translator(locale, env.i18n.genderMark)
    const params = {
      name: person.firstName,
      partner: partner.firstName,
      partnerKv: partner.homeUnitName,
      programme: programme.name,
      link: `${env.http.publicUrl}/mentoring/${programme.id}`,
    }
    out.push({
      to: person.email,
      subject: t(`mentoring.mail.${kind}.subject`, params),
      text: t(`mentoring.mail.${kind}.body`, params),
    })
  })
  return out
}

/** Makes one tandem inside the caller's transaction; the two must be accepted, free, and of this programme. */
async function makeTandem(
  tx: DbOrTx,
  env: Env,
  now: Date,
  actor: Actor,
  programme: MentoringProgramme,
  menteeApplicationId: string,
  mentorApplicationId: string,
  suggested: readonly Suggestion[],
) {
  const mentee = await repo.findApplicationWithKv(tx, menteeApplicationId)
  const mentor = await repo.findApplicationWithKv(tx, mentorApplicationId)
  if (!mentee || mentee.programmeId !== programme.id || mentee.role !== 'mentee')
    throw new FieldError('menteeApplicationId', 'mentoring.errors.pickMentee')
  if (!mentor || mentor.programmeId !== programme.id || mentor.role !== 'mentor')
    throw new FieldError('mentorApplicationId', 'mentoring.errors.pickMentor')
  if (mentee.status !== 'accepted')
    throw new FieldError('menteeApplicationId', 'mentoring.errors.notAccepted')
  if (mentor.status !== 'accepted')
    throw new FieldError('mentorApplicationId', 'mentoring.errors.notAccepted')
  const score = scorePair(asPairing(mentee), asPairing(mentor))
  if (score.excluded) throw new FieldError('mentorApplicationId', 'mentoring.errors.ownKvAsked')
  const row = await repo.insertTandem(tx, {
    programmeId: programme.id,
    menteeApplicationId: mentee.id,
    mentorApplicationId: mentor.id,
    score: score.score,
    reasons: score.reasons,
    byHand: !suggested.some((s) => s.menteeId === mentee.id && s.mentorId === mentor.id),
    pairedById: actor.userId,
    pairedAt: now,
  })
  if (!row) throw new ConflictError('mentoring.errors.alreadyPaired')
  await queueMail(
    tx,
    now,
    await tandemMails(tx, env, programme, [mentee.memberId, mentor.memberId], 'paired'),
  )
  return row
}

/**
 * A coordinator confirms a suggested pair or pairs two people by hand; both get a mail. Refused when the
 * programme's places are taken, when one of them is already in a tandem of the cohort, or when one asked
 * not to be paired within their own KV and both are of the same KV.
 */
export async function pairTandem(
  deps: Deps,
  env: Env,
  actor: Actor | undefined,
  id: string,
  pair: { menteeApplicationId: string; mentorApplicationId: string },
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { programme, unit, actor: a } = await loadForCoordinator(tx, actor, id, now)
    await repo.lockProgramme(tx, programme.id)
    const cohort = await cohortOf(tx, programme)
    if (cohort.places === 0) throw new ConflictError('mentoring.errors.full')
    const row = await makeTandem(
      tx,
      env,
      now,
      a,
      programme,
      pair.menteeApplicationId,
      pair.mentorApplicationId,
      suggestionsFor(cohort),
    )
    await recordAudit(
      tx,
      a,
      {
        action: 'mentoring.tandem_paired',
        unit,
        object: { type: 'mentoring_tandem', id: row.id },
        data: { programmeId: programme.id, score: row.score, byHand: row.byHand },
      },
      meta.requestId,
    )
    return row
  })
}

/**
 * A coordinator swaps the mentors of two tandems that have not begun: both are dissolved and two new ones
 * made, in one transaction, so nobody is ever in two tandems or in none in between.
 */
export async function swapTandems(
  deps: Deps,
  env: Env,
  actor: Actor | undefined,
  id: string,
  firstId: string,
  secondId: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { programme, unit, actor: a } = await loadForCoordinator(tx, actor, id, now)
    await repo.lockProgramme(tx, programme.id)
    if (firstId === secondId) throw new FieldError('second', 'mentoring.errors.swapTwo')
    const first = await repo.findTandem(tx, firstId)
    const second = await repo.findTandem(tx, secondId)
    for (const [field, t] of [
      ['first', first],
      ['second', second],
    ] as const) {
      if (!t || t.programmeId !== programme.id || t.status !== 'active')
        throw new FieldError(field, 'mentoring.errors.swapTwo')
      if (await repo.hasCheckIns(tx, t.id)) throw new FieldError(field, 'mentoring.errors.begun')
    }
    for (const t of [first!, second!]) {
      if (!(await repo.dissolveTandemRow(tx, t.id, a.userId, now)))
        throw new ConflictError('mentoring.errors.alreadyPaired')
    }
    const made = [
      await makeTandem(
        tx,
        env,
        now,
        a,
        programme,
        first!.menteeApplicationId,
        second!.mentorApplicationId,
        [],
      ),
      await makeTandem(
        tx,
        env,
        now,
        a,
        programme,
        second!.menteeApplicationId,
        first!.mentorApplicationId,
        [],
      ),
    ]
    await recordAudit(
      tx,
      a,
      {
        action: 'mentoring.tandems_swapped',
        unit,
        object: { type: 'mentoring_programme', id: programme.id },
        data: { dissolved: [first!.id, second!.id], made: made.map((m) => m.id) },
      },
      meta.requestId,
    )
    return made
  })
}

/** A coordinator dissolves a tandem that has not begun (a pairing that was a mistake); both get a mail. */
export async function dissolveTandem(
  deps: Deps,
  env: Env,
  actor: Actor | undefined,
  id: string,
  tandemId: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { programme, unit, actor: a } = await loadForCoordinator(tx, actor, id, now)
    const tandem = await repo.findTandem(tx, tandemId)
    if (!tandem || tandem.programmeId !== programme.id) throw new NotFoundError()
    if (await repo.hasCheckIns(tx, tandem.id)) throw new ConflictError('mentoring.errors.begun')
    const row = await repo.dissolveTandemRow(tx, tandem.id, a.userId, now)
    if (!row) throw new ConflictError('mentoring.errors.notActive')
    const mentee = await repo.findApplication(tx, row.menteeApplicationId)
    const mentor = await repo.findApplication(tx, row.mentorApplicationId)
    await queueMail(
      tx,
      now,
      await tandemMails(tx, env, programme, [mentee!.memberId, mentor!.memberId], 'dissolved'),
    )
    await recordAudit(
      tx,
      a,
      {
        action: 'mentoring.tandem_dissolved',
        unit,
        object: { type: 'mentoring_tandem', id: row.id },
        data: { programmeId: programme.id },
      },
      meta.requestId,
    )
    return row
  })
}
