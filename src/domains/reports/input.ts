import { z } from 'zod'
import { checkbox, text } from '../../platform/http/forms.js'
import { boardReportAudiences } from './tables.js'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

/** A calendar day YYYY-MM-DD that exists (2026-02-30 does not). */
const day = () =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'reports.errors.date' })
      .refine(
        (v) => {
          const d = new Date(`${v}T00:00:00Z`)
          return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v)
        },
        { message: 'reports.errors.date' },
      )
      .optional(),
  )

/** Starting a report: the period, a half-year by default. */
export const StartReportInput = z.object({ from: day(), to: day() })
export type StartReportInput = z.infer<typeof StartReportInput>

const longText = (max = 20_000) =>
  z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().trim().max(max))

/** The board's texts; a section's text is `section_<id>`, its switch `hide_<id>`. */
export const EditReportInput = z
  .object({
    title: text(200),
    authors: text(500),
    salutation: text(200),
    introduction: longText(),
    outlook: longText(),
    thanks: longText(2000),
  })
  .passthrough()
export type EditReportInput = z.infer<typeof EditReportInput>

export const SectionText = longText()

/** A section of the board's own: its heading. */
export const AddSectionInput = z.object({ heading: text(120) })
export type AddSectionInput = z.infer<typeof AddSectionInput>

/** A heading of one of the board's own sections, from the editor (`heading_<id>`); empty keeps the old one. */
export const SectionHeading = z.preprocess(
  (v) => (typeof v === 'string' ? v : ''),
  z.string().trim().max(120),
)

/** Publishing: to the unit's members, or also to the public (the unit's public page and its feed). */
export const PublishReportInput = z.object({
  audience: z.enum(boardReportAudiences, { message: 'reports.errors.audience' }),
})
export type PublishReportInput = z.infer<typeof PublishReportInput>

/** The unit's choice: a second board member approves each report before publication. */
export const ReportSettingsInput = z.object({ requiresApproval: checkbox() })

/** A saved version of a report: `/reports/:id/versions/:version`. */
export const VersionParams = z.object({
  id: z.uuid(),
  version: z.coerce.number().int().min(1).max(1_000_000),
})
