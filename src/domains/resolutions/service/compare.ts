import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { localDay } from '../../../platform/time.js'
import { findUnit, listChildren } from '../../org-units/index.js'
import type { IndicatorKey, PeriodResult } from '../indicators.js'
import { can } from '../policy.js'
import * as repo from '../repo.js'
import { shownProgress, shownStatus } from '../status.js'
import { evaluateIndicator } from './indicators.js'

type Row = Awaited<ReturnType<typeof repo.listMeasuresOfUnits>>[number]

export type ComparisonCell = {
  measureId: string
  status: ReturnType<typeof shownStatus>
  progress: number
  periods?: PeriodResult[]
}

/**
 * A state's KVs side by side: one column per measure given to them (a measure addressed to all KVs is one
 * column), one row per KV, each cell its status, share done and, for a measured one, how many periods it
 * met. Only measures of resolutions the actor may read; figures about people withheld below five people,
 * as everywhere; figures about units (a KV met its target or not) are never withheld.
 */
export async function viewStateComparison(deps: AppDeps, actor: Actor | undefined, unitId: string) {
  const db = deps.database.db
  const unit = await findUnit(db, unitId)
  if (unit?.kind !== 'state') throw new NotFoundError()
  const kvs = (await listChildren(db, unit.id)).filter((u) => u.kind === 'district')
  const rows = await repo.listMeasuresOfUnits(
    db,
    kvs.map((k) => k.id),
  )
  const ids = [...new Set(rows.map((r) => r.resolution.id))]
  const addressees = await repo.addresseesOf(db, ids)
  const visible = rows.filter((r) =>
    can(actor, 'resolution.view', {
      resolution: {
        unit: r.owner,
        addressees: addressees.get(r.resolution.id) ?? [],
        visibility: r.resolution.visibility,
      },
    }),
  )
  const today = localDay(deps.now())
  const columns: {
    first: Row['measure']
    resolution: Row['resolution']
    cells: Map<string, ComparisonCell>
  }[] = []
  for (const r of visible) {
    let column = columns.find((c) => c.first.groupId === r.measure.groupId)
    if (!column) {
      column = { first: r.measure, resolution: r.resolution, cells: new Map() }
      columns.push(column)
    }
    column.cells.set(r.measure.unitId, {
      measureId: r.measure.id,
      status: shownStatus(r.measure, today),
      progress: shownProgress(r.measure),
    })
  }
  for (const column of columns) {
    const { first, resolution } = column
    if (!first.indicator) continue
    const results = await evaluateIndicator(db, {
      key: first.indicator as IndicatorKey,
      target: first.indicatorTarget ?? 1,
      unitIds: [...column.cells.keys()],
      since: resolution.decidedOn ? new Date(`${resolution.decidedOn}T12:00:00Z`) : first.createdAt,
      now: deps.now(),
    })
    for (const [kvId, cell] of column.cells) cell.periods = results.get(kvId)
  }
  return { unit, kvs, columns }
}
