import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError } from '../../../platform/errors.js'
import type { Locale } from '../../../platform/i18n/index.js'
import { CURRENT_CONSENT_VERSION, consentTexts, saveProfileWithin } from '../../volunteers/index.js'
import type { QuestionnaireInput } from '../input.js'
import { can } from '../policy.js'
import * as repo from '../repo.js'
import { nextMeetingFor } from './shared.js'

/**
 * The signed-in member's own questionnaire: open, answered, or nothing to answer. Their first steps
 * (buddy's first name, the meeting they are invited to) come with it. Nobody reads another member's.
 */
export async function viewMyQuestionnaire(deps: AppDeps, actor: Actor, locale: Locale) {
  const db = deps.database.db
  const memberId = actor.memberId
  const row = memberId ? await repo.findPipelineOfMember(db, memberId) : undefined
  if (!row || row.member.leftOn) return { state: 'none' as const }
  const [steps, answers] = await Promise.all([
    repo.listPipelineSteps(db, [row.pipeline.id]),
    repo.findQuestionnaire(db, row.pipeline.id),
  ])
  const step = steps.find((s) => s.kind === 'questionnaire')
  const invitation = steps.find((s) => s.kind === 'meeting_invitation' && s.eventId)
  const meeting = invitation?.eventId
    ? await repo.findEventTitle(db, invitation.eventId)
    : await nextMeetingFor(db, row.kv, deps.now())
  const base = { kv: row.kv, buddyFirstName: row.buddy?.firstName ?? null, meeting }
  if (answers) return { ...base, state: 'answered' as const, answers }
  if (step?.status !== 'open') return { ...base, state: 'closed' as const }
  const [skills, inPool] = await Promise.all([repo.listSkills(db), repo.hasPoolConsent(db, row.member.id)])
  return {
    ...base,
    state: 'open' as const,
    dueOn: step.dueOn,
    skills,
    inPool,
    consentVersion: CURRENT_CONSENT_VERSION,
    consentTexts: consentTexts(locale),
  }
}

/** Whether the member has a questionnaire to answer, for the section on their KV's page. */
export async function hasOpenQuestionnaire(deps: AppDeps, memberId: string) {
  const db = deps.database.db
  const row = await repo.findPipelineOfMember(db, memberId)
  if (!row || row.member.leftOn) return false
  const steps = await repo.listPipelineSteps(db, [row.pipeline.id])
  return steps.some((s) => s.kind === 'questionnaire' && s.status === 'open')
}

/**
 * Stores the answers and closes the questionnaire step. With `joinPool` ticked, the same transaction
 * fills the member's volunteer profile through the pool's own use case, which records the consent with
 * the version and hash of the text shown; without it nothing reaches the pool.
 */
export async function answerQuestionnaire(
  deps: AppDeps,
  actor: Actor,
  input: QuestionnaireInput,
  locale: Locale,
  requestId?: string,
) {
  if (!actor.memberId) throw new NotFoundError()
  const now = deps.now()
  const skillIds = [...new Set(input.skillIds)]
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.findPipelineOfMember(tx, actor.memberId!)
    if (!row || row.member.leftOn || !can(actor, 'questionnaire.answer', { memberId: row.member.id }))
      throw new NotFoundError()
    await repo.lockPipeline(tx, row.pipeline.id)
    const steps = await repo.listPipelineSteps(tx, [row.pipeline.id])
    const step = steps.find((s) => s.kind === 'questionnaire' && s.status === 'open')
    if (!step) throw new ConflictError('onboarding.errors.questionnaireClosed')
    if ((await repo.countSkills(tx, skillIds)) !== skillIds.length)
      throw new FieldError('skillIds', 'onboarding.errors.skill')
    const saved = await repo.insertQuestionnaire(tx, {
      pipelineId: row.pipeline.id,
      interests: [...new Set(input.interests)],
      skillIds,
      hoursPerMonth: input.hoursPerMonth ?? null,
      weekdays: input.weekdays,
      evenings: input.evenings,
      weekends: input.weekends,
      message: input.message ?? null,
      joinedPool: input.joinPool,
      answeredAt: now,
    })
    if (!saved) throw new ConflictError('onboarding.errors.questionnaireClosed')
    await repo.closeStep(tx, row.pipeline.id, step.position, 'done', actor.userId, now)
    await recordAudit(
      tx,
      actor,
      {
        action: 'onboarding.questionnaire_answered',
        object: { type: 'onboarding_pipeline', id: row.pipeline.id },
        unit: row.kv,
        data: { interests: saved.interests.length, skills: skillIds.length, joinedPool: input.joinPool },
      },
      requestId,
    )
    if (input.joinPool)
      await saveProfileWithin(
        tx,
        now,
        actor,
        {
          skillIds,
          languages: undefined,
          hoursPerMonth: input.hoursPerMonth ?? 1,
          weekdays: input.weekdays,
          evenings: input.evenings,
          weekends: input.weekends,
          reach: input.reach!,
          reachKm: input.reachKm,
          worksOnline: input.interests.includes('online'),
          shortProjects: false,
          scope: input.scope!,
          consentVersion: input.consentVersion ?? '',
          consent: 'on',
        },
        locale,
        requestId,
      )
    return saved
  })
}
