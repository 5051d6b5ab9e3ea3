import { z } from 'zod'
import { checkbox, optionalText, text } from '../../platform/http/forms.js'
import { dateTimeLocalOf } from '../../platform/time.js'
import { helpDirections, helpKinds, helpVisibilities, travelKinds } from './tables.js'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const ags8 = z
  .string({ error: 'help.errors.ags' })
  .trim()
  .regex(/^[0-9]{8}$/, { message: 'help.errors.ags' })

/** A date and time from the picker, or typed as people write it ("15.08.2026 09:00"); always "2026-08-15T09:00" after. */
const dateTime = z
  .string({ error: 'help.errors.dateTime' })
  .trim()
  .transform((v, ctx) => {
    const value = dateTimeLocalOf(v)
    if (value === undefined) ctx.addIssue({ code: 'custom', message: 'help.errors.dateTime' })
    return value ?? v
  })

const optionalDateTime = z.preprocess(emptyToUndefined, dateTime.optional())

const count = (max: number) =>
  z.coerce
    .number({ error: 'help.errors.number' })
    .int({ message: 'help.errors.number' })
    .min(1, { message: 'help.errors.number' })
    .max(max, { message: 'help.errors.number' })

const wholeOrZero = (max: number) =>
  z.preprocess(
    (v) => emptyToUndefined(v) ?? '0',
    z.coerce
      .number({ error: 'help.errors.number' })
      .min(0, { message: 'help.errors.number' })
      .max(max, { message: 'help.errors.number' }),
  )

/** Euros as typed in Germany ("12,50") or in English ("12.50"), into cents. */
const euros = (min: number) =>
  z
    .string({ error: 'help.errors.amount' })
    .trim()
    .regex(/^\d{1,7}([.,]\d{1,2})?$/, { message: 'help.errors.amount' })
    .transform((v) => Math.round(Number(v.replace(',', '.')) * 100))
    .refine((c) => c >= min, { message: 'help.errors.amount' })

export const HelpRequestInput = z.object({
  unitId: z.uuid({ message: 'help.errors.unit' }),
  direction: z.enum(helpDirections, { message: 'help.errors.direction' }),
  kind: z.enum(helpKinds, { message: 'help.errors.kind' }),
  title: text(160),
  description: optionalText(4000),
  municipalityAgs: ags8,
  visibility: z.enum(helpVisibilities, { message: 'help.errors.visibility' }),
  contactMemberId: z.uuid({ message: 'help.errors.contact' }),
})
export type HelpRequestInput = z.infer<typeof HelpRequestInput>

/**
 * What the edit page changes of a request: its words, its place (chosen as on the new form), who sees it and
 * who the contact is (the choices of the new form). Its kind stays: shifts and sign-ups depend on it. Without
 * a visibility or contact, those stay as they are.
 */
export const HelpRequestEditInput = HelpRequestInput.pick({
  title: true,
  description: true,
  municipalityAgs: true,
}).extend({
  visibility: z.preprocess(emptyToUndefined, HelpRequestInput.shape.visibility.optional()),
  contactMemberId: z.preprocess(emptyToUndefined, HelpRequestInput.shape.contactMemberId.optional()),
})
export type HelpRequestEditInput = z.infer<typeof HelpRequestEditInput>

export const ShiftInput = z.object({
  startsAt: dateTime,
  endsAt: dateTime,
  capacity: count(1000),
  meetingPoint: text(300),
})
export type ShiftInput = z.infer<typeof ShiftInput>

export const MessageInput = z.object({ subject: text(160), body: text(5000) })
export type MessageInput = z.infer<typeof MessageInput>

/** The sign-ups that did not come; every other confirmed sign-up counts as attended. */
export const CompleteShiftInput = z.object({
  absent: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.uuid()).max(1000),
  ),
})
export type CompleteShiftInput = z.infer<typeof CompleteShiftInput>

export const HelpRecordInput = z.object({
  helperUnitId: z.uuid({ message: 'help.errors.unit' }),
  helpedUnitId: z.uuid({ message: 'help.errors.unit' }),
  kind: z.enum(helpKinds, { message: 'help.errors.kind' }),
  helpedOn: z.iso.date({ message: 'help.errors.date' }),
  people: wholeOrZero(100000).pipe(z.number().int({ message: 'help.errors.number' })),
  hours: wholeOrZero(1000000),
  euros: z.preprocess((v) => emptyToUndefined(v) ?? '0', euros(0)),
  municipalityAgs: z.preprocess(emptyToUndefined, ags8.optional()),
  note: optionalText(1000),
})
export type HelpRecordInput = z.infer<typeof HelpRecordInput>

export const TravelInput = z.object({
  kind: z.enum(travelKinds, { message: 'help.errors.travelKind' }),
  place: text(200),
  places: count(50),
  departsAt: optionalDateTime,
  nights: optionalText(100),
  note: optionalText(500),
  offerId: z.preprocess(emptyToUndefined, z.uuid().optional()),
})
export type TravelInput = z.infer<typeof TravelInput>

export const DriveInput = z.object({
  collectingUnitId: z.uuid({ message: 'help.errors.unit' }),
  beneficiaryUnitId: z.uuid({ message: 'help.errors.unit' }),
  title: text(160),
  description: optionalText(4000),
  target: euros(100),
  requestId: z.preprocess(emptyToUndefined, z.uuid().optional()),
})
export type DriveInput = z.infer<typeof DriveInput>

export const PledgeInput = z.object({ amount: euros(100), anonymous: checkbox() })
export type PledgeInput = z.infer<typeof PledgeInput>

export const NewRequestQuery = z.object({
  unit: z.uuid().optional().catch(undefined),
  // A help-request template of the Wissenswerk that fills the form ("use this").
  template: z.uuid().optional().catch(undefined),
  ags: z
    .string()
    .regex(/^[0-9]{8}$/)
    .optional()
    .catch(undefined),
})

export const TwoIdParams = z.object({ id: z.uuid(), itemId: z.uuid() })
