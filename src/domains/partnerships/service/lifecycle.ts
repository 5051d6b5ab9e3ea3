import { randomUUID } from 'node:crypto'
import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError } from '../../../platform/errors.js'
import { localDay } from '../../../platform/time.js'
import type {
  ChangeStatusInput,
  CreatePartnershipInput,
  DeclinePartnershipInput,
  EditPartnershipInput,
  ProposePartnershipInput,
} from '../input.js'
import { authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import type { NewPartnership, PartnershipStatus } from '../tables.js'
import {
  checkPair,
  getVisiblePartnership,
  guardOpenPair,
  type PartnersJoinedReactions,
  reactToPartnersJoined,
  subjectOf,
} from './shared.js'

type StatusChangeOfNew = { changedById: string | null; changedOn: string; note?: string | null }

/** Inserts a partnership together with the first row of its status history. */
export async function insertPartnershipWithHistory(
  tx: DbOrTx,
  values: NewPartnership & { status: PartnershipStatus },
  change: StatusChangeOfNew,
) {
  const [partnership] = await insertPartnershipsWithHistory(tx, [{ values, change }])
  return partnership!
}

/** Inserts partnerships together with the first rows of their status histories, in two statements; returns them in order. */
export async function insertPartnershipsWithHistory(
  tx: DbOrTx,
  items: { values: NewPartnership & { status: PartnershipStatus }; change: StatusChangeOfNew }[],
) {
  if (items.length === 0) return []
  const withIds = items.map((item) => ({ ...item, id: item.values.id ?? randomUUID() }))
  const rows = await repo.insertPartnerships(
    tx,
    withIds.map(({ values, id }) => ({ ...values, id })),
  )
  await repo.insertStatusChanges(
    tx,
    withIds.map(({ values, change, id }) => ({
      partnershipId: id,
      fromStatus: null,
      toStatus: values.status,
      ...change,
    })),
  )
  const byId = new Map(rows.map((row) => [row.id, row]))
  return withIds.map(({ id }) => byId.get(id)!)
}

const detailsOf = (input: Pick<ProposePartnershipInput, 'kind' | 'startedOn' | 'story' | 'tags'>) => ({
  kind: input.kind,
  startedOn: input.startedOn ?? null,
  story: input.story ?? null,
  tags: input.tags,
})

/**
 * The board of unit A proposes a partnership to unit B.
 * Both are districts, or a district and a local group; never the same unit; no open partnership
 * may join them yet (also enforced by partnerships_open_pair_uq). Field errors come back as
 * FieldError; an actor who is not board of A gets ForbiddenError.
 */
export async function proposePartnership(deps: AppDeps, actor: Actor, input: ProposePartnershipInput) {
  return guardOpenPair(() =>
    deps.database.db.transaction(
      async (tx) => (await proposePartnershipIn(tx, actor, input, deps.now())).partnership,
    ),
  )
}

/**
 * The body of proposePartnership, for use cases that propose inside their own transaction; `note` goes
 * into the first row of the status history (the partner finder keeps its explanation there). The caller
 * wraps its transaction in `guardOpenPair`.
 */
export async function proposePartnershipIn(
  tx: DbOrTx,
  actor: Actor,
  input: ProposePartnershipInput,
  now: Date,
  note: string | null = null,
) {
  const { unitA, unitB } = await checkPair(tx, input.unitAId, input.unitBId)
  authorize(actor, 'partnership.propose', { unit: unitA })
  const partnership = await insertPartnershipWithHistory(
    tx,
    {
      unitAId: unitA.id,
      unitBId: unitB.id,
      status: 'proposed',
      proposedById: actor.userId,
      ...detailsOf(input),
    },
    { changedById: actor.userId, changedOn: localDay(now), note },
  )
  await recordAudit(tx, actor, {
    action: 'partnership.proposed',
    unit: unitA,
    object: { type: 'partnership', id: partnership.id },
    data: { unitBId: unitB.id, kind: input.kind },
  })
  return { partnership, unitA, unitB }
}

/**
 * The federal office enters a partnership between any two units in any status, for example one that
 * existed long before this platform. The same pair rules apply as for a proposal.
 */
export async function createPartnership(
  deps: AppDeps,
  actor: Actor,
  input: CreatePartnershipInput,
  reactions?: PartnersJoinedReactions,
) {
  return guardOpenPair(() =>
    deps.database.db.transaction(async (tx) => {
      const partnership = await createPartnershipIn(tx, actor, input, deps.now())
      await reactToPartnersJoined(tx, deps, reactions, partnership, null, partnership.status)
      return partnership
    }),
  )
}

/** The body of createPartnership, for use cases that create a partnership inside their own transaction. */
export async function createPartnershipIn(
  tx: DbOrTx,
  actor: Actor,
  input: CreatePartnershipInput,
  now: Date,
) {
  const { unitA, unitB } = await checkPair(tx, input.unitAId, input.unitBId)
  authorize(actor, 'partnership.create', { unitA, unitB })
  const partnership = await insertPartnershipWithHistory(
    tx,
    {
      unitAId: unitA.id,
      unitBId: unitB.id,
      status: input.status,
      isPublic: input.isPublic,
      proposedById: actor.userId,
      ...detailsOf(input),
    },
    { changedById: actor.userId, changedOn: input.startedOn ?? localDay(now) },
  )
  await recordAudit(tx, actor, {
    action: 'partnership.created',
    unit: unitA,
    object: { type: 'partnership', id: partnership.id },
    data: { unitBId: unitB.id, status: input.status },
  })
  return partnership
}

async function answerProposal(
  deps: AppDeps,
  actor: Actor,
  id: string,
  answer: { to: 'agreed' | 'declined'; reason?: string },
  reactions?: PartnersJoinedReactions,
) {
  return deps.database.db.transaction(async (tx) => {
    const row = await getVisiblePartnership(tx, actor, id)
    const action = answer.to === 'agreed' ? 'partnership.accept' : 'partnership.decline'
    authorize(actor, action, { partnership: subjectOf(row) })
    const now = deps.now()
    const updated = await repo.updatePartnership(tx, id, { status: answer.to, updatedAt: now })
    await repo.insertStatusChange(tx, {
      partnershipId: id,
      fromStatus: 'proposed',
      toStatus: answer.to,
      changedOn: localDay(now),
      changedById: actor.userId,
      note: answer.reason ?? null,
    })
    await recordAudit(tx, actor, {
      action: answer.to === 'agreed' ? 'partnership.accepted' : 'partnership.declined',
      unit: row.unitB,
      object: { type: 'partnership', id },
      data: answer.reason ? { reason: answer.reason } : {},
    })
    await reactToPartnersJoined(tx, deps, reactions, row.partnership, 'proposed', answer.to)
    return updated
  })
}

/**
 * The board of the asked side accepts a proposal: proposed → agreed. With `reactions`, other domains react to
 * the two units becoming partners in the same transaction.
 */
export async function acceptPartnership(
  deps: AppDeps,
  actor: Actor,
  id: string,
  reactions?: PartnersJoinedReactions,
) {
  return answerProposal(deps, actor, id, { to: 'agreed' }, reactions)
}

/** The board of the asked side declines a proposal and says why: proposed → declined. */
export async function declinePartnership(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: DeclinePartnershipInput,
) {
  return answerProposal(deps, actor, id, { to: 'declined', reason: input.reason })
}

/**
 * A board of either side or the federal office moves an agreed partnership on:
 * agreed → active → dormant → ended, and dormant → active again. The date defaults to today.
 * A change the lifecycle does not allow is a field error at "status". With `reactions`, other domains react to
 * the two units becoming partners again (dormant → active) in the same transaction.
 */
export async function changePartnershipStatus(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: ChangeStatusInput,
  reactions?: PartnersJoinedReactions,
) {
  return deps.database.db.transaction(async (tx) => {
    const row = await getVisiblePartnership(tx, actor, id)
    const subject = subjectOf(row)
    authorize(actor, 'partnership.edit', { partnership: subject })
    if (!can(actor, 'partnership.changeStatus', { partnership: subject, to: input.status }))
      throw new FieldError('status', 'partnerships.errors.transition')
    const now = deps.now()
    const updated = await repo.updatePartnership(tx, id, { status: input.status, updatedAt: now })
    await repo.insertStatusChange(tx, {
      partnershipId: id,
      fromStatus: row.partnership.status,
      toStatus: input.status,
      changedOn: input.changedOn ?? localDay(now),
      changedById: actor.userId,
      note: input.note ?? null,
    })
    await recordAudit(tx, actor, {
      action: 'partnership.status_changed',
      unit: row.unitA,
      object: { type: 'partnership', id },
      data: { from: row.partnership.status, to: input.status },
    })
    await reactToPartnersJoined(tx, deps, reactions, row.partnership, row.partnership.status, input.status)
    return updated
  })
}

/** Boards of both sides and the federal office edit the story, tags, kind, start date and visibility. */
export async function editPartnership(deps: AppDeps, actor: Actor, id: string, input: EditPartnershipInput) {
  return deps.database.db.transaction(async (tx) => {
    const row = await getVisiblePartnership(tx, actor, id)
    authorize(actor, 'partnership.edit', { partnership: subjectOf(row) })
    const updated = await repo.updatePartnership(tx, id, {
      ...detailsOf(input),
      isPublic: input.isPublic,
      updatedAt: deps.now(),
    })
    await recordAudit(tx, actor, {
      action: 'partnership.edited',
      unit: row.unitA,
      object: { type: 'partnership', id },
      data: { kind: input.kind, isPublic: input.isPublic, tags: input.tags },
    })
    return updated
  })
}
