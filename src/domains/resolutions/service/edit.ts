import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { listChildren } from '../../org-units/index.js'
import { indicators } from '../indicators.js'
import type { MeasureEditInput, ResolutionEditInput } from '../input.js'
import * as repo from '../repo.js'
import { getVisibleMeasure } from './measures.js'
import { getVisibleResolution, requireManage } from './shared.js'

/** The form to change a resolution's header, visibility and addressees, for the owning unit's board. */
export async function viewResolutionEdit(deps: AppDeps, actor: Actor | undefined, id: string) {
  const loaded = await getVisibleResolution(deps.database.db, actor, id)
  requireManage(actor, loaded)
  return { ...loaded, candidates: await listChildren(deps.database.db, loaded.unit.id, { teams: true }) }
}

/** Changes a resolution's header, who may read it and whom it addresses; the audit row names what changed. */
export async function updateResolution(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  input: ResolutionEditInput,
  requestId?: string,
) {
  const { resolution, unit, addressees, candidates } = await viewResolutionEdit(deps, actor, id)
  const allowed = new Set(candidates.map((c) => c.id))
  const chosen = [...new Set(input.addressees)]
  if (!chosen.every((a) => allowed.has(a))) throw new FieldError('addressees', 'resolutions.errors.unit')
  const values = {
    code: input.code ?? null,
    title: input.title,
    committee: input.committee ?? null,
    decidedOn: input.decidedOn ?? null,
    agendaItem: input.agendaItem ?? null,
    visibility: input.visibility,
  }
  const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => values[k] !== resolution[k])
  const before = addressees.map((a) => a.id).sort()
  if (chosen.slice().sort().join() !== before.join()) changed.push('addressees' as never)
  await deps.database.db.transaction(async (tx) => {
    await repo.updateResolution(tx, id, values)
    await repo.replaceAddressees(tx, id, chosen)
    await recordAudit(
      tx,
      actor,
      { action: 'resolution.edit', object: { type: 'resolution', id }, unit, data: { changed } },
      requestId,
    )
  })
}

/**
 * Deletes a resolution with its text, measures and their progress notes. The audit row keeps its title and
 * how many measures went with it. Returns the unit it belonged to.
 */
export async function deleteResolution(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  requestId?: string,
) {
  const loaded = await getVisibleResolution(deps.database.db, actor, id)
  requireManage(actor, loaded)
  await deps.database.db.transaction(async (tx) => {
    const measures = await repo.listMeasures(tx, id)
    await repo.deleteResolution(tx, id)
    await recordAudit(
      tx,
      actor,
      {
        action: 'resolution.delete',
        object: { type: 'resolution', id },
        unit: loaded.unit,
        data: { code: loaded.resolution.code, title: loaded.resolution.title, measures: measures.length },
      },
      requestId,
    )
  })
  return loaded.unit
}

/** A measure the owning unit's board changes, with the resolution's lines and the units it was given to. */
export async function viewMeasureEdit(deps: AppDeps, actor: Actor | undefined, measureId: string) {
  const found = await getVisibleMeasure(deps, actor, measureId)
  requireManage(actor, found.resolution)
  const db = deps.database.db
  const [lines, all] = await Promise.all([
    repo.listLines(db, found.measure.resolutionId),
    repo.listMeasures(db, found.measure.resolutionId),
  ])
  const group = all.filter((r) => r.measure.groupId === found.measure.groupId).map((r) => r.unit)
  return { ...found, lines, group }
}

/**
 * Changes what a measure is (title, quoted lines, due date, indicator) for every unit it was given to; the
 * reported status and progress of each unit stay. One transaction with its audit row.
 */
export async function updateMeasure(
  deps: AppDeps,
  actor: Actor | undefined,
  measureId: string,
  input: MeasureEditInput,
  requestId?: string,
) {
  const found = await viewMeasureEdit(deps, actor, measureId)
  const m = found.measure
  await deps.database.db.transaction(async (tx) => {
    const rows = await repo.lockMeasureGroup(tx, m.groupId)
    if (rows.length === 0) throw new NotFoundError()
    const lines = await repo.listLineRange(tx, m.resolutionId, input.fromLine, input.toLine)
    if (lines.length === 0 || lines[0]!.number !== input.fromLine)
      throw new FieldError('fromLine', 'resolutions.errors.noSuchLine')
    if (lines[lines.length - 1]!.number !== input.toLine)
      throw new FieldError('toLine', 'resolutions.errors.noSuchLine')
    const values = {
      title: input.title,
      fromLine: input.fromLine,
      toLine: input.toLine,
      // The quote is the source: kept as it was unless the lines changed.
      quote:
        input.fromLine === m.fromLine && input.toLine === m.toLine
          ? m.quote
          : lines.map((l) => l.text).join('\n'),
      responsibleNote: input.responsibleNote ?? null,
      dueOn: input.dueOn ?? null,
      dueText: input.dueText ?? null,
      indicator: input.indicator ?? null,
      indicatorTarget: input.indicator
        ? (input.indicatorTarget ?? indicators[input.indicator].defaultTarget)
        : null,
    }
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => values[k] !== m[k])
    await repo.updateMeasureGroup(tx, m.groupId, values)
    await recordAudit(
      tx,
      actor,
      {
        action: 'resolution.measure.edit',
        object: { type: 'resolution_measure', id: measureId },
        unit: found.resolution.unit,
        data: { groupId: m.groupId, measures: rows.length, changed },
      },
      requestId,
    )
  })
}

/**
 * Deletes a measure: the row of its one unit (`unit`) or the rows of every unit it was given to (`group`),
 * with their notes. Returns the resolution's id.
 */
export async function deleteMeasure(
  deps: AppDeps,
  actor: Actor | undefined,
  measureId: string,
  scope: 'unit' | 'group',
  requestId?: string,
) {
  const found = await getVisibleMeasure(deps, actor, measureId)
  requireManage(actor, found.resolution)
  const m = found.measure
  await deps.database.db.transaction(async (tx) => {
    const rows = await repo.lockMeasureGroup(tx, m.groupId)
    const ids =
      scope === 'group' ? rows.map((r) => r.id) : rows.filter((r) => r.id === measureId).map((r) => r.id)
    if (ids.length === 0) throw new NotFoundError()
    await repo.deleteMeasures(tx, ids)
    await recordAudit(
      tx,
      actor,
      {
        action: 'resolution.measure.delete',
        object: { type: 'resolution_measure', id: measureId },
        unit: found.resolution.unit,
        data: { groupId: m.groupId, title: m.title, scope, measures: ids.length },
      },
      requestId,
    )
  })
  return m.resolutionId
}
