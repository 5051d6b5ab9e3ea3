import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps, SectionUnit, Settings } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError } from '../../../platform/errors.js'
import { isLocale, translator } from '../../../platform/i18n/index.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import { localDay } from '../../../platform/time.js'
import { findUnit } from '../../org-units/index.js'
import type { BuddyInput, ContactInput, QueueFilter } from '../input.js'
import { authorize, can, dashboardUnitIds } from '../policy.js'
import { type QueueState, queueState } from '../queue.js'
import * as repo from '../repo.js'
import type { PipelineStep } from '../tables.js'
import { hasOpenQuestionnaire } from './questionnaire.js'
import { managedPipeline, nextMeetingFor, reachableDistricts } from './shared.js'

/**
 * The KVs whose queues an actor opens: those they hold the board role on, and every KV of a state they
 * are the office (or board) of. With the open and overdue counts of each.
 */
export async function viewOverview(deps: AppDeps, actor: Actor) {
  const db = deps.database.db
  const list = (await reachableDistricts(db, actor)).filter((d) => can(actor, 'queue.view', { kv: d }))
  const counts = new Map(
    (
      await repo.countOpenByKv(
        db,
        list.map((d) => d.id),
        localDay(deps.now()),
      )
    ).map((c) => [c.kvId, c]),
  )
  return {
    districts: list.map((d) => ({
      unit: d,
      open: counts.get(d.id)?.open ?? 0,
      overdue: counts.get(d.id)?.overdue ?? 0,
    })),
    hasDashboard: dashboardUnitIds(actor).length > 0,
  }
}

const byState: Record<QueueState, number> = { overdue: 0, due: 1, later: 2, done: 3 }

function showFilter(filter: QueueFilter, state: QueueState) {
  switch (filter) {
    case 'open':
      return state !== 'done'
    case 'overdue':
      return state === 'overdue'
    case 'done':
      return state === 'done'
    case 'all':
      return true
  }
}

function nextOpen(steps: readonly PipelineStep[]) {
  return steps
    .filter((s) => s.status === 'open')
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.position - b.position)[0]
}

/**
 * A KV's queue: its new members who are still members, most urgent first, with their next step and
 * the last contact. Reading names of new members is recorded in the audit trail.
 */
export async function viewQueue(
  deps: AppDeps,
  actor: Actor,
  kvId: string,
  filter: QueueFilter,
  requestId?: string,
) {
  const db = deps.database.db
  const today = localDay(deps.now())
  return db.transaction(async (tx) => {
    const kv = await findUnit(tx, kvId)
    if (!kv || !can(actor, 'queue.view', { kv })) throw new NotFoundError()
    const rows = await repo.listQueue(tx, kv.id)
    const ids = rows.map((r) => r.pipeline.id)
    const steps = await repo.listPipelineSteps(tx, ids)
    const contacts = await repo.listContacts(tx, ids)
    const all = rows.map((r) => {
      const own = steps.filter((s) => s.pipelineId === r.pipeline.id)
      const last = contacts.find((c) => c.contact.pipelineId === r.pipeline.id)?.contact
      return { ...r, state: queueState(own, today), next: nextOpen(own), lastContact: last }
    })
    const counts = { overdue: 0, due: 0, later: 0, done: 0 } satisfies Record<QueueState, number>
    for (const r of all) counts[r.state]++
    const shown = all
      .filter((r) => showFilter(filter, r.state))
      .sort(
        (a, b) =>
          byState[a.state] - byState[b.state] ||
          (a.next?.dueOn ?? '').localeCompare(b.next?.dueOn ?? '') ||
          b.pipeline.enteredOn.localeCompare(a.pipeline.enteredOn),
      )
    await recordAudit(
      tx,
      actor,
      {
        action: 'onboarding.queue_viewed',
        object: { type: 'org_unit', id: kv.id },
        unit: kv,
        data: { filter, rows: shown.length },
      },
      requestId,
    )
    return { kv, rows: shown, counts, filter, today }
  })
}

/**
 * One new member's pipeline: steps, contact attempts, buddy, answers, the meeting an invitation would
 * name and, with a search text, the KV members who could be the buddy. Shows contact data, so it is audited.
 */
export async function viewPipeline(
  deps: AppDeps,
  actor: Actor,
  id: string,
  buddyQuery: string,
  requestId?: string,
) {
  const db = deps.database.db
  const now = deps.now()
  return db.transaction(async (tx) => {
    const row = await managedPipeline(tx, actor, id)
    const steps = await repo.listPipelineSteps(tx, [id])
    const contacts = await repo.listContacts(tx, [id])
    const answers = await repo.findQuestionnaire(tx, id)
    const skills = await repo.listSkills(tx)
    const nextMeeting = await nextMeetingFor(tx, row.kv, now)
    const invitation = steps.find((s) => s.kind === 'meeting_invitation' && s.eventId)
    const invitedTo = invitation?.eventId ? await repo.findEventTitle(tx, invitation.eventId) : undefined
    const candidates = buddyQuery ? await repo.searchKvMembers(tx, row.kv.id, row.member.id, buddyQuery) : []
    const buddyships = await repo.countBuddyships(
      tx,
      candidates.map((c) => c.id),
    )
    await recordAudit(
      tx,
      actor,
      { action: 'onboarding.pipeline_viewed', object: { type: 'onboarding_pipeline', id }, unit: row.kv },
      requestId,
    )
    return {
      ...row,
      steps,
      contacts,
      answers: answers
        ? { ...answers, skillNames: skills.filter((s) => answers.skillIds.includes(s.id)).map((s) => s.name) }
        : undefined,
      nextMeeting,
      invitedTo,
      buddyQuery,
      candidates: candidates.map((c) => ({ ...c, buddyships: buddyships.get(c.id) ?? 0 })),
      today: localDay(now),
    }
  })
}

/** A pipeline of someone still a member, locked for the change; a member who left is not worked on. */
async function changeablePipeline(tx: Parameters<typeof managedPipeline>[0], actor: Actor, id: string) {
  const row = await managedPipeline(tx, actor, id)
  await repo.lockPipeline(tx, id)
  if (row.member.leftOn) throw new ConflictError('onboarding.errors.left')
  return row
}

/**
 * Records one attempt to reach the new member. A reached call closes the open welcome-call step; the
 * first reached attempt is what the benchmark's "days to first contact" counts.
 */
export async function recordContact(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: ContactInput,
  requestId?: string,
) {
  const now = deps.now()
  return deps.database.db.transaction(async (tx) => {
    const row = await changeablePipeline(tx, actor, id)
    if (input.attemptedOn > localDay(now)) throw new FieldError('attemptedOn', 'onboarding.errors.future')
    if (input.attemptedOn < row.pipeline.enteredOn)
      throw new FieldError('attemptedOn', 'onboarding.errors.beforeEntry')
    if (input.callBackOn && input.callBackOn < input.attemptedOn)
      throw new FieldError('callBackOn', 'onboarding.errors.callBackBefore')
    const contact = await repo.insertContact(tx, {
      pipelineId: id,
      outcome: input.outcome,
      attemptedOn: input.attemptedOn,
      callBackOn: input.outcome === 'call_back' ? (input.callBackOn ?? null) : null,
      note: input.note ?? null,
      recordedById: actor.userId,
      createdAt: now,
    })
    const closed =
      input.outcome === 'reached'
        ? await repo.closeOpenStepOfKind(tx, id, 'welcome_call', actor.userId, now)
        : []
    await recordAudit(
      tx,
      actor,
      {
        action: 'onboarding.contact_recorded',
        object: { type: 'onboarding_contact', id: contact.id },
        unit: row.kv,
        data: { pipelineId: id, outcome: input.outcome, closedSteps: closed.length },
      },
      requestId,
    )
    return contact
  })
}

/**
 * Makes a current member of the same KV the new member's buddy and closes the buddy step. With
 * `config`, the buddy is told in the same transaction: whom they accompany and who asked them, no
 * address (the board brings the two together).
 */
export async function assignBuddy(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: BuddyInput,
  requestId?: string,
  config?: Pick<Settings, 'http' | 'i18n'>,
) {
  const now = deps.now()
  return deps.database.db.transaction(async (tx) => {
    const row = await changeablePipeline(tx, actor, id)
    const buddy =
      input.buddyMemberId === row.member.id
        ? undefined
        : await repo.findKvMember(tx, row.kv.id, input.buddyMemberId)
    if (!buddy) throw new FieldError('buddyMemberId', 'onboarding.errors.buddy')
    await repo.setBuddy(tx, id, buddy.id, now)
    const closed = await repo.closeOpenStepOfKind(tx, id, 'buddy', actor.userId, now)
    await recordAudit(
      tx,
      actor,
      {
        action: 'onboarding.buddy_assigned',
        object: { type: 'onboarding_pipeline', id },
        unit: row.kv,
        data: { buddyMemberId: buddy.id, replaces: row.pipeline.buddyMemberId, closedSteps: closed.length },
      },
      requestId,
    )
    const contact =
      config && buddy.id !== row.pipeline.buddyMemberId ? await repo.memberContact(tx, buddy.id) : undefined
    if (config && contact?.email) {
      const locale = isLocale(contact.locale) ? contact.locale : config.i18n.defaultLocale
      const tr = translator(locale, config.i18n.genderMark)
      const params = {
        name: contact.firstName,
        member: `${row.member.firstName} ${row.member.lastName}`,
        kv: row.kv.name,
        by: actor.displayName,
        link: `${config.http.publicUrl}/units/${row.kv.id}`,
      }
      await queueMail(tx, now, [
        {
          key: `onboarding-buddy:${id}:${buddy.id}:${now.getTime()}`,
          to: contact.email,
          subject: tr('onboarding.mail.buddy.subject', params),
          text: tr('onboarding.mail.buddy.body', params),
        },
      ])
    }
    return buddy
  })
}

/**
 * Closes a step as done, skips it (never a mandatory one: 403) or opens it again. The steps the
 * platform sends are closed by sending them (sendStepNow), not here.
 */
export async function changeStep(
  deps: AppDeps,
  actor: Actor,
  id: string,
  position: number,
  action: 'done' | 'skip' | 'reopen',
  requestId?: string,
) {
  const now = deps.now()
  return deps.database.db.transaction(async (tx) => {
    const row = await changeablePipeline(tx, actor, id)
    const step = await repo.findPipelineStep(tx, id, position)
    if (!step) throw new NotFoundError()
    if (action === 'skip') authorize(actor, 'step.skip', { step })
    const changed =
      action === 'reopen'
        ? await repo.reopenStep(tx, id, position)
        : await repo.closeStep(tx, id, position, action === 'skip' ? 'skipped' : 'done', actor.userId, now)
    if (!changed)
      throw new ConflictError(
        action === 'reopen' ? 'onboarding.errors.stepOpen' : 'onboarding.errors.stepClosed',
      )
    await recordAudit(
      tx,
      actor,
      {
        action: `onboarding.step_${action === 'skip' ? 'skipped' : action === 'done' ? 'done' : 'reopened'}`,
        object: { type: 'onboarding_pipeline', id },
        unit: row.kv,
        data: { position, kind: step.kind },
      },
      requestId,
    )
    return changed
  })
}

/**
 * What the KV's page says about onboarding, to whom: the open and overdue count to those who see the
 * queue, a pointer to the questionnaire to a new member of the KV who has one open. Nothing to others.
 */
export async function viewUnitSection(deps: AppDeps, actor: Actor | undefined, unit: SectionUnit) {
  if (!actor || unit.kind !== 'district') return undefined
  const queue = can(actor, 'queue.view', { kv: unit })
    ? ((await repo.countOpenByKv(deps.database.db, [unit.id], localDay(deps.now())))[0] ?? {
        open: 0,
        overdue: 0,
      })
    : undefined
  const questionnaire =
    !!actor.memberId && actor.homeUnitId === unit.id && (await hasOpenQuestionnaire(deps, actor.memberId))
  if (!queue && !questionnaire) return undefined
  return { queue, questionnaire }
}
