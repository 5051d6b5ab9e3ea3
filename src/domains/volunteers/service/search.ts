import { auditRow } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import type { MessageKey } from '../../../platform/i18n/index.js'
import { pointOfPostalCode } from '../../org-units/index.js'
import { DEFAULT_KM, type SearchQuery } from '../input.js'
import { actingUnitIds } from '../policy.js'
import * as repo from '../repo.js'
import { actingUnit, skillLabels, sortUnits } from './shared.js'

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
 * Who is asking is read with the request; the form's choices, the searcher's place, the hits with their
 * skills and the audit row are one statement (repo.searchPool), so a search is one round trip.
 */
export async function searchVolunteers(deps: AppDeps, actor: Actor, query: SearchQuery, requestId?: string) {
  const db = deps.database.db
  const unitIds = actingUnitIds(actor)
  const unitId = query.unit ?? (unitIds.length === 1 ? unitIds[0] : undefined)
  // A unit the actor holds no role on itself: the policy's refusal (403), 404 if there is no such unit.
  if (query.unit && !unitIds.includes(query.unit)) await actingUnit(db, actor, query.unit)
  const form = async (error?: MessageKey) => {
    const { units, skills } = await repo.findSearchForm(db, unitIds)
    return { units: sortUnits(units), skills, unitId, query, results: undefined, error }
  }
  if (!query.unit) return form()
  let near: repo.PoolFilters['near']
  if (query.plz) {
    const point = pointOfPostalCode(query.plz)
    if (!point) return form('volunteers.errors.postalCodeUnknown')
    near = { point, km: query.km ?? DEFAULT_KM }
  }
  // The grant on the unit itself carries the unit's path (a token cut below the unit would not reach it).
  const unitPath = actor.grants.find((g) => g.unitId === query.unit)!.unitPath
  const { actorUserId, actingRole, action, objectType, data } = auditRow(actor, {
    action: 'volunteer.searched',
    object: { type: 'volunteer_pool' },
    unit: { id: query.unit, path: unitPath },
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
    },
  })
  const found = await repo.searchPool(db, {
    unitId: query.unit,
    formUnitIds: unitIds,
    filters: {
      skillIds: query.skill,
      minHours: query.minHours,
      weekdays: query.weekdays,
      evenings: query.evenings,
      weekends: query.weekends,
      online: query.online,
      shortProjects: query.shortProjects,
      near,
    },
    audit: { actorUserId, actingRole, action, objectType, data, requestId: requestId ?? null },
  })
  const results: PoolResult[] = found.hits.map((h) => ({
    memberId: h.memberId,
    firstName: h.firstName,
    unitName: h.unitName,
    skills: skillLabels(h.skills, h.languages),
  }))
  return { units: sortUnits(found.units), skills: found.skills, unitId, query, results, error: undefined }
}

/** The skills of the pool, for a search form or an integration that searches by skill. */
export async function listPoolSkills(deps: AppDeps) {
  return (await repo.listSkills(deps.database.db)).map((s) => ({ id: s.id, name: s.name }))
}
