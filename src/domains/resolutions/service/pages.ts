import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { localDay } from '../../../platform/time.js'
import { findUnit } from '../../org-units/index.js'
import type { IndicatorKey, PeriodResult } from '../indicators.js'
import { sectionsOf } from '../motion-text.js'
import { abilities, can } from '../policy.js'
import * as repo from '../repo.js'
import { shareDone, shownStatus } from '../status.js'
import { evidenceShownTo } from './evidence.js'
import { evaluateIndicator } from './indicators.js'
import { getVisibleMeasure } from './measures.js'
import { getVisibleResolution } from './shared.js'

type MeasureRow = Awaited<ReturnType<typeof repo.listMeasures>>[number]
type NoteRow = Awaited<ReturnType<typeof repo.listNotes>>[number]

/** Indicator results of these measure rows, by measure id; one query per indicator group. */
async function indicatorResults(
  deps: AppDeps,
  rows: readonly { measure: MeasureRow['measure'] }[],
  since: (m: MeasureRow['measure']) => Date,
) {
  const out = new Map<string, PeriodResult[]>()
  const groups = new Map<string, MeasureRow['measure'][]>()
  for (const { measure } of rows) {
    if (!measure.indicator) continue
    groups.set(measure.groupId, [...(groups.get(measure.groupId) ?? []), measure])
  }
  for (const measures of groups.values()) {
    const first = measures[0]!
    const results = await evaluateIndicator(deps.database.db, {
      key: first.indicator as IndicatorKey,
      target: first.indicatorTarget ?? 1,
      unitIds: measures.map((m) => m.unitId),
      since: since(first),
      now: deps.now(),
    })
    for (const m of measures) out.set(m.id, results.get(m.unitId) ?? [])
  }
  return out
}

/** The progress page: the text, its sections, the measures grouped as made, their notes and indicators. */
export async function viewResolution(deps: AppDeps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const loaded = await getVisibleResolution(db, actor, id)
  const [lines, measureRows] = await Promise.all([repo.listLines(db, id), repo.listMeasures(db, id)])
  const notes = await repo.listNotes(
    db,
    measureRows.map((r) => r.measure.id),
  )
  const since = (m: MeasureRow['measure']) =>
    loaded.resolution.decidedOn ? new Date(`${loaded.resolution.decidedOn}T12:00:00Z`) : m.createdAt
  const results = await indicatorResults(deps, measureRows, since)
  const today = localDay(deps.now())
  const notesBy = new Map<string, NoteRow[]>()
  for (const n of notes) notesBy.set(n.note.measureId, [...(notesBy.get(n.note.measureId) ?? []), n])
  const groups: {
    groupId: string
    first: MeasureRow['measure']
    rows: {
      measure: MeasureRow['measure']
      unit: MeasureRow['unit']
      status: ReturnType<typeof shownStatus>
      months: PeriodResult[] | undefined
      notes: NoteRow[]
    }[]
  }[] = []
  for (const r of measureRows) {
    let group = groups.find((g) => g.groupId === r.measure.groupId)
    if (!group) {
      group = { groupId: r.measure.groupId, first: r.measure, rows: [] }
      groups.push(group)
    }
    group.rows.push({
      ...r,
      status: shownStatus(r.measure, today),
      months: results.get(r.measure.id),
      notes: notesBy.get(r.measure.id) ?? [],
    })
  }
  const sections = sectionsOf(lines)
  const sectionOf = (line: number) => sections.filter((s) => s.number <= line).at(-1)
  return {
    ...loaded,
    lines,
    sections,
    groups: groups.map((g) => ({ ...g, section: sectionOf(g.first.fromLine) })),
    share: shareDone(measureRows.map((r) => r.measure)),
    abilities: abilities(actor, loaded.subject),
  }
}

/** One measure with its notes and indicator, and whether the actor may report on it. */
export async function viewMeasure(deps: AppDeps, actor: Actor | undefined, id: string) {
  const found = await getVisibleMeasure(deps, actor, id)
  const notes = await repo.listNotes(deps.database.db, [id])
  const decided = found.resolution.resolution.decidedOn
  const results = await indicatorResults(deps, [found], (m) =>
    decided ? new Date(`${decided}T12:00:00Z`) : m.createdAt,
  )
  const shown = await evidenceShownTo(
    deps,
    actor,
    notes.map((n) => n.note),
  )
  return {
    ...found,
    canManage: can(actor, 'resolution.manage', { resolution: found.resolution.subject }),
    notes: notes.map((n) => ({ ...n, evidenceShown: shown.has(n.note.id) })),
    months: results.get(id),
    status: shownStatus(found.measure, localDay(deps.now())),
  }
}

/** A unit's resolutions (passed by it or addressed to it) and the measures it is responsible for. */
export async function viewUnitResolutions(deps: AppDeps, actor: Actor | undefined, unitId: string) {
  const db = deps.database.db
  const unit = await findUnit(db, unitId)
  if (!unit) throw new NotFoundError()
  const [around, measureRows] = await Promise.all([
    repo.listResolutionsAround(db, unitId),
    repo.listMeasuresOfUnit(db, unitId),
  ])
  const ids = [...new Set([...around, ...measureRows].map((r) => r.resolution.id))]
  const addressees = await repo.addresseesOf(db, ids)
  const visibleTo = (r: {
    resolution: { id: string; visibility: 'members' | 'public' }
    unit: { path: string }
  }) =>
    can(actor, 'resolution.view', {
      resolution: {
        unit: r.unit,
        addressees: addressees.get(r.resolution.id) ?? [],
        visibility: r.resolution.visibility,
      },
    })
  const visible = around.filter(visibleTo)
  const today = localDay(deps.now())
  const measures = measureRows.filter(visibleTo).map((m) => ({ ...m, status: shownStatus(m.measure, today) }))
  return {
    unit,
    resolutions: visible,
    measures,
    canImport: can(actor, 'resolution.import', { unit }),
  }
}
