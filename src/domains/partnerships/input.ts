import { z } from 'zod'
import { checkbox, email, optionalText, text } from '../../platform/http/forms.js'
import { partnershipKinds, partnershipStatuses, partnershipTags } from './tables.js'

const unitId = (message: 'partnerships.errors.unitRequired' | 'partnerships.errors.partnerRequired') =>
  z
    .string({ error: message })
    .trim()
    .pipe(z.uuid({ error: message }))

const isoDate = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.iso.date({ message: 'partnerships.errors.date' }).optional(),
)

// A checkbox group arrives as a string for one box and as an array for several.
const tags = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(partnershipTags)).max(partnershipTags.length),
)

const details = {
  kind: z.enum(partnershipKinds, { message: 'partnerships.errors.kind' }),
  startedOn: isoDate,
  story: optionalText(4000),
  tags,
}

export const ProposePartnershipInput = z.object({
  unitAId: unitId('partnerships.errors.unitRequired'),
  unitBId: unitId('partnerships.errors.partnerRequired'),
  ...details,
})
export type ProposePartnershipInput = z.infer<typeof ProposePartnershipInput>

export const CreatePartnershipInput = ProposePartnershipInput.extend({
  status: z.enum(partnershipStatuses, { message: 'partnerships.errors.status' }),
  isPublic: checkbox(),
})
export type CreatePartnershipInput = z.infer<typeof CreatePartnershipInput>

export const EditPartnershipInput = z.object({ ...details, isPublic: checkbox() })
export type EditPartnershipInput = z.infer<typeof EditPartnershipInput>

export const DeclinePartnershipInput = z.object({ reason: text(1000) })
export type DeclinePartnershipInput = z.infer<typeof DeclinePartnershipInput>

export const ChangeStatusInput = z.object({
  status: z.enum(partnershipStatuses, { message: 'partnerships.errors.status' }),
  changedOn: isoDate,
  note: optionalText(1000),
})
export type ChangeStatusInput = z.infer<typeof ChangeStatusInput>

export const NameCoordinatorInput = z.object({
  side: z.enum(['a', 'b']),
  memberId: z.uuid({ message: 'partnerships.errors.member' }),
})
export type NameCoordinatorInput = z.infer<typeof NameCoordinatorInput>

export const CoordinatorConsentInput = z.object({
  side: z.enum(['a', 'b']),
  emailPublic: checkbox(),
})
export type CoordinatorConsentInput = z.infer<typeof CoordinatorConsentInput>

export const AcceptCoordinatorInput = z.object({ side: z.enum(['a', 'b']) })
export type AcceptCoordinatorInput = z.infer<typeof AcceptCoordinatorInput>

const ags8 = z
  .string()
  .trim()
  .regex(/^[0-9]{8}$/, { message: 'partnerships.errors.ags' })
export const TwinTownInput = z.object({ municipalityAAgs: ags8, municipalityBAgs: ags8 })
export type TwinTownInput = z.infer<typeof TwinTownInput>

export const TwinTownParams = z.object({ id: z.uuid(), twinId: z.uuid() })

export const UnitSearchQuery = z.object({
  q: z.string().trim().max(100).optional(),
  unit: z.uuid().optional().catch(undefined),
})

export const SubmitReportInput = z.object({
  reporterName: text(200),
  reporterEmail: email(),
  unitAText: text(200),
  unitAId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional().catch(undefined)),
  unitBText: text(200),
  unitBId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional().catch(undefined)),
  message: text(4000),
  partnershipId: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.uuid({ message: 'partnerships.errors.partnershipId' }).optional(),
  ),
})
export type SubmitReportInput = z.infer<typeof SubmitReportInput>

const optionalUuid = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.uuid({ error: 'partnerships.errors.unitRequired' }).optional(),
)
/** Units are only needed when the report leads to a new partnership. */
export const AcceptReportInput = z.object({
  unitAId: optionalUuid,
  unitBId: optionalUuid,
  status: z.enum(partnershipStatuses, { message: 'partnerships.errors.status' }),
  isPublic: checkbox(),
  ...details,
})
export type AcceptReportInput = z.infer<typeof AcceptReportInput>

export const RejectReportInput = z.object({ reason: text(2000) })
export type RejectReportInput = z.infer<typeof RejectReportInput>
