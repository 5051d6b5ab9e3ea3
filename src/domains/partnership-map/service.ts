import type { DbOrTx } from '../../platform/db/types.js'
import { NotFoundError } from '../../platform/errors.js'
import {
  kreiseOfPostalCode,
  municipalitiesOfPostalCode,
  pointOfMunicipalities,
  populationOfKreis,
} from '../org-units/index.js'
import type { PartnershipKind } from '../partnerships/index.js'
import { findTowns, type Municipality } from './gazetteer.js'
import { mapGeometry } from './geometry.js'
import type { MapFilters, UnpartneredSort } from './input.js'
import {
  findPublicUnit,
  listDistricts,
  listDistrictsByAgs,
  listDistrictsWithoutOpenPartnership,
  listPublicPartnershipRows,
  listStates,
  type MapUnit,
  type PublicPartnershipRow,
  type PublicStatus,
  searchDistrictsByName,
} from './repo.js'

/** The version of the map's data: cached pages are redrawn when it changes. */
export { readDataVersion } from './repo.js'

/** A named coordinator; `name` is null until the person has accepted the role, so the public sees the role only. */
export type PublicCoordinator = { name: string | null; email: string | null }

export type PublicSide = {
  id: string
  name: string
  /** Two-digit key of the side's state, when known. */
  stateAgs: string | null
  /** [lon, lat] of the end of the line on the map. */
  point: [number, number] | null
  coordinator: PublicCoordinator | null
}

/** What the public may know about a partnership: no member ids, e-mail only with consent. */
export type PublicPartnership = {
  id: string
  kind: PartnershipKind
  status: PublicStatus
  startedOn: string | null
  story: string | null
  tags: string[]
  a: PublicSide
  b: PublicSide
}

type SideRow = PublicPartnershipRow['a']

function anchorOf(side: SideRow): [number, number] | null {
  if (side.anchorLon != null && side.anchorLat != null) return [side.anchorLon, side.anchorLat]
  const kreis = side.ags ? mapGeometry().kreise.get(side.ags.slice(0, 5)) : undefined
  if (kreis) return [kreis.labelLon, kreis.labelLat]
  // A KV of single municipalities sits at its most populous one.
  const point = side.municipalities ? pointOfMunicipalities(side.municipalities) : undefined
  if (point) return point
  // A local group without a point of its own sits at its district's.
  if (side.parentAnchorLon != null && side.parentAnchorLat != null)
    return [side.parentAnchorLon, side.parentAnchorLat]
  return null
}

function stateAgsOf(side: SideRow, statesById: Map<string, string>): string | null {
  for (const id of (side.path ?? '').split('/')) {
    const ags = statesById.get(id)
    if (ags) return ags
  }
  const ags = side.ags ?? side.parentAgs
  return ags && ags.length >= 5 ? ags.slice(0, 2) : null
}

function toPublicSide(side: SideRow, emailPublic: boolean, statesById: Map<string, string>): PublicSide {
  const accepted = side.coordinatorFirstName != null || side.coordinatorLastName != null
  // Both units are inner joins; the row type only loses that because the select is built per side.
  return {
    id: side.id!,
    name: side.name!,
    stateAgs: stateAgsOf(side, statesById),
    point: anchorOf(side),
    coordinator: side.coordinatorNamed
      ? {
          name: accepted
            ? `${side.coordinatorFirstName ?? ''} ${side.coordinatorLastName ?? ''}`.trim()
            : null,
          email: accepted && emailPublic ? (side.coordinatorEmail ?? null) : null,
        }
      : null,
  }
}

async function stateKeys(db: DbOrTx) {
  const states = await listStates(db)
  return new Map(states.filter((s) => s.ags).map((s) => [s.id, s.ags!]))
}

/** The public partnerships, optionally only those of one unit. The one place that decides what is public. */
export async function listPublicPartnerships(db: DbOrTx, unitId?: string): Promise<PublicPartnership[]> {
  const [rows, states] = await Promise.all([listPublicPartnershipRows(db, unitId), stateKeys(db)])
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status as PublicStatus,
    startedOn: r.startedOn,
    story: r.story,
    tags: r.tags,
    a: toPublicSide(r.a, r.emailPublicA, states),
    b: toPublicSide(r.b, r.emailPublicB, states),
  }))
}

export function filterPartnerships(list: PublicPartnership[], f: MapFilters): PublicPartnership[] {
  return list.filter(
    (p) =>
      (!f.state || p.a.stateAgs === f.state || p.b.stateAgs === f.state) &&
      (!f.kind || p.kind === f.kind) &&
      (!f.status || p.status === f.status) &&
      (!f.since || (p.startedOn !== null && Number(p.startedOn.slice(0, 4)) >= f.since)),
  )
}

/** A search on the map: the KVs found (marked on the map) for the words typed. */
export type MapSearch = { q: string; hits: DirectoryHit[] }

export type MapData = { partnerships: PublicPartnership[]; districts: MapUnit[]; search?: MapSearch }

/**
 * Everything the map draws: the districts to link and the partnerships to join. With a search, the KVs
 * found are marked and the lines and the list keep their partnerships only (all of them when none is found).
 */
export async function viewMap(db: DbOrTx, filters: MapFilters): Promise<MapData> {
  const [all, listed] = await Promise.all([listPublicPartnerships(db), listDistricts(db)])
  // A KV without a point, a Kreis or a key of its own (single municipalities) is a dot at its largest municipality.
  const districts = listed.map((d) => {
    if (d.anchorLon != null || d.ags || d.kreise.length > 0) return d
    const point = pointOfMunicipalities(d.municipalities)
    return point ? { ...d, anchorLon: point[0], anchorLat: point[1] } : d
  })
  let partnerships = filterPartnerships(all, filters)
  if (!filters.q) return { partnerships, districts }
  const search = { q: filters.q, hits: await searchDirectory(db, filters.q, all) }
  const found = new Set(search.hits.map((h) => h.unit.id))
  if (found.size > 0) partnerships = partnerships.filter((p) => found.has(p.a.id) || found.has(p.b.id))
  return { partnerships, districts, search }
}

/** A KV or local group with its public partnerships; anything else is not found. */
export async function viewPublicUnit(db: DbOrTx, id: string) {
  const unit = await findPublicUnit(db, id)
  if (!unit) throw new NotFoundError()
  return { unit, partnerships: await listPublicPartnerships(db, unit.id) }
}

export type DirectoryHit = {
  unit: MapUnit
  /** Why it matched: the town or postal code that led to its Kreis, when not its name. */
  via: { kind: 'name' } | { kind: 'town'; town: Municipality } | { kind: 'postalCode'; code: string }
  partners: { id: string; name: string }[]
}

/**
 * Finds KVs by name, by a town in their Kreis, or by a five-digit postal code.
 * City-district KVs share their city's key, so a town or code may lead to several.
 */
export async function searchDirectory(
  db: DbOrTx,
  rawQuery: string,
  publicPartnerships?: PublicPartnership[],
): Promise<DirectoryHit[]> {
  const query = rawQuery.trim()
  if (query.length < 2) return []
  const hits: DirectoryHit[] = []
  const seen = new Set<string>()
  const add = (unit: MapUnit, via: DirectoryHit['via']) => {
    if (seen.has(unit.id)) return
    seen.add(unit.id)
    hits.push({ unit, via, partners: [] })
  }
  if (/^\d{5}$/.test(query)) {
    const kreise = [...kreiseOfPostalCode(query)]
    for (const unit of await listDistrictsByAgs(db, kreise, municipalitiesOfPostalCode(query)))
      add(unit, { kind: 'postalCode', code: query })
  } else {
    for (const unit of await searchDistrictsByName(db, query)) add(unit, { kind: 'name' })
    const towns = findTowns(query)
    const units = await listDistrictsByAgs(
      db,
      [...new Set(towns.map((t) => t.kreisAgs))],
      towns.map((t) => t.ags),
    )
    for (const town of towns) {
      for (const unit of units)
        if (
          unit.ags === town.kreisAgs ||
          unit.kreise.includes(town.kreisAgs) ||
          unit.municipalities.includes(town.ags)
        )
          add(unit, { kind: 'town', town })
    }
  }
  if (hits.length === 0) return hits
  const ids = new Set(hits.map((h) => h.unit.id))
  for (const p of publicPartnerships ?? (await listPublicPartnerships(db))) {
    for (const [self, other] of [
      [p.a, p.b],
      [p.b, p.a],
    ] as const) {
      if (ids.has(self.id)) hits.find((h) => h.unit.id === self.id)?.partners.push(other)
    }
  }
  return hits
}

export type UnpartneredRow = Awaited<ReturnType<typeof listDistrictsWithoutOpenPartnership>>[number]

/** KVs without an open partnership, for the federal office's matchmaking; population falls back to the census. */
export async function listUnpartnered(db: DbOrTx, sort: UnpartneredSort): Promise<UnpartneredRow[]> {
  const rows = await listDistrictsWithoutOpenPartnership(db)
  const withPopulation = rows.map((r) => ({
    ...r,
    population: r.population ?? (r.ags ? (populationOfKreis(r.ags) ?? null) : null),
  }))
  const byName = (a: UnpartneredRow, b: UnpartneredRow) => a.name.localeCompare(b.name, 'de')
  const sorters: Record<UnpartneredSort, (a: UnpartneredRow, b: UnpartneredRow) => number> = {
    state: (a, b) => (a.stateName ?? '').localeCompare(b.stateName ?? '', 'de') || byName(a, b),
    name: byName,
    population: (a, b) => (b.population ?? -1) - (a.population ?? -1) || byName(a, b),
  }
  return withPopulation.sort(sorters[sort])
}
