import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { NotFoundError } from '../../../platform/errors.js'
import type { OrgUnit } from '../../org-units/index.js'
import { isPubliclyVisible, type Partnership } from '../../partnerships/index.js'
import type { Clause } from '../clauses.js'
import type { ClauseInput } from '../input.js'
import { type AgreementAction, type AgreementSubject, can } from '../policy.js'
import * as repo from '../repo.js'
import type { Side } from '../state.js'
import type { Agreement } from '../tables.js'

export type PartnershipWithUnits = { partnership: Partnership; unitA: OrgUnit; unitB: OrgUnit }
export type LoadedAgreement = PartnershipWithUnits & { agreement: Agreement; subject: AgreementSubject }

export function subjectOf(
  row: PartnershipWithUnits,
  agreement: Pick<Agreement, 'isPublished'> | undefined,
): AgreementSubject {
  return {
    unitA: row.unitA,
    unitB: row.unitB,
    partnershipPublic: isPubliclyVisible(row.partnership),
    isPublished: agreement?.isPublished ?? false,
  }
}

/** Loads an agreement the actor may see; for anyone else it does not exist (404, nothing leaked). */
export async function getVisibleAgreement(
  db: DbOrTx,
  actor: Actor | undefined,
  id: string,
  opts: { lock?: boolean; need?: AgreementAction } = {},
): Promise<LoadedAgreement> {
  const agreement = opts.lock ? await repo.lockAgreement(db, id) : await repo.findAgreement(db, id)
  if (!agreement) throw new NotFoundError()
  const row = await repo.findPartnershipWithUnits(db, agreement.partnershipId)
  if (!row) throw new NotFoundError()
  const subject = subjectOf(row, agreement)
  if (!can(actor, 'agreement.view', { agreement: subject })) throw new NotFoundError()
  // Versions, minutes and the like are not even there for someone who only reads the published text.
  if (
    opts.need === 'agreement.viewInternals' &&
    !can(actor, 'agreement.viewInternals', { agreement: subject })
  )
    throw new NotFoundError()
  return { ...row, agreement, subject }
}

export const sideUnit = (row: PartnershipWithUnits, side: Side) => (side === 'a' ? row.unitA : row.unitB)

export function sideOfUnit(row: PartnershipWithUnits, unitId: string): Side | undefined {
  return unitId === row.unitA.id ? 'a' : unitId === row.unitB.id ? 'b' : undefined
}

/** Parameters only typed clauses carry: a period for the minutes, nothing else so far. */
export function paramsOf(input: Pick<ClauseInput, 'type' | 'periodDays'>): Clause['params'] {
  return input.type === 'minutes' && input.periodDays !== undefined ? { periodDays: input.periodDays } : {}
}

export const actorName = (actor: Actor) => actor.displayName
