import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { municipalityRef } from '../../org-units/index.js'
import type { HelpRecordInput } from '../input.js'
import { authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import { viewerOf } from './shared.js'

async function partnershipUnits(deps: AppDeps, actor: Actor | undefined, partnershipId: string) {
  const db = deps.database.db
  const p = await repo.findPartnership(db, partnershipId)
  if (!p) throw new NotFoundError()
  const [unitA, unitB] = await Promise.all([repo.findUnit(db, p.unitAId), repo.findUnit(db, p.unitBId)])
  if (!unitA || !unitB) throw new NotFoundError()
  const viewer = await viewerOf(db, actor)
  if (!can(viewer, 'balance.view', { unitA, unitB })) throw new NotFoundError()
  return { partnership: p, unitA, unitB, viewer }
}

export type BalanceRow = {
  year: number
  fromUnitId: string
  people: number
  hours: number
  euros: number
  events: number
}

/** The balance of a partnership per year and direction, with the latest entries. */
export async function viewBalance(deps: AppDeps, actor: Actor | undefined, partnershipId: string) {
  const { partnership, unitA, unitB, viewer } = await partnershipUnits(deps, actor, partnershipId)
  const db = deps.database.db
  const sums = await repo.balanceBetween(db, unitA.id, unitB.id)
  const rows: BalanceRow[] = sums.map((s) => ({
    year: Number(s.year),
    fromUnitId: s.helperUnitId,
    people: Number(s.people),
    hours: Number(s.personMinutes) / 60,
    euros: Number(s.euroCents) / 100,
    events: Number(s.events),
  }))
  const records = await repo.recordsBetween(db, unitA.id, unitB.id)
  return {
    partnership,
    unitA,
    unitB,
    rows,
    records: records.map((r) => ({
      ...r,
      municipalityName: municipalityRef(r.municipalityAgs ?? '')?.name,
    })),
    canEnter: can(viewer, 'record.enter', { helper: unitA, helped: unitB }),
  }
}

export type BalancePageData = Awaited<ReturnType<typeof viewBalance>>

/**
 * Help given without shifts (money, material, a workshop) is entered by hand by a coordinator or
 * the board of either side of the partnership.
 */
export async function recordHelp(deps: AppDeps, actor: Actor, partnershipId: string, input: HelpRecordInput) {
  const { unitA, unitB, viewer } = await partnershipUnits(deps, actor, partnershipId)
  const sides = new Map([unitA, unitB].map((u) => [u.id, u]))
  const helper = sides.get(input.helperUnitId)
  const helped = sides.get(input.helpedUnitId)
  if (!helper) throw new FieldError('helperUnitId', 'help.errors.notInPartnership')
  if (!helped) throw new FieldError('helpedUnitId', 'help.errors.notInPartnership')
  if (helper.id === helped.id) throw new FieldError('helpedUnitId', 'help.errors.samePair')
  authorize(viewer, 'record.enter', { helper, helped })
  if (input.municipalityAgs && !municipalityRef(input.municipalityAgs))
    throw new FieldError('municipalityAgs', 'help.errors.ags')
  return deps.database.db.transaction(async (tx) => {
    const [record] = await repo.insertRecords(tx, [
      {
        helperUnitId: helper.id,
        helpedUnitId: helped.id,
        kind: input.kind,
        helpedOn: input.helpedOn,
        people: input.people,
        personMinutes: Math.round(input.hours * 60),
        euroCents: input.euros,
        municipalityAgs: input.municipalityAgs ?? null,
        note: input.note ?? null,
        createdById: actor.userId,
      },
    ])
    await recordAudit(tx, actor, {
      action: 'help.record.entered',
      unit: helped,
      object: { type: 'help_record', id: record!.id },
      data: { helperUnitId: helper.id, kind: input.kind },
    })
    return record!
  })
}
