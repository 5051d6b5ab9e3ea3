import { z } from 'zod'
import { roles } from '../../platform/auth/actor.js'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optionalQuery = (max: number) => z.preprocess(emptyToUndefined, z.string().trim().max(max).optional())

/** GET /units?q= */
export const UnitSearchQuery = z.object({ q: optionalQuery(100) })

/** GET /admin/roles: find a person by e-mail; optionally search the unit to grant a role on. */
export const RolesQuery = z.object({
  email: optionalQuery(254),
  unitQ: optionalQuery(100),
})
export type RolesQuery = z.infer<typeof RolesQuery>

export const GrantRoleInput = z.object({
  userId: z.uuid({ message: 'common.errors.notFound' }),
  unitId: z.uuid({ message: 'orgUnits.roles.errors.unitRequired' }),
  role: z.enum(roles, { message: 'orgUnits.roles.errors.roleRequired' }),
})
export type GrantRoleInput = z.infer<typeof GrantRoleInput>

export const GrantParams = z.object({ grantId: z.uuid() })

const optionalField = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional())
const confirmed = z.preprocess(
  (v) => v === 'on' || v === 'true' || v === '1',
  z.literal(true, { message: 'orgUnits.maintain.errors.confirm' }),
)

/** A unit's name and contact: what renaming changes, and what a new unit starts with. */
export const UnitDetailsInput = z.object({
  name: z
    .string({ message: 'orgUnits.maintain.errors.nameRequired' })
    .trim()
    .min(1, { message: 'orgUnits.maintain.errors.nameRequired' })
    .max(200),
  shortName: optionalField(z.string().trim().max(40)),
  website: optionalField(
    z
      .string()
      .trim()
      .max(300)
      .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/i, { message: 'orgUnits.maintain.errors.website' }),
  ),
  email: optionalField(z.string().trim().toLowerCase().max(254).pipe(z.email())),
})
export type UnitDetailsInput = z.infer<typeof UnitDetailsInput>

/**
 * A unit's territory: the Kreise (AGS) a district covers, or the postal codes of a local group; five digits each,
 * separated by blanks, commas or lines. Besides, single municipalities by name, one a line ("Gefell" or
 * "Gefell (Saale-Orla-Kreis)"; an 8-digit key is understood too).
 */
export const TerritoryInput = z.object({
  kreise: z.preprocess((v) => v ?? '', z.string().max(4000)),
  postalCodes: z.preprocess((v) => v ?? '', z.string().max(20_000)),
  municipalities: z.preprocess((v) => v ?? '', z.string().max(40_000)).optional(),
})
export type TerritoryInput = z.infer<typeof TerritoryInput>

export const NewUnitInput = UnitDetailsInput.extend(TerritoryInput.shape)
export type NewUnitInput = z.infer<typeof NewUnitInput>

export const MoveUnitInput = z.object({
  parentId: z.uuid({ message: 'orgUnits.maintain.errors.parentRequired' }),
})

export const MergeUnitInput = z.object({
  intoId: z.uuid({ message: 'orgUnits.maintain.errors.intoRequired' }),
  confirm: confirmed,
  // The postal codes whose conflict the page showed (a hidden field of the preview), comma-separated.
  postalCodeConflicts: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .max(20_000)
      .transform((v) => v.split(/[\s,]+/).filter(Boolean)),
  ),
})

export const DissolveUnitInput = z.object({ confirm: confirmed })
