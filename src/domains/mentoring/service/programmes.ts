import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import { memberIdOf } from '../../../platform/auth/policy.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError } from '../../../platform/errors.js'
import { formatDate, isLocale, translator } from '../../../platform/i18n/index.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import { localDay } from '../../../platform/time.js'
import { getUnit } from '../../org-units/index.js'
import { programmeFigures } from '../figures.js'
import type { ApplicationInput, ProgrammeInput } from '../input.js'
import { abilities, authorize, authorizeActor, can, officeRoleOf, type ProgrammeSubject } from '../policy.js'
import * as repo from '../repo.js'
import type { MentoringApplicationStatus, MentoringProgramme } from '../tables.js'

export type Deps = Pick<AppDeps, 'database' | 'now'>
export type Env = Pick<Settings, 'http' | 'i18n'>
export type Meta = { requestId?: string }

export const isOpen = (p: Pick<MentoringProgramme, 'applyFrom' | 'applyUntil'>, now: Date) => {
  // Today in Germany, as the application window and the cohort dates are meant.
  const today = localDay(now)
  return p.applyFrom <= today && today <= p.applyUntil
}

/** The actor with the path of the unit their membership belongs to, read when the session did not carry it. */
async function withMemberPath(db: DbOrTx, actor: Actor | undefined): Promise<Actor | undefined> {
  if (!actor?.memberId || actor.memberUnitPath !== undefined) return actor
  return { ...actor, memberUnitPath: await repo.memberUnitPath(db, actor.memberId) }
}

/** The programme and what the rules need about it; 404 when there is none or the actor may not see it. */
export async function loadProgramme(db: DbOrTx, rawActor: Actor | undefined, id: string, now: Date) {
  const programme = await repo.findProgramme(db, id)
  if (!programme) throw new NotFoundError()
  const unit = await getUnit(db, programme.unitId)
  const actor = await withMemberPath(db, rawActor)
  const mine = actor?.memberId
    ? await repo.findLatestApplication(db, programme.id, actor.memberId)
    : undefined
  const subject: ProgrammeSubject = {
    unit,
    namedCoordinator: actor ? await repo.isNamedCoordinator(db, programme.id, actor.userId) : false,
    open: isOpen(programme, now),
    mine: mine ?? null,
  }
  if (!can(actor, 'programme.view', subject)) throw new NotFoundError()
  return { programme, unit, actor, mine: mine ?? null, subject }
}

/** Mails to an applicant, in the language of their account. */
async function applicantMail(
  tx: DbOrTx,
  env: Env,
  now: Date,
  memberId: string,
  programme: MentoringProgramme,
  kind: 'submitted' | 'accepted' | 'waitlisted' | 'declined',
) {
  const person = await repo.findApplicant(tx, memberId)
  if (!person?.email) return
  const locale = isLocale(person.locale) ? person.locale : env.i18n.defaultLocale
  const t = translator(locale, env.i18n.genderMark)
  const params = {
    name: person.firstName,
    programme: programme.name,
    startsOn: formatDate(locale, programme.startsOn),
    link: `${env.http.publicUrl}/mentoring/${programme.id}`,
  }
  await queueMail(tx, now, [
    {
      to: person.email,
      subject: t(`mentoring.mail.${kind}.subject`, params),
      text: t(`mentoring.mail.${kind}.body`, params),
    },
  ])
}

/** The unit's page for setting up a programme: 404 below a KV, 403 for anyone but the unit's office. */
export async function prepareProgrammeCreation(deps: Deps, actor: Actor | undefined, unitId: string) {
  const unit = await getUnit(deps.database.db, unitId)
  if (!officeRoleOf(unit.kind)) throw new NotFoundError()
  authorize(actor, 'programme.create', unit)
  return unit
}

/** The unit's office sets up a programme's cohort: what it offers, to whom, its dates and size. */
export async function createProgramme(
  deps: Deps,
  actor: Actor | undefined,
  unitId: string,
  input: ProgrammeInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await getUnit(tx, unitId)
    if (!officeRoleOf(unit.kind)) throw new NotFoundError()
    const by = authorizeActor(actor, 'programme.create', unit)
    const row = await repo.insertProgramme(tx, {
      unitId: unit.id,
      ...input,
      createdById: by.userId,
      createdAt: deps.now(),
    })
    await recordAudit(
      tx,
      by,
      {
        action: 'mentoring.programme_created',
        unit,
        object: { type: 'mentoring_programme', id: row.id },
        data: { capacity: input.capacity, startsOn: input.startsOn, endsOn: input.endsOn },
      },
      meta.requestId,
    )
    return row
  })
}

/**
 * The programme page: what it offers, the actor's own application, and for those who run it the
 * applications (without self-descriptions: those are read one application at a time) and coordinators.
 */
export async function viewProgramme(deps: Deps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const { programme, unit, mine, subject, actor: a } = await loadProgramme(db, actor, id, deps.now())
  const can = abilities(a, subject)
  const applications = can.coordinate ? await repo.listApplications(db, programme.id) : []
  const tandem = mine ? await repo.findTandemOfApplication(db, mine.id) : undefined
  const partnerApplication = tandem
    ? await repo.findApplication(
        db,
        tandem.menteeApplicationId === mine?.id ? tandem.mentorApplicationId : tandem.menteeApplicationId,
      )
    : undefined
  const partner = partnerApplication ? await repo.findApplicant(db, partnerApplication.memberId) : undefined
  const [counts] = can.figures
    ? await repo.countProgrammeFigures(db, [programme.id], localDay(deps.now()))
    : []
  return {
    programme,
    unit,
    mine,
    figures: counts ? programmeFigures(counts) : null,
    // The partner as each sees the other: first name and KV.
    tandem:
      tandem && partner
        ? {
            id: tandem.id,
            status: tandem.status,
            partnerFirstName: partner.firstName,
            partnerKv: partner.homeUnitName,
          }
        : null,
    can,
    open: subject.open,
    applications,
    coordinators: can.coordinate ? await repo.listCoordinators(db, programme.id) : [],
  }
}

/** The application form: 403 for a member who may not apply (outside the territory, window closed, applied). */
export async function prepareApplication(deps: Deps, actor: Actor | undefined, id: string) {
  const { programme, actor: a, subject } = await loadProgramme(deps.database.db, actor, id, deps.now())
  authorize(a, 'programme.apply', subject)
  return programme
}

/** A member of the territory applies as mentee or mentor; a confirmation mail goes out. */
export async function submitApplication(
  deps: Deps,
  env: Env,
  actor: Actor | undefined,
  id: string,
  input: ApplicationInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { programme, unit, actor: a, subject } = await loadProgramme(tx, actor, id, now)
    authorize(a, 'programme.apply', subject)
    const memberId = memberIdOf(a, 'programme.apply')
    const unknown = input.topics.find((topic) => !programme.topics.includes(topic))
    if (unknown !== undefined) throw new FieldError('topics', 'mentoring.errors.topicsChosen')
    const row = await repo.insertApplication(tx, {
      programmeId: programme.id,
      memberId,
      role: input.role,
      motivation: input.motivation,
      goals: input.goals,
      topics: input.topics,
      formats: input.formats,
      availability: input.availability,
      region: input.region,
      languages: input.languages,
      avoidOwnKv: input.avoidOwnKv,
      selfDescription: input.selfDescription,
      submittedAt: now,
    })
    if (!row) throw new ConflictError('mentoring.errors.alreadyApplied')
    await recordAudit(
      tx,
      a,
      {
        action: 'mentoring.application_submitted',
        unit,
        object: { type: 'mentoring_application', id: row.id },
        // Whether a self-description was given is not recorded: the audit trail outlives its erasure.
        data: { programmeId: programme.id, role: input.role },
      },
      meta.requestId,
    )
    await applicantMail(tx, env, now, memberId, programme, 'submitted')
    return row
  })
}

/** The applicant withdraws their application; it stays as history without being considered. */
export async function withdrawApplication(deps: Deps, actor: Actor | undefined, id: string, meta: Meta = {}) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { unit, mine, actor: a, subject } = await loadProgramme(tx, actor, id, now)
    if (!mine || !can(a, 'application.withdraw', subject))
      throw new ConflictError('mentoring.errors.noApplication')
    if (await repo.findTandemOfApplication(tx, mine.id)) throw new ConflictError('mentoring.errors.inTandem')
    const row = await repo.updateApplication(tx, mine.id, ['submitted', 'accepted', 'waitlisted'], {
      status: 'withdrawn',
      withdrawnAt: now,
    })
    if (!row) throw new ConflictError('mentoring.errors.noApplication')
    await recordAudit(
      tx,
      a,
      {
        action: 'mentoring.application_withdrawn',
        unit,
        object: { type: 'mentoring_application', id: row.id },
        data: { programmeId: row.programmeId },
      },
      meta.requestId,
    )
    return row
  })
}

export const decisions = ['accept', 'waitlist', 'decline'] as const
export type Decision = (typeof decisions)[number]
const decided: Record<
  Decision,
  { to: 'accepted' | 'waitlisted' | 'declined'; from: MentoringApplicationStatus[] }
> = {
  accept: { to: 'accepted', from: ['submitted', 'waitlisted'] },
  waitlist: { to: 'waitlisted', from: ['submitted', 'accepted'] },
  decline: { to: 'declined', from: ['submitted', 'waitlisted', 'accepted'] },
}

/** A coordinator accepts an application, puts it on the waiting list or declines it; the applicant gets a mail. */
export async function decideApplication(
  deps: Deps,
  env: Env,
  actor: Actor | undefined,
  id: string,
  applicationId: string,
  decision: Decision,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { programme, unit, actor: loadedActor, subject } = await loadProgramme(tx, actor, id, now)
    const a = authorizeActor(loadedActor, 'programme.coordinate', subject)
    const application = await repo.findApplication(tx, applicationId)
    if (!application || application.programmeId !== programme.id) throw new NotFoundError()
    if (await repo.findTandemOfApplication(tx, application.id))
      throw new ConflictError('mentoring.errors.inTandem')
    const { to, from } = decided[decision]
    const row = await repo.updateApplication(tx, application.id, from, {
      status: to,
      decidedAt: now,
      decidedById: a.userId,
    })
    if (!row) throw new ConflictError('mentoring.errors.alreadyDecided')
    await recordAudit(
      tx,
      a,
      {
        action: `mentoring.application_${to}`,
        unit,
        object: { type: 'mentoring_application', id: row.id },
        data: { programmeId: programme.id, from: application.status },
      },
      meta.requestId,
    )
    await applicantMail(tx, env, now, row.memberId, programme, to)
    return row
  })
}

/**
 * One application as its coordinators read it, with the self-description. Only those who run the
 * programme get here; anyone else who may see the programme gets 403, anyone who may not 404.
 */
export async function viewApplication(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  applicationId: string,
) {
  const db = deps.database.db
  const { programme, unit, actor: a, subject } = await loadProgramme(db, actor, id, deps.now())
  authorize(a, 'programme.coordinate', subject)
  const application = await repo.findApplication(db, applicationId)
  if (!application || application.programmeId !== programme.id) throw new NotFoundError()
  const person = await repo.findApplicant(db, application.memberId)
  return { programme, unit, application, person: person ?? null }
}

/** The unit's office names a coordinator of the programme by the e-mail address of their account. */
export async function addCoordinator(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  email: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { programme, unit, actor: loadedActor, subject } = await loadProgramme(tx, actor, id, deps.now())
    const a = authorizeActor(loadedActor, 'programme.manage', subject)
    const user = await repo.findActiveUserByEmail(tx, email)
    if (!user) throw new FieldError('email', 'mentoring.errors.noAccount')
    const row = await repo.insertCoordinator(tx, {
      programmeId: programme.id,
      userId: user.id,
      grantedById: a.userId,
      grantedAt: deps.now(),
    })
    if (!row) throw new FieldError('email', 'mentoring.errors.alreadyCoordinator')
    await recordAudit(
      tx,
      a,
      {
        action: 'mentoring.coordinator_added',
        unit,
        object: { type: 'mentoring_programme', id: programme.id },
        data: { userId: user.id },
      },
      meta.requestId,
    )
    return row
  })
}

export async function removeCoordinator(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  coordinatorId: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { programme, unit, actor: loadedActor, subject } = await loadProgramme(tx, actor, id, deps.now())
    const a = authorizeActor(loadedActor, 'programme.manage', subject)
    const row = await repo.deleteCoordinator(tx, programme.id, coordinatorId)
    if (!row) throw new NotFoundError()
    await recordAudit(
      tx,
      a,
      {
        action: 'mentoring.coordinator_removed',
        unit,
        object: { type: 'mentoring_programme', id: programme.id },
        data: { userId: row.userId },
      },
      meta.requestId,
    )
    return row
  })
}

/** The programmes a unit runs, for its page, with the office's link to set one up. */
export async function unitMentoringSection(
  deps: Deps,
  actor: Actor | undefined,
  unit: { id: string; path: string; kind: 'federal' | 'state' | 'district' | 'local' | 'team' },
) {
  if (!actor || !officeRoleOf(unit.kind)) return null
  const db = deps.database.db
  const a = await withMemberPath(db, actor)
  const subject: ProgrammeSubject = { unit, namedCoordinator: false, open: false, mine: null }
  const canCreate = can(a, 'programme.create', unit)
  if (!can(a, 'programme.view', subject) && !canCreate) return null
  const programmes = await repo.listProgrammesOfUnit(db, unit.id)
  if (programmes.length === 0 && !canCreate) return null
  const today = localDay(deps.now())
  // The figures by cohort, for the boards and offices of the unit and above.
  const counts = can(a, 'programme.figures', subject)
    ? await repo.countProgrammeFigures(
        db,
        programmes.map((p) => p.id),
        today,
      )
    : []
  const figures = new Map(counts.map((c) => [c.programmeId, programmeFigures(c)]))
  return {
    programmes: programmes.map((p) => ({ ...p, figures: figures.get(p.id) ?? null })),
    canCreate,
    today,
  }
}
