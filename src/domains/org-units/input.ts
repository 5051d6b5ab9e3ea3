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
