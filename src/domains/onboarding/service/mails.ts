import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { ConflictError, NotFoundError } from '../../../platform/errors.js'
import { formatDateTime, translator } from '../../../platform/i18n/index.js'
import type { Mail } from '../../../platform/mail/mailer.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import { addDays, localDay } from '../../../platform/time.js'
import * as repo from '../repo.js'
import { fillPlaceholders } from '../welcome-text.js'
import { managedPipeline } from './shared.js'

export type MailConfig = Pick<Settings, 'http' | 'i18n'>

/**
 * The job writes to members who entered within this many days: a welcome half a year late is no welcome,
 * and the scan for unsent steps stays as short as the recent entries. The board can still send by hand.
 */
const JOB_DAYS = 180

/** Mails go in the federation's language: most new members have no account with a language of their own yet. */
function mailTranslator(config: MailConfig) {
  return translator(config.i18n.defaultLocale, config.i18n.genderMark)
}

/**
 * Claims the due welcome mails (or the one of a pipeline) and writes them from each KV's text, with the
 * next new-member meeting as {termin}. Claiming marks the step done in the same transaction, so a second
 * run, or a second server, sends nothing twice.
 */
async function claimWelcomeMails(
  tx: DbOrTx,
  config: MailConfig,
  now: Date,
  filter: { pipelineId?: string; dueBy?: string; enteredSince?: string },
) {
  const claims = await repo.lockOpenMailSteps(tx, 'welcome_mail', filter)
  if (claims.length === 0) return { claims, mails: [] as Mail[] }
  const kvIds = [...new Set(claims.map((c) => c.kvId))]
  const stateIds = [...new Set(claims.map((c) => c.stateId).filter((id): id is string => !!id))]
  const texts = await repo.listWelcomeTexts(tx, kvIds)
  const meetings = await repo.nextMeetings(tx, kvIds, stateIds, now)
  const t = mailTranslator(config)
  const mails = claims.map((c) => {
    const text = texts.find((x) => x.unitId === c.kvId)
    const meeting = meetings.get(c.kvId) ?? (c.stateId ? meetings.get(c.stateId) : undefined)
    const values = {
      vorname: c.firstName,
      nachname: c.lastName,
      kv: c.kvName,
      termin: meeting
        ? `${formatDateTime(config.i18n.defaultLocale, meeting.startsAt)}, ${meeting.title}: ${config.http.publicUrl}/events/${meeting.id}`
        : t('onboarding.mail.noMeetingYet'),
      fragebogen: `${config.http.publicUrl}/onboarding/questionnaire`,
    }
    return {
      to: c.email,
      subject: fillPlaceholders(text?.subject ?? t('onboarding.welcome.defaultSubject'), values),
      text: fillPlaceholders(text?.body ?? t('onboarding.welcome.defaultBody'), values),
    }
  })
  await repo.markSent(
    tx,
    claims.map((c) => ({ pipelineId: c.pipelineId, position: c.position, eventId: null })),
    now,
  )
  return { claims, mails }
}

/**
 * Claims the open invitations of new members whose KV (or state, for the whole state or the public)
 * has a new-member meeting ahead, and writes the invitation with its link. Without a meeting the step
 * stays open and the board sees it come due.
 */
async function claimInvitations(
  tx: DbOrTx,
  config: MailConfig,
  now: Date,
  filter: { pipelineId?: string; enteredSince?: string },
) {
  const claims = await repo.lockOpenMailSteps(tx, 'meeting_invitation', { ...filter, withMeeting: now })
  if (claims.length === 0) return { claims, mails: [] as Mail[] }
  const kvIds = [...new Set(claims.map((c) => c.kvId))]
  const stateIds = [...new Set(claims.map((c) => c.stateId).filter((id): id is string => !!id))]
  const meetings = await repo.nextMeetings(tx, kvIds, stateIds, now)
  const t = mailTranslator(config)
  const sent: { pipelineId: string; position: number; eventId: string }[] = []
  const mails: Mail[] = []
  for (const c of claims) {
    const meeting = meetings.get(c.kvId) ?? (c.stateId ? meetings.get(c.stateId) : undefined)
    if (!meeting) continue
    const params = {
      name: c.firstName,
      kv: c.kvName,
      title: meeting.title,
      when: formatDateTime(config.i18n.defaultLocale, meeting.startsAt),
      link: `${config.http.publicUrl}/events/${meeting.id}`,
    }
    sent.push({ pipelineId: c.pipelineId, position: c.position, eventId: meeting.id })
    mails.push({
      to: c.email,
      subject: t('onboarding.mail.invitation.subject', params),
      text: t('onboarding.mail.invitation.body', params),
    })
  }
  await repo.markSent(tx, sent, now)
  return { claims: claims.filter((c) => sent.some((s) => s.pipelineId === c.pipelineId)), mails }
}

/**
 * The timed job: the welcome mails that are due and the invitations that can be sent. Idempotent: each
 * step is claimed once, in the transaction that queues its mail. Returns how many mails were queued.
 */
export async function sendOnboardingMails(deps: AppDeps, config: MailConfig) {
  const now = deps.now()
  const mails = await deps.database.db.transaction(async (tx) => {
    const today = localDay(now)
    const enteredSince = addDays(today, -JOB_DAYS)
    const welcome = await claimWelcomeMails(tx, config, now, { dueBy: today, enteredSince })
    const invitations = await claimInvitations(tx, config, now, { enteredSince })
    const count = welcome.claims.length + invitations.claims.length
    if (count > 0)
      await recordAudit(tx, undefined, {
        action: 'onboarding.mails_sent',
        object: { type: 'onboarding_pipeline_step' },
        data: { welcome: welcome.claims.length, invitations: invitations.claims.length },
      })
    const mails = [...welcome.mails, ...invitations.mails]
    await queueMail(tx, now, mails)
    return mails.length
  })
  return mails
}

/**
 * The board sends a pipeline's welcome mail or invitation now, before the job would. Refused with a
 * reason when there is no address or no meeting to invite to.
 */
export async function sendStepNow(
  deps: AppDeps,
  config: MailConfig,
  actor: Actor,
  id: string,
  position: number,
  requestId?: string,
) {
  const now = deps.now()
  return deps.database.db.transaction(async (tx) => {
    const row = await managedPipeline(tx, actor, id)
    await repo.lockPipeline(tx, id)
    const step = await repo.findPipelineStep(tx, id, position)
    if (!step) throw new NotFoundError()
    if (step.kind !== 'welcome_mail' && step.kind !== 'meeting_invitation')
      throw new ConflictError('onboarding.errors.notSendable')
    if (step.status !== 'open') throw new ConflictError('onboarding.errors.stepClosed')
    if (row.member.leftOn) throw new ConflictError('onboarding.errors.left')
    if (!row.member.email) throw new ConflictError('onboarding.errors.noEmail')
    const done =
      step.kind === 'welcome_mail'
        ? await claimWelcomeMails(tx, config, now, { pipelineId: id })
        : await claimInvitations(tx, config, now, { pipelineId: id })
    if (done.claims.length === 0)
      throw new ConflictError(
        step.kind === 'welcome_mail' ? 'onboarding.errors.stepClosed' : 'onboarding.errors.noMeeting',
      )
    await recordAudit(
      tx,
      actor,
      {
        action: 'onboarding.step_sent',
        object: { type: 'onboarding_pipeline', id },
        unit: row.kv,
        data: { position, kind: step.kind },
      },
      requestId,
    )
    await queueMail(tx, now, done.mails)
    return done.mails.length
  })
}
