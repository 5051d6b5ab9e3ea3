import { z } from 'zod'
import { checkbox, optionalText, text } from '../../platform/http/forms.js'
import { clauseTypes, exchangeKinds } from './clauses.js'

const isoDate = z.iso.date({ message: 'agreements.errors.date' })

const periodDays = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? Number(v) : v),
  z
    .number({ message: 'agreements.errors.periodDays' })
    .int('agreements.errors.periodDays')
    .min(1, 'agreements.errors.periodDays')
    .max(365, 'agreements.errors.periodDays')
    .optional(),
)

/** A clause as a form sends it, in a template or an agreement. */
export const ClauseInput = z.object({
  type: z.enum(clauseTypes, { message: 'agreements.errors.clauseType' }),
  title: text(200),
  body: text(4000),
  periodDays,
})
export type ClauseInput = z.infer<typeof ClauseInput>

export const TemplateInput = z.object({
  name: text(200),
  description: optionalText(1000),
})
export type TemplateInput = z.infer<typeof TemplateInput>

export const MoveInput = z.object({ direction: z.enum(['up', 'down']) })

export const StartAgreementInput = z.object({
  templateId: z.uuid({ message: 'agreements.errors.template' }),
  // The Wissenswerk's template chosen with "use this"; a malformed one is dropped.
  playbookTemplateId: z.uuid().optional().catch(undefined),
})

export const RatifyInput = z.object({
  side: z.enum(['a', 'b']),
  versionNumber: z.coerce
    .number({ message: 'agreements.errors.version' })
    .int()
    .min(1, 'agreements.errors.version'),
  // The revision of the draft the form showed: the ratification is bound to exactly that text.
  revision: z.coerce
    .number({ message: 'agreements.errors.version' })
    .int('agreements.errors.version')
    .min(1, 'agreements.errors.version'),
  body: text(200),
  ratifiedOn: isoDate,
  place: text(200),
})
export type RatifyInput = z.infer<typeof RatifyInput>

export const PublishInput = z.object({ isPublished: checkbox() })

export const RetreatInput = z.object({
  heldOn: isoDate,
  hostSide: z.enum(['a', 'b'], { message: 'agreements.errors.host' }),
  place: text(200),
  notes: optionalText(2000),
})
export type RetreatInput = z.infer<typeof RetreatInput>

export const MinutesInput = z.object({
  side: z.enum(['a', 'b']),
  meetingOn: isoDate,
  title: text(200),
  body: text(20000),
})
export type MinutesInput = z.infer<typeof MinutesInput>

/** An exchange a board records: its kind, the side it came from, the day and a short note. */
export const ExchangeInput = z.object({
  kind: z.enum(exchangeKinds, { message: 'agreements.errors.exchangeKind' }),
  side: z.enum(['a', 'b'], { message: 'agreements.errors.side' }),
  heldOn: isoDate,
  note: text(500),
})
export type ExchangeInput = z.infer<typeof ExchangeInput>

/** A federal congress as the federal office enters it. */
export const CongressInput = z.object({
  name: text(200),
  startsOn: isoDate,
  endsOn: isoDate,
  source: text(500),
})
export type CongressInput = z.infer<typeof CongressInput>

export const ConfirmLinksInput = z.object({ side: z.enum(['a', 'b']) })

export const CompareQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
})

export const ClauseRouteParams = z.object({ id: z.uuid(), clauseId: z.string().min(1).max(64) })
