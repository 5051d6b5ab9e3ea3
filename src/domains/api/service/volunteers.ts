import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { DomainError, NotFoundError } from '../../../platform/errors.js'
import { ApiValidationError } from '../../../platform/http/api.js'
import { findUnit } from '../../org-units/index.js'
import { listPoolSkills, type PoolSearchQuery, searchVolunteers } from '../../volunteers/index.js'
import { withinToken } from './v1.js'

type Meta = { requestId?: string }

export type VolunteerApiQuery = {
  skills?: string | undefined
  minHours?: number | undefined
  weekdays?: 'true' | 'false' | undefined
  evenings?: 'true' | 'false' | undefined
  weekends?: 'true' | 'false' | undefined
  online?: 'true' | 'false' | undefined
  shortProjects?: 'true' | 'false' | undefined
  postalCode?: string | undefined
  km?: number | undefined
}

/**
 * The volunteer pool searched on behalf of a unit, exactly as the search page does it (`searchVolunteers`):
 * the owner must hold coordinator or more on that unit itself, the unit must lie inside the token's, and each
 * member is found only within the consent they gave, read against that unit. First name, KV and skills, nothing
 * else; audited as `volunteer.searched`. A unit the owner does not speak for answers 404, as if it had no pool.
 */
export async function apiSearchVolunteers(
  deps: AppDeps,
  actor: Actor,
  unitId: string,
  query: VolunteerApiQuery,
  meta: Meta = {},
) {
  const unit = await findUnit(deps.database.db, unitId)
  if (!unit || unit.kind === 'team' || !withinToken(actor, unit)) throw new NotFoundError()
  const search: PoolSearchQuery = {
    unit: unit.id,
    skill: query.skills ? [...new Set(query.skills.toLowerCase().split(','))] : [],
    minHours: query.minHours,
    weekdays: query.weekdays === 'true',
    evenings: query.evenings === 'true',
    weekends: query.weekends === 'true',
    online: query.online === 'true',
    shortProjects: query.shortProjects === 'true',
    plz: query.postalCode,
    km: query.km,
  }
  let found: Awaited<ReturnType<typeof searchVolunteers>>
  try {
    found = await searchVolunteers(deps, actor, search, meta.requestId)
  } catch (err) {
    if (err instanceof DomainError && err.code === 'volunteers.errors.actingUnit') throw new NotFoundError()
    throw err
  }
  if (found.error)
    throw new ApiValidationError(422, [
      { pointer: '/postalCode', code: 'unknown_postal_code', detail: 'Unknown postal code' },
    ])
  return found.results ?? []
}

export async function apiListSkills(deps: AppDeps) {
  return listPoolSkills(deps)
}
