import { z } from 'zod'
import { optionalText } from '../../platform/http/forms.js'
import { evidenceKinds, evidenceTarget } from './evidence.js'
import { type IndicatorKey, indicatorKeys, indicators } from './indicators.js'
import { MAX_MOTION_CHARS } from './motion-text.js'
import { measureStatuses, resolutionVisibilities } from './tables.js'

const isoDate = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'resolutions.errors.date' })
    .refine(
      (v) =>
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      {
        error: 'resolutions.errors.date',
      },
    )
    .optional(),
)

/** A checkbox group arrives as nothing, one string or several. */
const idList = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.uuid({ error: 'resolutions.errors.unit' })).max(500),
)

/**
 * The import form: the text (pasted, or read from an uploaded file by the route), the header as the person
 * corrected it in the preview, who may read it and whom it addresses. `step` says whether to show the
 * preview again or to save.
 */
export const ImportInput = z.object({
  text: z
    .string()
    .max(MAX_MOTION_CHARS + 1, { error: 'resolutions.import.problems.tooLong' })
    .default(''),
  code: optionalText(40),
  title: optionalText(300),
  committee: optionalText(1000),
  decidedOn: isoDate,
  agendaItem: optionalText(300),
  visibility: z.enum(resolutionVisibilities, { error: 'common.form.invalid' }).default('members'),
  addressees: idList,
  step: z.enum(['preview', 'confirm']).default('preview'),
})
export type ImportInput = z.infer<typeof ImportInput>

const lineNumber = z.coerce.number({ error: 'resolutions.errors.line' }).int().min(1).max(100_000)

export const MeasureQuery = z.object({
  from: lineNumber.optional().catch(undefined),
  to: lineNumber.optional().catch(undefined),
})

const measureFields = {
  title: z.string().trim().min(1).max(300),
  fromLine: lineNumber,
  toLine: lineNumber,
  responsibleNote: optionalText(300),
  dueOn: isoDate,
  dueText: optionalText(300),
  indicator: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(indicatorKeys, { error: 'common.form.invalid' }).optional(),
  ),
  indicatorTarget: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : v),
    z.coerce.number({ error: 'common.form.invalid' }).int().min(1).max(1000).optional(),
  ),
}

type MeasureFields = { fromLine: number; toLine: number; indicator?: IndicatorKey; indicatorTarget?: number }
const linesInOrder = (m: MeasureFields) => m.toLine >= m.fromLine
const targetFits = (m: MeasureFields) =>
  !m.indicator || indicators[m.indicator].figure !== 'percent' || (m.indicatorTarget ?? 0) <= 100

/** A measure: the lines it quotes, what it is, who is responsible, by when, and how it is measured. */
export const MeasureInput = z
  .object({
    ...measureFields,
    unitIds: idList.refine((ids) => ids.length > 0, { error: 'resolutions.errors.responsible' }),
  })
  .refine(linesInOrder, { path: ['toLine'], error: 'resolutions.errors.lineOrder' })
  .refine(targetFits, { path: ['indicatorTarget'], error: 'resolutions.errors.percent' })
export type MeasureInput = z.infer<typeof MeasureInput>

/** A measure changed: the same fields without the responsible units (one row each, kept as they are). */
export const MeasureEditInput = z
  .object(measureFields)
  .refine(linesInOrder, { path: ['toLine'], error: 'resolutions.errors.lineOrder' })
  .refine(targetFits, { path: ['indicatorTarget'], error: 'resolutions.errors.percent' })
export type MeasureEditInput = z.infer<typeof MeasureEditInput>

/** Deleting a measure: the row of this one unit, or the measure for every unit it was given to. */
export const MeasureDeleteInput = z.object({
  scope: z.enum(['unit', 'group'], { error: 'common.form.invalid' }).default('unit'),
})

/** A resolution's header, who may read it and whom it addresses, changed after the import. */
export const ResolutionEditInput = z.object({
  code: optionalText(40),
  title: z.string().trim().min(1).max(300),
  committee: optionalText(1000),
  decidedOn: isoDate,
  agendaItem: optionalText(300),
  visibility: z.enum(resolutionVisibilities, { error: 'common.form.invalid' }),
  addressees: idList,
})
export type ResolutionEditInput = z.infer<typeof ResolutionEditInput>

export const ProgressInput = z
  .object({
    note: z.string().trim().min(1).max(4000),
    status: z.enum(measureStatuses, { error: 'common.form.invalid' }),
    progress: z.coerce.number({ error: 'resolutions.errors.progress' }).int().min(0).max(100),
    evidenceKind: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(evidenceKinds, { error: 'common.form.invalid' }).optional(),
    ),
    evidenceUrl: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.string().trim().max(500, { error: 'resolutions.errors.url' }).optional(),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.evidenceUrl === undefined) return
    if (!v.evidenceKind)
      ctx.addIssue({ code: 'custom', path: ['evidenceKind'], message: 'resolutions.errors.evidenceKind' })
    else if (!evidenceTarget(v.evidenceKind, v.evidenceUrl))
      ctx.addIssue({
        code: 'custom',
        path: ['evidenceUrl'],
        message: `resolutions.errors.evidence.${v.evidenceKind}`,
      })
  })
export type ProgressInput = z.infer<typeof ProgressInput>
