import { z } from 'zod'
import { factorKeys, helpKinds, maxWeight } from './scoring.js'
import { electionKinds } from './tables.js'

export const UnitParams = z.object({ id: z.uuid() })
export const ElectionParams = z.object({ id: z.uuid() })

// A checkbox group arrives as a string for one box and as an array for several.
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(item).max(max, { message: 'matchmaking.errors.list' }),
  )

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const SeekingProfileInput = z.object({
  looking: z.enum(['yes', 'no'], { message: 'matchmaking.errors.looking' }),
  seeks: list(z.enum(helpKinds, { message: 'matchmaking.errors.helpKind' }), helpKinds.length),
  offers: list(z.enum(helpKinds, { message: 'matchmaking.errors.helpKind' }), helpKinds.length),
  preferredStates: list(z.string().regex(/^[0-9]{2}$/, { message: 'matchmaking.errors.state' }), 16),
  maxTravelKm: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: 'matchmaking.errors.travel' })
      .int({ message: 'matchmaking.errors.travel' })
      .min(10, { message: 'matchmaking.errors.travel' })
      .max(1500, { message: 'matchmaking.errors.travel' })
      .optional(),
  ),
  note: z.string().trim().max(2000, { message: 'matchmaking.errors.noteTooLong' }).default(''),
})
export type SeekingProfileInput = z.infer<typeof SeekingProfileInput>

export const ProposeInput = z.object({ partnerId: z.uuid({ message: 'matchmaking.errors.partner' }) })
export type ProposeInput = z.infer<typeof ProposeInput>

const weight = z.coerce
  .number({ message: 'matchmaking.errors.weight' })
  .int({ message: 'matchmaking.errors.weight' })
  .min(0, { message: 'matchmaking.errors.weight' })
  .max(maxWeight, { message: 'matchmaking.errors.weight' })

export const WeightsInput = z.object(
  Object.fromEntries(factorKeys.map((k) => [k, weight])) as Record<
    (typeof factorKeys)[number],
    typeof weight
  >,
)
export type WeightsInput = z.infer<typeof WeightsInput>

export const ElectionInput = z.object({
  stateAgs: z
    .string({ message: 'matchmaking.errors.state' })
    .regex(/^[0-9]{2}$/, { message: 'matchmaking.errors.state' }),
  kind: z.enum(electionKinds, { message: 'matchmaking.errors.electionKind' }),
  heldOn: z.iso.date({ message: 'matchmaking.errors.date' }),
  provisional: z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean()),
  source: z
    .string({ message: 'matchmaking.errors.source' })
    .trim()
    .min(1, { message: 'matchmaking.errors.source' })
    .max(500, { message: 'matchmaking.errors.source' }),
})
export type ElectionInput = z.infer<typeof ElectionInput>

export const TwinTownsInput = z.object({
  csv: z
    .string({ message: 'matchmaking.errors.csv' })
    .trim()
    .min(1, { message: 'matchmaking.errors.csv' })
    .max(200_000, { message: 'matchmaking.errors.csvTooLong' }),
})
export type TwinTownsInput = z.infer<typeof TwinTownsInput>
