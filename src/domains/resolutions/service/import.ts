import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { findUnit, listChildren } from '../../org-units/index.js'
import type { ImportInput } from '../input.js'
import { blockingProblems, type ParsedMotion, parseMotion } from '../motion-text.js'
import { authorize } from '../policy.js'
import * as repo from '../repo.js'
import type { ResolutionVisibility } from '../tables.js'

/** The unit whose resolutions the actor imports, with the units below it a resolution may address. */
async function importTarget(db: DbOrTx, actor: Actor | undefined, unitId: string) {
  const unit = await findUnit(db, unitId)
  if (!unit) throw new NotFoundError()
  authorize(actor, 'resolution.import', { unit })
  return { unit, candidates: await listChildren(db, unit.id, { teams: true }) }
}

export type ImportPreview = Awaited<ReturnType<typeof importTarget>> & {
  parsed: ParsedMotion | null
  /** The header as it will be saved: what the person typed over what the text said. */
  header: ParsedMotion['header']
  blocked: boolean
}

function headerOf(parsed: ParsedMotion, input: ImportInput): ParsedMotion['header'] {
  return {
    code: input.code ?? parsed.header.code,
    title: input.title ?? parsed.header.title,
    committee: input.committee ?? parsed.header.committee,
    decidedOn: input.decidedOn ?? parsed.header.decidedOn,
    agendaItem: input.agendaItem ?? parsed.header.agendaItem,
  }
}

/** A title typed in the preview makes up for one the text lacks. */
function isBlocked(parsed: ParsedMotion, header: ParsedMotion['header']) {
  return parsed.problems.some((p) => blockingProblems.has(p.code) && !(p.code === 'noTitle' && header.title))
}

/** The import form of a unit, for its board and the offices above. */
export async function viewImportForm(deps: AppDeps, actor: Actor | undefined, unitId: string) {
  return importTarget(deps.database.db, actor, unitId)
}

/** Reads the text and shows what would be saved; writes nothing. */
export async function previewResolutionImport(
  deps: AppDeps,
  actor: Actor | undefined,
  unitId: string,
  input: ImportInput,
): Promise<ImportPreview> {
  const target = await importTarget(deps.database.db, actor, unitId)
  if (input.text.trim() === '')
    return { ...target, parsed: null, header: headerOf(parseMotion(''), input), blocked: true }
  const parsed = parseMotion(input.text)
  const header = headerOf(parsed, input)
  return { ...target, parsed, header, blocked: isBlocked(parsed, header) }
}

/**
 * Saves a resolution as previewed: its header, every line with its number, whom it addresses; one
 * transaction with its audit row. A text with a blocking problem saves nothing (FieldError at `text`).
 */
export async function importResolution(
  deps: AppDeps,
  actor: Actor | undefined,
  unitId: string,
  input: ImportInput,
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const { unit, candidates } = await importTarget(tx, actor, unitId)
    const parsed = parseMotion(input.text)
    const header = headerOf(parsed, input)
    if (input.text.trim() === '' || isBlocked(parsed, header))
      throw new FieldError('text', 'resolutions.import.problems.blocking')
    const allowed = new Set(candidates.map((c) => c.id))
    const addressees = [...new Set(input.addressees)]
    if (!addressees.every((id) => allowed.has(id)))
      throw new FieldError('addressees', 'resolutions.errors.unit')
    return saveResolution(
      tx,
      actor,
      { unit, parsed, header, visibility: input.visibility, addressees },
      requestId,
    )
  })
}

/**
 * Writes a read motion as a resolution of `unit`: header, every line with its number, the addressees, and
 * the audit row. Runs in the caller's transaction (the import, the demo data); checks nothing.
 */
export async function saveResolution(
  tx: DbOrTx,
  actor: Actor | undefined,
  r: {
    unit: { id: string; path: string }
    parsed: ParsedMotion
    header: ParsedMotion['header']
    visibility: ResolutionVisibility
    addressees: readonly string[]
  },
  requestId?: string,
) {
  const { unit, parsed, header, addressees } = r
  const resolution = await repo.insertResolution(tx, {
    unitId: unit.id,
    code: header.code,
    title: header.title!.slice(0, 300),
    committee: header.committee,
    decidedOn: header.decidedOn,
    agendaItem: header.agendaItem,
    visibility: r.visibility,
    numbered: parsed.numbered,
    createdById: actor?.userId ?? null,
  })
  await repo.insertLines(
    tx,
    parsed.lines.map((l) => ({ resolutionId: resolution.id, ...l })),
  )
  await repo.insertAddressees(tx, resolution.id, addressees)
  await recordAudit(
    tx,
    actor,
    {
      action: 'resolution.import',
      object: { type: 'resolution', id: resolution.id },
      unit,
      data: { lines: parsed.lines.length, numbered: parsed.numbered, addressees: addressees.length },
    },
    requestId,
  )
  return resolution
}
