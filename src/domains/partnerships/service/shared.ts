import { type Actor, roleRank } from '../../../platform/auth/actor.js'
import { isUniqueViolation } from '../../../platform/db/errors.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, OnPartnersJoined } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import type { OrgUnit } from '../../org-units/index.js'
import { can, type PartnershipSubject } from '../policy.js'
import * as repo from '../repo.js'
import { countsAsPartner, type Partnership, type PartnershipStatus } from '../tables.js'

export type PartnershipWithUnits = { partnership: Partnership; unitA: OrgUnit; unitB: OrgUnit }

export function subjectOf(row: PartnershipWithUnits): PartnershipSubject {
  return {
    status: row.partnership.status,
    isPublic: row.partnership.isPublic,
    unitA: row.unitA,
    unitB: row.unitB,
    coordinatorAMemberId: row.partnership.coordinatorAMemberId,
    coordinatorBMemberId: row.partnership.coordinatorBMemberId,
  }
}

/** What other domains do when two units become partners (see OnPartnersJoined), and the address for their links. */
export type PartnersJoinedReactions = { links: { publicUrl: string }; onJoined: readonly OnPartnersJoined[] }

/**
 * Runs the reactions of other domains in the caller's transaction when a partnership moves from a status that does
 * not make its sides partners (none, proposed, dormant, …) to one that does.
 */
export async function reactToPartnersJoined(
  tx: DbOrTx,
  deps: AppDeps,
  reactions: PartnersJoinedReactions | undefined,
  partnership: Pick<Partnership, 'id' | 'unitAId' | 'unitBId'>,
  from: PartnershipStatus | null,
  to: PartnershipStatus,
) {
  if (!reactions || !countsAsPartner(to) || (from && countsAsPartner(from))) return
  const joined = { partnershipId: partnership.id, unitAId: partnership.unitAId, unitBId: partnership.unitBId }
  for (const react of reactions.onJoined) await react(tx, deps, joined, reactions.links)
}

/** Loads a partnership the actor may see; for anyone else it does not exist (404, nothing leaked). */
export async function getVisiblePartnership(db: DbOrTx, actor: Actor | undefined, id: string) {
  const row = await repo.findPartnershipWithUnits(db, id)
  if (!row || !can(actor, 'partnership.view', { partnership: subjectOf(row) })) throw new NotFoundError()
  return row
}

const partnerKinds = new Set(['district', 'local'])

/**
 * Checks a pair of units for a new partnership and answers at the form field that is wrong:
 * unknown unit, the same unit twice, kinds that cannot partner (two local groups, a state),
 * or an open partnership that already joins them.
 */
export async function checkPair(db: DbOrTx, unitAId: string, unitBId: string) {
  const unitA = await repo.findUnitById(db, unitAId)
  if (!unitA) throw new FieldError('unitAId', 'partnerships.errors.unknownUnit')
  if (unitAId === unitBId) throw new FieldError('unitBId', 'partnerships.errors.self')
  const unitB = await repo.findUnitById(db, unitBId)
  if (!unitB) throw new FieldError('unitBId', 'partnerships.errors.unknownUnit')
  if (!partnerKinds.has(unitA.kind)) throw new FieldError('unitAId', 'partnerships.errors.kinds')
  if (!partnerKinds.has(unitB.kind) || (unitA.kind === 'local' && unitB.kind === 'local'))
    throw new FieldError('unitBId', 'partnerships.errors.kinds')
  if (await repo.findOpenBetween(db, unitAId, unitBId))
    throw new FieldError('unitBId', 'partnerships.errors.exists')
  return { unitA, unitB }
}

/**
 * Two requests for the same pair can pass checkPair at the same moment; the database's unique
 * index then refuses the second, which gets the same answer as if it had come later.
 */
export function openPairViolation(err: unknown): FieldError | undefined {
  return isUniqueViolation(err, 'partnerships_open_pair_uq')
    ? new FieldError('unitBId', 'partnerships.errors.exists')
    : undefined
}

export async function guardOpenPair<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    throw openPairViolation(err) ?? err
  }
}

/** Paths of the units where the actor holds at least 'board' (directly; everything below is included). */
export function boardPaths(actor: Actor) {
  return actor.grants.filter((g) => roleRank(g.role) >= roleRank('board')).map((g) => g.unitPath)
}
