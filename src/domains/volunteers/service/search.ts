import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import type { MessageKey } from '../../../platform/i18n/index.js'
import { DEFAULT_KM, type SearchQuery } from '../input.js'
import { pointOfPostalCode } from '../postal-codes.js'
import * as repo from '../repo.js'
import { actingUnit, actingUnits, placeOf, skillLabels } from './shared.js'

export type PoolResult = { memberId: string; firstName: string; unitName: string; skills: string[] }

/** Adds the skills to search hits; first name, KV and skills are all a result ever shows. */
export async function withSkills(db: DbOrTx, hits: repo.PoolHit[]): Promise<PoolResult[]> {
  const bySkill = await repo.skillsOfMembers(
    db,
    hits.map((h) => h.memberId),
  )
  return hits.map((h) => ({
    memberId: h.memberId,
    firstName: h.firstName,
    unitName: h.unitName,
    skills: skillLabels(bySkill.get(h.memberId), h.languages),
  }))
}

/**
 * Searches the pool on behalf of one of the actor's units. Without a chosen unit only the form is shown.
 * Every search is audited with its filters and the number of results, never with the names found.
 */
export async function searchVolunteers(deps: AppDeps, actor: Actor, query: SearchQuery, requestId?: string) {
  const db = deps.database.db
  const [units, skills] = await Promise.all([actingUnits(db, actor), repo.listSkills(db)])
  const unitId = query.unit ?? (units.length === 1 ? units[0]!.id : undefined)
  const base = { units, skills, unitId, query }
  if (!query.unit) return { ...base, results: undefined, error: undefined }
  const unit = await actingUnit(db, actor, query.unit)
  let near: repo.PoolFilters['near']
  if (query.plz) {
    const point = pointOfPostalCode(query.plz)
    if (!point)
      return { ...base, results: undefined, error: 'volunteers.errors.postalCodeUnknown' as MessageKey }
    near = { point, km: query.km ?? DEFAULT_KM }
  }
  const place = await placeOf(db, unit)
  const filters: repo.PoolFilters = {
    skillIds: query.skill,
    minHours: query.minHours,
    weekdays: query.weekdays,
    evenings: query.evenings,
    weekends: query.weekends,
    online: query.online,
    shortProjects: query.shortProjects,
    near,
  }
  return db.transaction(async (tx) => {
    const hits = await repo.searchPool(tx, place, filters)
    await recordAudit(
      tx,
      actor,
      {
        action: 'volunteer.searched',
        object: { type: 'volunteer_pool' },
        unit,
        data: {
          filters: {
            skills: query.skill,
            minHours: query.minHours ?? null,
            weekdays: query.weekdays,
            evenings: query.evenings,
            weekends: query.weekends,
            online: query.online,
            shortProjects: query.shortProjects,
            postalCode: query.plz ?? null,
            km: near ? near.km : null,
          },
          resultCount: hits.length,
        },
      },
      requestId,
    )
    return { ...base, results: await withSkills(tx, hits), error: undefined }
  })
}

/** The skills of the pool, for a search form or an integration that searches by skill. */
export async function listPoolSkills(deps: AppDeps) {
  return (await repo.listSkills(deps.database.db)).map((s) => ({ id: s.id, name: s.name }))
}
