import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import {
  type DistrictTerritory,
  hasTerritory,
  kreiseOfTerritory,
  type MunicipalityRef,
  municipalitiesOfPostalCode,
  municipalitiesOfTerritory,
  type OrgUnit,
  readDistrictTerritories,
} from '../../org-units/index.js'
import { can } from '../policy.js'
import * as repo from '../repo.js'
import { viewerOf } from './shared.js'

export type WhiteSpots = {
  municipalities: number
  spots: (MunicipalityRef & { covered: false })[]
  covered: MunicipalityRef[]
  peopleInSpots: number
  /** Members whose postal code leads to no municipality of the territory (missing, foreign, moved away). */
  unplaced: number
  /** The Kreise the territory lies in, for its map. */
  kreise: string[]
}

/**
 * The municipalities of a KV's territory (the inhabited ones of the Kreise it covers, and its single
 * municipalities) where none of the given members lives, largest population first. A postal code may reach
 * several municipalities; a member there counts for each of them, so a municipality is a white spot only when no
 * member can possibly live in it.
 */
export function computeWhiteSpots(
  territory: DistrictTerritory,
  counts: { postalCode: string | null; n: number }[],
): WhiteSpots {
  const all = municipalitiesOfTerritory(territory)
  const inTerritory = new Set(all.map((m) => m.ags))
  const reached = new Set<string>()
  let unplaced = 0
  for (const { postalCode, n } of counts) {
    const hits = postalCode
      ? municipalitiesOfPostalCode(postalCode).filter((ags) => inTerritory.has(ags))
      : []
    if (hits.length === 0) unplaced += Number(n)
    for (const ags of hits) reached.add(ags)
  }
  const spots = all
    .filter((m) => !reached.has(m.ags))
    .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name, 'de'))
    .map((m) => ({ ...m, covered: false as const }))
  return {
    municipalities: all.length,
    spots,
    covered: all.filter((m) => reached.has(m.ags)),
    peopleInSpots: spots.reduce((n, m) => n + m.population, 0),
    unplaced,
    kreise: kreiseOfTerritory(territory),
  }
}

/** The white spots of one KV, for its board and the offices above. Counts only, never names. */
export async function whiteSpotsOf(deps: AppDeps, actor: Actor, unitId: string) {
  const db = deps.database.db
  const unit = await repo.findUnit(db, unitId)
  if (unit?.kind !== 'district') throw new NotFoundError()
  const viewer = await viewerOf(db, actor)
  if (!can(viewer, 'whiteSpots.view', { unit })) throw new NotFoundError()
  const territory = (await readDistrictTerritories(db, [unit])).get(unit.id)!
  if (!hasTerritory(territory)) return { unit, result: null }
  const counts = await repo.memberCountsByPostalCode(db, [unit.id])
  return { unit, result: computeWhiteSpots(territory, counts) }
}

/** Per KV below the offices the actor holds: municipalities, white spots, inhabitants there. */
export async function whiteSpotTotals(deps: AppDeps, actor: Actor) {
  const db = deps.database.db
  const viewer = await viewerOf(db, actor)
  const districts = new Map<string, OrgUnit>()
  for (const g of actor.grants) {
    const scope = await repo.findUnit(db, g.unitId)
    if (!scope || !can(viewer, 'whiteSpots.totals', { unit: scope })) continue
    for (const d of await repo.districtsBelow(db, scope.path)) districts.set(d.id, d)
  }
  const territories = await readDistrictTerritories(db, [...districts.values()])
  const counts = await repo.memberCountsByPostalCode(db, [...districts.keys()])
  return [...districts.values()]
    .filter((unit) => hasTerritory(territories.get(unit.id)!))
    .map((unit) => {
      const r = computeWhiteSpots(
        territories.get(unit.id)!,
        counts.filter((c) => c.unitId === unit.id),
      )
      return { unit, municipalities: r.municipalities, spots: r.spots.length, peopleInSpots: r.peopleInSpots }
    })
    .sort((a, b) => b.peopleInSpots - a.peopleInSpots)
}
