import { randomUUID } from 'node:crypto'
import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { listChildren } from '../../org-units/index.js'
import { evidenceTarget } from '../evidence.js'
import { indicators } from '../indicators.js'
import type { MeasureInput, ProgressInput } from '../input.js'
import { authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import { getVisibleResolution, type LoadedResolution, requireManage } from './shared.js'

/** The units a measure may be given to: the owning unit, the units it addresses and the units below it. */
async function responsibleCandidates(deps: AppDeps, loaded: LoadedResolution) {
  const children = await listChildren(deps.database.db, loaded.unit.id, { teams: true })
  const seen = new Set<string>()
  return [loaded.unit, ...loaded.addressees, ...children].filter((u) => !seen.has(u.id) && !!seen.add(u.id))
}

/** The form to make a measure from lines of a resolution, for the owning unit's board. */
export async function viewMeasureForm(deps: AppDeps, actor: Actor | undefined, resolutionId: string) {
  const loaded = await getVisibleResolution(deps.database.db, actor, resolutionId)
  requireManage(actor, loaded)
  const lines = await repo.listLines(deps.database.db, resolutionId)
  return { ...loaded, lines, candidates: await responsibleCandidates(deps, loaded) }
}

/**
 * Makes a measure from a range of lines: one row per responsible unit (a measure for all KVs of a state
 * is one row per KV), the quoted lines kept as they stand. One transaction with its audit row.
 */
export async function createMeasure(
  deps: AppDeps,
  actor: Actor | undefined,
  resolutionId: string,
  input: MeasureInput,
  requestId?: string,
) {
  const loaded = await getVisibleResolution(deps.database.db, actor, resolutionId)
  requireManage(actor, loaded)
  const candidates = await responsibleCandidates(deps, loaded)
  const allowed = new Set(candidates.map((u) => u.id))
  const unitIds = [...new Set(input.unitIds)]
  if (!unitIds.every((id) => allowed.has(id))) throw new FieldError('unitIds', 'resolutions.errors.unit')
  return deps.database.db.transaction(async (tx) => {
    const lines = await repo.listLineRange(tx, resolutionId, input.fromLine, input.toLine)
    if (lines.length === 0 || lines[0]!.number !== input.fromLine)
      throw new FieldError('fromLine', 'resolutions.errors.noSuchLine')
    if (lines[lines.length - 1]!.number !== input.toLine)
      throw new FieldError('toLine', 'resolutions.errors.noSuchLine')
    return saveMeasures(
      tx,
      actor,
      { unit: loaded.unit, resolutionId, lines, input, createdAt: deps.now() },
      requestId,
    )
  })
}

/**
 * Writes a measure from the given lines, one row per responsible unit, with the audit row. Runs in the
 * caller's transaction (the use case, the demo data); checks nothing.
 */
export async function saveMeasures(
  tx: DbOrTx,
  actor: Actor | undefined,
  m: {
    unit: { id: string; path: string }
    resolutionId: string
    lines: readonly { text: string }[]
    input: MeasureInput
    createdAt?: Date
  },
  requestId?: string,
) {
  const { resolutionId, lines, input } = m
  const unitIds = [...new Set(input.unitIds)]
  const groupId = randomUUID()
  const target = input.indicator ? (input.indicatorTarget ?? indicators[input.indicator].defaultTarget) : null
  const rows = await repo.insertMeasures(
    tx,
    unitIds.map((unitId) => ({
      resolutionId,
      groupId,
      unitId,
      title: input.title,
      fromLine: input.fromLine,
      toLine: input.toLine,
      quote: lines.map((l) => l.text).join('\n'),
      responsibleNote: input.responsibleNote ?? null,
      dueOn: input.dueOn ?? null,
      dueText: input.dueText ?? null,
      indicator: input.indicator ?? null,
      indicatorTarget: target,
      createdById: actor?.userId ?? null,
      createdAt: m.createdAt,
    })),
  )
  await recordAudit(
    tx,
    actor,
    {
      action: 'resolution.measure.create',
      object: { type: 'resolution', id: resolutionId },
      unit: m.unit,
      data: { groupId, measures: rows.length, fromLine: input.fromLine, toLine: input.toLine },
    },
    requestId,
  )
  return rows
}

/** A measure with its resolution, for anyone who may read the resolution. */
export async function getVisibleMeasure(deps: AppDeps, actor: Actor | undefined, measureId: string) {
  const found = await repo.findMeasure(deps.database.db, measureId)
  if (!found) throw new NotFoundError()
  const loaded = await getVisibleResolution(deps.database.db, actor, found.measure.resolutionId)
  const subject = { resolution: loaded.subject, unit: found.unit }
  return {
    ...found,
    resolution: loaded,
    subject,
    canReport: can(actor, 'measure.report', { measure: subject }),
  }
}

/** The measure for its progress form: 403 for who may see it but not report on it. */
export async function prepareProgressReport(deps: AppDeps, actor: Actor | undefined, measureId: string) {
  const found = await getVisibleMeasure(deps, actor, measureId)
  authorize(actor, 'measure.report', { measure: found.subject })
  return found
}

/**
 * The responsible unit's board (or the owning unit's) reports progress: a note with date and author,
 * the status and share done it sets, where to see it. One transaction with its audit row.
 */
export async function reportProgress(
  deps: AppDeps,
  actor: Actor | undefined,
  measureId: string,
  input: ProgressInput,
  requestId?: string,
) {
  await prepareProgressReport(deps, actor, measureId)
  const evidence =
    input.evidenceKind && input.evidenceUrl ? evidenceTarget(input.evidenceKind, input.evidenceUrl) : null
  if (input.evidenceUrl && !evidence) throw new FieldError('evidenceUrl', 'resolutions.errors.url')
  return deps.database.db.transaction(async (tx) => {
    if (
      evidence &&
      evidence.kind !== 'document' &&
      !(await repo.evidenceExists(tx, evidence.kind, evidence.id))
    )
      throw new FieldError('evidenceUrl', 'resolutions.errors.evidenceMissing')
    const found = await repo.findMeasure(tx, measureId, { lock: true })
    if (!found) throw new NotFoundError()
    const progress = input.status === 'done' ? 100 : input.progress
    await repo.updateMeasureProgress(tx, measureId, { status: input.status, progress })
    const note = await repo.insertNote(tx, {
      measureId,
      note: input.note,
      status: input.status,
      progress,
      evidenceKind: evidence?.kind ?? null,
      evidenceUrl: evidence?.url ?? null,
      authorId: actor!.userId,
      createdAt: deps.now(),
    })
    await recordAudit(
      tx,
      actor,
      {
        action: 'resolution.measure.progress',
        object: { type: 'resolution_measure', id: measureId },
        unit: found.unit,
        data: { status: input.status, progress, evidence: evidence?.kind ?? null },
      },
      requestId,
    )
    return note
  })
}
