import type { UnitKind } from '../../platform/units.js'
import type { Reason, StructureProblem, StructureRow } from './structure-file.js'
import type { Territory } from './structure-geodata.js'
import type { OrgUnit } from './tables.js'
import {
  districtFields,
  districtTerritory,
  hasTerritory,
  municipalityInDistrict,
  type PlacesOutside,
  placeLabels,
  placesLeftOutside,
  postalCodeInDistrict,
  sameTerritory,
} from './territory.js'

/** The fields a structure file decides; everything else about a unit (id, history, what hangs on it) stays. */
export const structureFields = [
  'key',
  'name',
  'shortName',
  'website',
  'email',
  'ags',
  'kreisType',
  'population',
  'areaKm2',
  'anchorLon',
  'anchorLat',
  'postalCodes',
] as const
type Field = (typeof structureFields)[number]
export type UnitValues = { [F in Field]: OrgUnit[F] }
export type ExistingUnit = Pick<
  OrgUnit,
  'id' | 'kind' | 'parentId' | 'path' | 'dissolvedAt' | 'municipalities' | Field
>

export type PlannedUnit = UnitValues & { kind: UnitKind; parentKey: string | null; row: StructureRow }
export type StructurePlan = {
  /** New units, parents before children. */
  create: PlannedUnit[]
  /** Existing units whose fields or parent change, parents before children. */
  update: {
    unit: ExistingUnit
    planned: PlannedUnit
    changes: Partial<Record<Field, [old: unknown, new: unknown]>>
    parentChanged: boolean
  }[]
  unchanged: number
  /** The units on the platform the rows name, by the rows' keys. */
  matched: Map<string, ExistingUnit>
  /** Units on the platform that the file does not name: reported, never deleted. */
  missing: ExistingUnit[]
  /** Which unit (by key) covers each Kreis the file names, and the Kreise that units of the file no longer cover. */
  coverage: { assign: Map<string, string>; release: string[] }
}

const levelOrder: Record<string, number> = { federal: 0, state: 1, district: 2, local: 3 }
const round2 = (n: number) => Math.round(n * 100) / 100

/**
 * What the file says a unit is, with its figures summed from the official data of its territory. A district's
 * territory is the Kreise its row names and the single municipalities the platform keeps for it (`unit`, when it
 * exists): its key, type, figures and point follow that territory as on the platform (`districtFields`), the
 * key being the first Kreis the row names; a city district (a row with a point, no Kreise, no municipalities)
 * is where the file puts it.
 */
function plannedValues(
  row: StructureRow,
  territory: Territory,
  all: StructureRow[],
  unit: ExistingUnit | undefined,
): PlannedUnit {
  const base = {
    kind: row.level,
    parentKey: row.parentKey,
    row,
    key: row.key,
    name: row.name,
    shortName: row.shortName,
    website: row.website,
    email: row.email,
    ags: row.ags,
    kreisType: null as string | null,
    population: null as number | null,
    areaKm2: null as number | null,
    anchorLon: row.point?.lon ?? null,
    anchorLat: row.point?.lat ?? null,
    postalCodes: row.postalCodes,
  }
  if (row.level === 'federal') {
    let population = 0
    let area = 0
    for (const s of all.filter((r) => r.level === 'state')) {
      const facts = territory.states.get(s.ags ?? '')
      population += facts?.population ?? 0
      area += facts?.areaKm2 ?? 0
    }
    return { ...base, population, areaKm2: round2(area) }
  }
  if (row.level === 'state') {
    const facts = territory.states.get(row.ags ?? '')
    return { ...base, population: facts?.population ?? null, areaKm2: facts ? round2(facts.areaKm2) : null }
  }
  const municipalities = unit?.kind === 'district' ? unit.municipalities : []
  if (row.level === 'district' && row.kreise.length + municipalities.length > 0) {
    const fields = districtFields(row.kreise, municipalities, row.kreise[0] ?? null)
    return { ...base, ...fields, areaKm2: fields.areaKm2 === null ? null : round2(fields.areaKm2) }
  }
  if (row.level === 'local' && row.ags) {
    const g = territory.gemeinden.get(row.ags)!
    return {
      ...base,
      population: g.population,
      areaKm2: g.areaKm2,
      anchorLon: row.point?.lon ?? g.lon,
      anchorLat: row.point?.lat ?? g.lat,
    }
  }
  return base
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|')

const same = (field: Field, a: unknown, b: unknown) =>
  field === 'areaKm2' && typeof a === 'number' && typeof b === 'number'
    ? Math.abs(a - b) < 0.01 // stored as a 4-byte real
    : Array.isArray(a) && Array.isArray(b)
      ? sameList(a, b)
      : a === b

/**
 * Units that existed before structure files were loaded carry no key: the file's row adopts such a unit
 * when it is the same territory (the federation; a state or Kreis by its AGS; a city district by AGS and name).
 */
function adoptKeyless(row: StructureRow, keyless: ExistingUnit[]): ExistingUnit | undefined {
  return keyless.find((u) => {
    if (u.kind !== row.level) return false
    if (row.level === 'federal') return true
    if (row.level === 'state') return u.ags === row.ags
    if (row.level === 'district' && row.kreise.length > 0)
      return u.kreisType !== null && u.ags === row.kreise[0]
    return u.ags === row.ags && u.name === row.name
  })
}

/**
 * Compares the checked rows with the units on the platform: what is new, what changes (fields, parent),
 * what stays, and what the platform has that the file does not name. A row whose key belongs to a unit of
 * another level is a problem: a unit does not change its level.
 */
export function planStructure(
  rows: StructureRow[],
  existing: ExistingUnit[],
  coverage: Map<string, string>,
  territory: Territory,
): { ok: true; plan: StructurePlan } | { ok: false; problems: StructureProblem[] } {
  const problems: StructureProblem[] = []
  const byKey = new Map(existing.filter((u) => u.key !== null).map((u) => [u.key!, u]))
  const keyless = existing.filter((u) => u.key === null && u.kind !== 'team')
  const matched = new Map<string, ExistingUnit>()
  for (const row of rows) {
    const unit = byKey.get(row.key) ?? adoptKeyless(row, keyless)
    if (!unit) continue
    if (unit.kind !== row.level) {
      const reason: Reason = { key: 'orgUnits.structure.reasons.levelChanged', params: { key: row.key } }
      problems.push({ file: row.file, line: row.line, field: 'level', reason })
      continue
    }
    keyless.splice(keyless.indexOf(unit), 1)
    matched.set(row.key, unit)
  }
  // A KV named without AGS keeps the territory of single municipalities it has on the platform; a new one, or one
  // without such a territory, needs its Kreise.
  for (const row of rows) {
    if (row.level !== 'district' || row.kreise.length > 0 || row.point) continue
    if ((matched.get(row.key)?.municipalities.length ?? 0) === 0)
      problems.push({
        file: row.file,
        line: row.line,
        field: 'ags',
        reason: { key: 'orgUnits.structure.reasons.districtAgs' },
      })
  }
  if (problems.length > 0) return { ok: false, problems }
  problems.push(...localGroupsOfMunicipalities(rows, matched))

  const idOfKey = new Map([...matched].map(([key, u]) => [key, u.id]))
  // A postal code of a local group in the file that an open local group on the platform, not named by the
  // file, holds in the same district (one created on the platform) would place its members in two groups.
  const matchedIds = new Set([...matched.values()].map((u) => u.id))
  const heldOnPlatform = new Map<string, ExistingUnit>()
  for (const u of existing)
    if (u.kind === 'local' && !u.dissolvedAt && !matchedIds.has(u.id))
      for (const code of u.postalCodes) heldOnPlatform.set(`${u.parentId}|${code}`, u)
  for (const row of rows) {
    const parentId = row.parentKey ? idOfKey.get(row.parentKey) : undefined
    if (!parentId) continue
    for (const code of row.postalCodes) {
      const other = heldOnPlatform.get(`${parentId}|${code}`)
      if (other)
        problems.push({
          file: row.file,
          line: row.line,
          field: 'postalCodes',
          reason: {
            key: 'orgUnits.structure.reasons.postalCodeTaken',
            params: { plz: code, unit: other.name },
          },
        })
    }
  }
  // A Kreis of the file that holds a municipality another district names on the platform would be covered twice.
  const namedBy = new Map<string, ExistingUnit>()
  for (const u of existing)
    if (u.kind === 'district' && !u.dissolvedAt) for (const ags of u.municipalities) namedBy.set(ags, u)
  for (const row of rows) {
    const own = matched.get(row.key)
    const other = [...namedBy].find(([ags, u]) => row.kreise.includes(ags.slice(0, 5)) && u.id !== own?.id)
    if (other)
      problems.push({
        file: row.file,
        line: row.line,
        field: 'ags',
        reason: {
          key: 'orgUnits.structure.reasons.kreisHasMunicipality',
          params: {
            ags: other[0].slice(0, 5),
            municipality: territory.gemeinden.get(other[0])?.name ?? other[0],
            unit: other[1].name,
          },
        },
      })
  }
  if (problems.length > 0) return { ok: false, problems }
  const plan: StructurePlan = {
    create: [],
    update: [],
    unchanged: 0,
    matched,
    missing: [],
    coverage: { assign: new Map(), release: [] },
  }
  const ordered = [...rows].sort((a, b) => levelOrder[a.level]! - levelOrder[b.level]!)
  for (const row of ordered) {
    const unit = matched.get(row.key)
    const planned = plannedValues(row, territory, rows, unit)
    if (!unit) {
      plan.create.push(planned)
      continue
    }
    const changes: StructurePlan['update'][number]['changes'] = {}
    for (const f of structureFields) if (!same(f, unit[f], planned[f])) changes[f] = [unit[f], planned[f]]
    const parentId = row.parentKey ? idOfKey.get(row.parentKey) : null
    const parentChanged = (parentId ?? null) !== unit.parentId
    if (parentChanged || Object.keys(changes).length > 0)
      plan.update.push({ unit, planned, changes, parentChanged })
    else plan.unchanged++
  }

  plan.missing = existing
    .filter((u) => !matchedIds.has(u.id) && (u.key !== null || keyless.includes(u)))
    .filter((u) => u.kind !== 'team' && (u.kind !== 'local' || u.key !== null))
  for (const row of rows) for (const a of row.kreise) plan.coverage.assign.set(a, row.key)
  for (const [ags, unitId] of coverage) {
    const owner = [...matched].find(([, u]) => u.id === unitId)?.[0]
    // A Kreis that a unit of the file held and no longer covers is released; a missing unit keeps its Kreise.
    if (plan.coverage.assign.get(ags) === owner && owner !== undefined) plan.coverage.assign.delete(ags)
    else if (owner !== undefined && !plan.coverage.assign.has(ags)) plan.coverage.release.push(ags)
    else if (plan.coverage.assign.has(ags)) plan.coverage.release.push(ags)
  }
  const outside = localGroupsLeftOutside(rows, existing, plan, coverage)
  if (outside.length > 0) return { ok: false, problems: outside }
  return { ok: true, plan }
}

/**
 * A local group of the file under a KV of single municipalities (named without AGS, its territory kept on the
 * platform): its municipality and postal codes lie in those municipalities, as the file checks them against a
 * KV's Kreise.
 */
function localGroupsOfMunicipalities(
  rows: StructureRow[],
  matched: Map<string, ExistingUnit>,
): StructureProblem[] {
  const rowOf = new Map(rows.map((r) => [r.key, r]))
  const problems: StructureProblem[] = []
  const problem = (row: StructureRow, field: 'ags' | 'postalCodes', reason: Reason) =>
    problems.push({ file: row.file, line: row.line, field, reason })
  for (const row of rows) {
    const parent = row.level === 'local' && row.parentKey ? rowOf.get(row.parentKey) : undefined
    if (parent?.level !== 'district' || parent.kreise.length > 0 || parent.ags) continue
    const own = districtTerritory([], {
      ags: null,
      municipalities: matched.get(parent.key)?.municipalities ?? [],
    })
    if (row.ags && !municipalityInDistrict(own, row.ags))
      problem(row, 'ags', {
        key: 'orgUnits.structure.reasons.outsideParent',
        params: { ags: row.ags, parent: parent.name },
      })
    for (const code of row.postalCodes)
      if (!postalCodeInDistrict(own, code))
        problem(row, 'postalCodes', {
          key: 'orgUnits.structure.reasons.postalCodeOutside',
          params: { plz: code, parent: parent.name },
        })
  }
  return problems
}

/**
 * The local groups on the platform that the plan would leave with places outside their district: a district whose
 * territory shrinks (its row covers fewer Kreise, or a row takes a Kreis from it) keeps the municipalities and
 * postal codes of its local groups that lay inside it, and a local group the file moves to another district
 * brings municipalities that lie there. Each such group is a problem at the line that does it (the district's
 * row, the row that takes its Kreis, or the group's own row). Postal codes a group's row names are checked with
 * the file; those of groups the file does not name are checked here.
 */
function localGroupsLeftOutside(
  rows: StructureRow[],
  existing: ExistingUnit[],
  plan: StructurePlan,
  coverage: Map<string, string>,
): StructureProblem[] {
  const rowOf = new Map(rows.map((r) => [r.key, r]))
  const keyOfId = new Map([...plan.matched].map(([key, u]) => [u.id, key]))
  const byId = new Map(existing.map((u) => [u.id, u]))
  // A district by its id, or by `key:<key>` when the file creates it.
  const idOf = (key: string) => plan.matched.get(key)?.id ?? `key:${key}`
  const kreiseBefore = new Map<string, string[]>()
  for (const [ags, unitId] of coverage) kreiseBefore.set(unitId, [...(kreiseBefore.get(unitId) ?? []), ags])
  const takenBy = new Map<string, StructureRow>()
  const final = new Map(coverage)
  for (const ags of plan.coverage.release) final.delete(ags)
  for (const [ags, key] of plan.coverage.assign) {
    const owner = idOf(key)
    final.set(ags, owner)
    const from = coverage.get(ags)
    if (from && from !== owner && !takenBy.has(from)) takenBy.set(from, rowOf.get(key)!)
  }
  const kreiseAfter = new Map<string, string[]>()
  for (const [ags, unitId] of final) kreiseAfter.set(unitId, [...(kreiseAfter.get(unitId) ?? []), ags])
  // A city district (a row with a point, or a unit covering neither Kreise nor municipalities) is the Kreis it lies
  // in; a district whose Kreise all go elsewhere has no territory left.
  const territoryAfter = (id: string) => {
    const unit = byId.get(id)
    const row = rowOf.get(unit ? (keyOfId.get(id) ?? '') : id.slice(4))
    const cityDistrict = row
      ? row.kreise.length === 0
      : !kreiseBefore.has(id) && (unit?.municipalities.length ?? 0) === 0
    return districtTerritory(kreiseAfter.get(id) ?? [], {
      ags: cityDistrict ? (row?.ags ?? unit?.ags ?? null) : null,
      municipalities: unit?.municipalities ?? [],
    })
  }
  const nameOf = (id: string) => rowOf.get(keyOfId.get(id) ?? id.slice(4))?.name ?? byId.get(id)?.name ?? ''

  const problems: StructureProblem[] = []
  for (const local of existing) {
    if (local.kind !== 'local' || local.dissolvedAt || !local.parentId) continue
    const row = rowOf.get(keyOfId.get(local.id) ?? '')
    const districtId = row?.parentKey ? idOf(row.parentKey) : local.parentId
    const district = byId.get(districtId)
    if (district && district.kind !== 'district') continue
    const after = territoryAfter(districtId)
    let left: PlacesOutside | undefined
    let at: StructureRow | undefined
    if (districtId !== local.parentId) {
      // Moved by its row: what it names must lie in the new district, as a move on the platform requires.
      const outside = local.municipalities.filter(
        (m) => hasTerritory(after) && !municipalityInDistrict(after, m),
      )
      if (outside.length > 0) left = { municipalities: outside, postalCodes: [] }
      at = row
    } else if (district) {
      const before = districtTerritory(kreiseBefore.get(district.id) ?? [], district)
      if (sameTerritory(before, after)) continue
      left = placesLeftOutside(local, before, after, { postalCodes: !row })
      at = rowOf.get(keyOfId.get(district.id) ?? '') ?? takenBy.get(district.id)
    }
    if (!left || !at) continue
    problems.push({
      file: at.file,
      line: at.line,
      field: at === row ? 'parent' : 'ags',
      reason: {
        key: 'orgUnits.structure.reasons.localGroupOutside',
        params: { unit: row?.name ?? local.name, parent: nameOf(districtId), places: placeLabels(left) },
      },
    })
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}
