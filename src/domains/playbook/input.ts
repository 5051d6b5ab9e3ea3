import { z } from 'zod'
import { entryKinds, playbookTags, templateTargets, visibilities } from './tables.js'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(item).max(max, { message: 'playbook.errors.tag' }),
  )

export const ListQuery = z.object({
  q: z.string().trim().max(200).catch('').default(''),
  tag: z.enum(playbookTags).optional().catch(undefined),
  kind: z.enum(entryKinds).optional().catch(undefined),
  for: z.enum(templateTargets).optional().catch(undefined),
})
export type ListQuery = z.infer<typeof ListQuery>

/** The fields a template can put into its form, by target. */
export const templateFieldNames = {
  agreement: ['preamble'],
  help_request: ['title', 'description'],
  welcome_mail: ['subject', 'body'],
  event_checklist: ['description'],
} as const

export const EntryInput = z
  .object({
    kind: z.enum(entryKinds, { message: 'playbook.errors.kind' }),
    unitId: z.uuid({ message: 'playbook.errors.unit' }),
    title: z
      .string({ message: 'playbook.errors.title' })
      .trim()
      .min(1, { message: 'playbook.errors.title' })
      .max(200, { message: 'playbook.errors.title' }),
    summary: z.string().trim().max(500, { message: 'playbook.errors.summary' }).default(''),
    body: z
      .string({ message: 'playbook.errors.body' })
      .trim()
      .min(1, { message: 'playbook.errors.body' })
      .max(50_000, { message: 'playbook.errors.bodyTooLong' }),
    tags: list(z.enum(playbookTags, { message: 'playbook.errors.tag' }), playbookTags.length),
    visibility: z.enum(visibilities, { message: 'playbook.errors.visibility' }),
    templateFor: z.preprocess(
      emptyToUndefined,
      z.enum(templateTargets, { message: 'playbook.errors.templateFor' }).optional(),
    ),
    // The values "use this" puts into the form: `field_title`, `field_description`, …
    field_title: z.string().trim().max(160, { message: 'playbook.errors.field' }).default(''),
    field_description: z.string().trim().max(4000, { message: 'playbook.errors.field' }).default(''),
    field_subject: z.string().trim().max(200, { message: 'playbook.errors.field' }).default(''),
    field_body: z.string().trim().max(4000, { message: 'playbook.errors.field' }).default(''),
    field_preamble: z.string().trim().max(4000, { message: 'playbook.errors.field' }).default(''),
    partnershipId: z.preprocess(
      emptyToUndefined,
      z.uuid({ message: 'playbook.errors.partnership' }).optional(),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'template' && !v.templateFor)
      ctx.addIssue({ code: 'custom', path: ['templateFor'], message: 'playbook.errors.templateFor' })
    if (v.kind === 'story' && !v.partnershipId)
      ctx.addIssue({ code: 'custom', path: ['partnershipId'], message: 'playbook.errors.partnership' })
  })
export type EntryInput = z.infer<typeof EntryInput>
