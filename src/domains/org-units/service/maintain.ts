import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import type { NewUnitInput, TerritoryInput, UnitDetailsInput } from '../input.js'
import {
  type MunicipalityRef,
  municipalityLabel,
  municipalityLabels,
  municipalityRef,
  readMunicipalityEntries,
  resolveMunicipality,
} from '../municipalities.js'
import { authorize, authorizeActor, can, childKinds, parentPath } from '../policy.js'
import { listMergeConflicts, moveReferences, unitReferences } from '../repo/unit-references.js'
import {
  assignKreise,
  countUnitBelongings,
  findUnit,
  getUnit,
  insertUnit,
  listChildren,
  listKreisCoverage,
  listKreiseOf,
  listMunicipalityClaims,
  listOpenUnitsOfKind,
  lockStructure,
  markDissolved,
  moveUnit,
  releaseKreise,
  releaseLocalMembers,
  revokeDuplicateGrants,
  revokeGrantsOn,
  updateUnitFields,
} from '../repo.js'
import { readTerritory } from '../structure-geodata.js'
import type { OrgUnit } from '../tables.js'
import {
  type DistrictTerritory,
  districtFields,
  districtTerritory,
  hasTerritory,
  municipalityInDistrict,
  placeLabels,
  placesLeftOutside,
  postalCodeInDistrict,
  sameTerritory,
} from '../territory.js'

type Deps = Pick<AppDeps, 'database' | 'now'>
type Meta = { requestId?: string }

/** A unit that still exists; a dissolved one is history and is not kept any more. */
async function openUnit(db: DbOrTx, id: string) {
  const unit = await getUnit(db, id)
  if (unit.dissolvedAt) throw new NotFoundError()
  return unit
}

function mayMaintain(actor: Actor | undefined, unit: OrgUnit): asserts actor is Actor {
  authorizeActor(actor, 'unit.maintain', { unit })
}

/**
 * What the maintenance page of a unit shows the office that keeps it (or the office that creates units
 * below it): its details, its territory, the units it may be moved below or merged into, its children.
 * ForbiddenError for anyone who may do neither.
 */
export async function viewUnitMaintenance(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  opts: { mergeInto?: string } = {},
) {
  const db = deps.database.db
  const unit = await openUnit(db, id)
  authorize(actor, 'unit.openMaintenance', { unit })
  const maintain = can(actor, 'unit.maintain', { unit })
  const createChild = can(actor, 'unit.createChild', { unit })
  const parent = unit.parentId ? await findUnit(db, unit.parentId) : undefined
  const sameLevel = maintain ? await listOpenUnitsOfKind(db, unit.kind) : []
  const parentLevel = maintain && parent ? await listOpenUnitsOfKind(db, parent.kind) : []
  return {
    unit,
    parent,
    children: await listChildren(db, unit.id),
    kreise: unit.kind === 'district' ? await listKreiseOf(db, unit.id) : [],
    // The territory's municipalities as the form writes them: by name, one a line.
    municipalities: municipalityLabels(unit.municipalities),
    childKind: createChild ? (childKinds[unit.kind] ?? null) : null,
    can: { maintain, createChild },
    // Where the actor could also have created it: below a unit of the parent's level they keep units in.
    parentOptions: parentLevel.filter(
      (p) => p.id !== unit.parentId && can(actor, 'unit.createChild', { unit: p }),
    ),
    // Other units of the same level the actor keeps; the unit's siblings first.
    mergeOptions: sameLevel
      .filter((u) => u.id !== unit.id && can(actor, 'unit.maintain', { unit: u }))
      .sort((a, b) => Number(b.parentId === unit.parentId) - Number(a.parentId === unit.parentId)),
    // A merge that was sent: what it does with local groups' postal codes, shown before it is confirmed again.
    mergePreview:
      maintain && opts.mergeInto ? await previewMerge(db, actor, unit, opts.mergeInto) : undefined,
  }
}

const kreisSeparators = /[\s,;]+/

/**
 * Checks the Kreise a district is to cover: five-digit AGS of Kreise that exist, in the district's own state,
 * covered by no other unit. Each problem is a FieldError at `kreise` that names the Kreis.
 */
async function checkKreise(
  db: DbOrTx,
  text: string,
  district: { id: string | null; stateAgs: string | null },
) {
  const territory = readTerritory()
  const list = [...new Set(text.split(kreisSeparators).filter(Boolean))]
  const coverage = await listKreisCoverage(db)
  const claims = await listMunicipalityClaims(db)
  const claimedIn = new Map<string, { municipality: string; unit: string }>()
  // Each Kreis with its first municipality (by key) that another district names.
  for (const [ags, holder] of [...claims].sort(([a], [b]) => a.localeCompare(b)))
    if (holder.id !== district.id && !claimedIn.has(ags.slice(0, 5)))
      claimedIn.set(ags.slice(0, 5), { municipality: municipalityRef(ags)?.name ?? ags, unit: holder.name })
  for (const ags of list) {
    if (!/^\d{5}$/.test(ags)) throw new FieldError('kreise', 'orgUnits.maintain.errors.kreisFormat', { ags })
    const kreis = territory.kreise.get(ags)
    if (!kreis) throw new FieldError('kreise', 'orgUnits.maintain.errors.kreisUnknown', { ags })
    if (district.stateAgs && kreis.stateAgs !== district.stateAgs)
      throw new FieldError('kreise', 'orgUnits.maintain.errors.kreisOtherState', { ags })
    const holder = coverage.get(ags)
    if (holder && holder !== district.id) {
      const other = await findUnit(db, holder)
      throw new FieldError('kreise', 'orgUnits.maintain.errors.kreisCovered', {
        ags,
        unit: other?.name ?? '',
      })
    }
    const claimed = claimedIn.get(ags)
    if (claimed)
      throw new FieldError('kreise', 'orgUnits.maintain.errors.kreisHasMunicipality', { ags, ...claimed })
  }
  return { list }
}

/**
 * Reads a list of municipalities (names, one a line; see `resolveMunicipality`) into their keys, sorted and without
 * repetitions. `scope` says where a name several municipalities share is looked for first; each entry that names
 * none, or several, is a FieldError at `municipalities`. `check` adds the caller's rules for each one found.
 */
function readMunicipalities(
  text: string | undefined,
  scope: (m: MunicipalityRef) => boolean,
  check: (m: MunicipalityRef, label: string) => void,
) {
  const found = new Set<string>()
  for (const entry of readMunicipalityEntries(text ?? '')) {
    const resolved = resolveMunicipality(entry, scope)
    if (!resolved.ok && resolved.reason === 'unknown')
      throw new FieldError('municipalities', 'orgUnits.maintain.errors.municipalityUnknown', { name: entry })
    if (!resolved.ok && resolved.reason === 'ambiguous')
      throw new FieldError('municipalities', 'orgUnits.maintain.errors.municipalityAmbiguous', {
        name: entry,
        candidates: resolved.candidates.map(municipalityLabel).join('; '),
      })
    if (resolved.ok) {
      check(resolved.municipality, municipalityLabel(resolved.municipality))
      found.add(resolved.municipality.ags)
    }
  }
  return [...found].sort()
}

/**
 * Checks the single municipalities a district is to cover besides its Kreise: each must exist, lie in the
 * district's state, lie in none of its own Kreise (those it covers whole already), in no Kreis another district
 * covers, and be named by no other open district. Each problem is a FieldError at `municipalities` that names it.
 */
async function checkDistrictMunicipalities(
  db: DbOrTx,
  text: string | undefined,
  district: { id: string | null; stateAgs: string | null },
  kreise: readonly string[],
) {
  const coverage = await listKreisCoverage(db)
  const claims = await listMunicipalityClaims(db)
  let covered: { name: string; kreis: string; holder: string } | undefined
  const list = readMunicipalities(
    text,
    (m) => !district.stateAgs || m.kreisAgs.startsWith(district.stateAgs),
    (m, name) => {
      if (district.stateAgs && !m.kreisAgs.startsWith(district.stateAgs))
        throw new FieldError('municipalities', 'orgUnits.maintain.errors.municipalityOtherState', { name })
      if (kreise.includes(m.kreisAgs))
        throw new FieldError('municipalities', 'orgUnits.maintain.errors.municipalityInOwnKreis', {
          name,
          kreis: m.kreis,
        })
      const claim = claims.get(m.ags)
      if (claim && claim.id !== district.id)
        throw new FieldError('municipalities', 'orgUnits.maintain.errors.municipalityTaken', {
          name,
          unit: claim.name,
        })
      const holder = coverage.get(m.kreisAgs)
      if (holder && holder !== district.id) covered ??= { name, kreis: m.kreis, holder }
    },
  )
  if (covered)
    throw new FieldError('municipalities', 'orgUnits.maintain.errors.municipalityKreisCovered', {
      name: covered.name,
      kreis: covered.kreis,
      unit: (await findUnit(db, covered.holder))?.name ?? '',
    })
  return list
}

/** A district's territory as it stands: its own Kreise (for a city district the Kreis it lies in) and its municipalities. */
async function territoryOfDistrict(
  db: DbOrTx,
  district: Pick<OrgUnit, 'id' | 'ags' | 'municipalities'>,
): Promise<DistrictTerritory> {
  return districtTerritory(await listKreiseOf(db, district.id), district)
}

/**
 * Checks the postal codes a local group is to have: five digits each, known, touching the district's territory,
 * and held by no other open local group of the district. Each problem is a FieldError at `field` that names the
 * postal code. Answers the list, sorted, without repetitions.
 */
async function checkPostalCodes(
  db: DbOrTx,
  codes: string | readonly string[],
  local: { id: string | null; district: Pick<OrgUnit, 'id' | 'ags' | 'name' | 'municipalities'> },
  field = 'postalCodes',
) {
  const list = [
    ...new Set(typeof codes === 'string' ? codes.split(kreisSeparators).filter(Boolean) : codes),
  ].sort()
  const territory = readTerritory()
  const district = await territoryOfDistrict(db, local.district)
  const holders = new Map<string, string>()
  for (const other of await listChildren(db, local.district.id))
    if (other.kind === 'local' && other.id !== local.id)
      for (const code of other.postalCodes) holders.set(code, other.name)
  for (const plz of list) {
    if (!/^\d{5}$/.test(plz))
      throw new FieldError(field, 'orgUnits.maintain.errors.postalCodeFormat', { plz })
    if (!territory.postalCodeKreise.has(plz))
      throw new FieldError(field, 'orgUnits.maintain.errors.postalCodeUnknown', { plz })
    if (hasTerritory(district) && !postalCodeInDistrict(district, plz))
      throw new FieldError(field, 'orgUnits.maintain.errors.postalCodeOutside', {
        plz,
        unit: local.district.name,
      })
    const holder = holders.get(plz)
    if (holder) throw new FieldError(field, 'orgUnits.maintain.errors.postalCodeTaken', { plz, unit: holder })
  }
  return list
}

/**
 * Checks the municipalities a local group is to have: each must lie in the district's territory (when it has
 * one) and belong to no other open local group of the district. A name several municipalities share is read
 * within the district first. Each problem is a FieldError at `municipalities` that names the municipality.
 */
async function checkLocalMunicipalities(
  db: DbOrTx,
  text: string | undefined,
  local: { id: string | null; district: Pick<OrgUnit, 'id' | 'ags' | 'name' | 'municipalities'> },
) {
  const district = await territoryOfDistrict(db, local.district)
  const holders = new Map<string, string>()
  for (const other of await listChildren(db, local.district.id))
    if (other.kind === 'local' && other.id !== local.id)
      for (const ags of other.municipalities) holders.set(ags, other.name)
  return readMunicipalities(
    text,
    (m) => municipalityInDistrict(district, m.ags),
    (m, name) => {
      if (hasTerritory(district) && !municipalityInDistrict(district, m.ags))
        throw new FieldError('municipalities', 'orgUnits.maintain.errors.municipalityOutside', {
          name,
          unit: local.district.name,
        })
      const holder = holders.get(m.ags)
      if (holder)
        throw new FieldError('municipalities', 'orgUnits.maintain.errors.municipalityHeld', {
          name,
          unit: holder,
        })
    },
  )
}

/** The state AGS a district's Kreise must lie in: its state's key, when the state has one. */
async function stateAgsAbove(db: DbOrTx, parentId: string | null) {
  const parent = parentId ? await findUnit(db, parentId) : undefined
  return parent?.kind === 'state' && parent.ags && /^\d{2}$/.test(parent.ags) ? parent.ags : null
}

const detailsOf = (input: UnitDetailsInput) => ({
  name: input.name,
  shortName: input.shortName ?? null,
  website: input.website ?? null,
  email: input.email ?? null,
})

/**
 * The office above creates a unit of the next level below a unit (a state below the federation, a district
 * below a state with the Kreise it covers, a local group below a district). Audited as `unit.created`.
 */
export async function createChildUnit(
  deps: Deps,
  actor: Actor | undefined,
  parentId: string,
  input: NewUnitInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    await lockStructure(tx)
    const parent = await openUnit(tx, parentId)
    const by = authorizeActor(actor, 'unit.createChild', { unit: parent })
    // The rule refuses a level with none below it.
    const kind = childKinds[parent.kind]!
    const scope = { id: null, stateAgs: kind === 'district' ? await stateAgsAbove(tx, parent.id) : null }
    const territory =
      kind === 'district' && (input.kreise.trim() || input.municipalities?.trim())
        ? await checkKreise(tx, input.kreise, scope)
        : undefined
    const municipalities = territory
      ? await checkDistrictMunicipalities(tx, input.municipalities, scope, territory.list)
      : kind === 'local'
        ? await checkLocalMunicipalities(tx, input.municipalities, { id: null, district: parent })
        : []
    const postalCodes =
      kind === 'local' ? await checkPostalCodes(tx, input.postalCodes, { id: null, district: parent }) : []
    const unit = await insertUnit(tx, {
      kind,
      parentId: parent.id,
      ...detailsOf(input),
      postalCodes,
      municipalities,
      ...(territory ? districtFields(territory.list, municipalities, null) : {}),
      createdAt: deps.now(),
    })
    if (territory)
      await assignKreise(
        tx,
        territory.list.map((kreisAgs) => ({ kreisAgs, unitId: unit.id })),
      )
    await recordAudit(
      tx,
      by,
      {
        action: 'unit.created',
        unit,
        object: { type: 'org_unit', id: unit.id },
        data: {
          kind,
          name: unit.name,
          parentId: parent.id,
          kreise: territory?.list ?? [],
          municipalities,
          postalCodes,
        },
      },
      meta.requestId,
    )
    return unit
  })
}

/** The office above renames a unit or changes its short name, website or e-mail. Audited with the changes. */
export async function updateUnitDetails(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  input: UnitDetailsInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await openUnit(tx, id)
    mayMaintain(actor, unit)
    const next = detailsOf(input)
    const changes = Object.fromEntries(
      (Object.keys(next) as (keyof typeof next)[])
        .filter((k) => next[k] !== unit[k])
        .map((k) => [k, { from: unit[k], to: next[k] }]),
    )
    if (Object.keys(changes).length === 0) return unit
    await updateUnitFields(tx, unit.id, next)
    await recordAudit(
      tx,
      actor,
      {
        action: 'unit.updated',
        unit,
        object: { type: 'org_unit', id: unit.id },
        data: { via: 'page', changes },
      },
      meta.requestId,
    )
    return { ...unit, ...next }
  })
}

/**
 * The office above moves a unit below another unit of its parent's level (a district to another state):
 * everything below it moves along, its id and all that refers to it stay. The actor must keep units in both
 * places. A move into the unit's own subtree or to another level is refused at `parentId`.
 */
export async function moveUnitBelow(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  parentId: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    await lockStructure(tx)
    const unit = await openUnit(tx, id)
    mayMaintain(actor, unit)
    const target = await findUnit(tx, parentId)
    if (!target || target.dissolvedAt)
      throw new FieldError('parentId', 'orgUnits.maintain.errors.parentRequired')
    if (target.path.startsWith(unit.path)) throw new FieldError('parentId', 'orgUnits.maintain.errors.cycle')
    if (childKinds[target.kind] !== unit.kind)
      throw new FieldError('parentId', 'orgUnits.maintain.errors.parentLevel')
    if (target.id === unit.parentId) return unit
    if (!can(actor, 'unit.createChild', { unit: target }))
      throw new FieldError('parentId', 'orgUnits.maintain.errors.notYours')
    // A local group's postal codes must lie in its new district and be free there.
    if (unit.kind === 'local') {
      await checkPostalCodes(tx, unit.postalCodes, { id: unit.id, district: target }, 'parentId')
      await checkLocalMunicipalities(tx, unit.municipalities.join('\n'), {
        id: unit.id,
        district: target,
      }).catch((err: unknown) => {
        throw err instanceof FieldError ? new FieldError('parentId', err.code, err.params) : err
      })
    }
    if (unit.kind === 'district') {
      const stateAgs = target.ags && /^\d{2}$/.test(target.ags) ? target.ags : null
      const outside = (await listKreiseOf(tx, unit.id)).filter((k) => stateAgs && !k.startsWith(stateAgs))
      if (outside.length > 0)
        throw new FieldError('parentId', 'orgUnits.maintain.errors.kreisOtherState', { ags: outside[0]! })
      const away = unit.municipalities.find((m) => stateAgs && !m.startsWith(stateAgs))
      if (away)
        throw new FieldError('parentId', 'orgUnits.maintain.errors.municipalityOtherState', {
          name: municipalityLabel(municipalityRef(away)!),
        })
    }
    const newPath = `${target.path}${unit.id}/`
    await moveUnit(tx, unit.id, target.id, unit.path, newPath)
    await recordAudit(
      tx,
      actor,
      {
        action: 'unit.moved',
        unit: { id: unit.id, path: newPath },
        object: { type: 'org_unit', id: unit.id },
        data: { from: unit.parentId, to: target.id, toName: target.name },
      },
      meta.requestId,
    )
    return { ...unit, parentId: target.id, path: newPath }
  })
}

/**
 * The territory form of a unit's maintenance page: a district's Kreise, or a local group's postal codes.
 */
export async function setUnitTerritory(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  input: TerritoryInput,
  meta: Meta = {},
) {
  const unit = await openUnit(deps.database.db, id)
  if (unit.kind === 'local') return setLocalGroupTerritory(deps, actor, id, input, meta)
  return setDistrictTerritory(deps, actor, id, input, meta)
}

/** A local group's postal codes alone, its municipalities as they are. */
export function setLocalGroupPostalCodes(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  postalCodes: string,
  meta: Meta = {},
) {
  return setLocalGroupTerritory(deps, actor, id, { postalCodes }, meta)
}

/**
 * A district's board sets the territory of one of its local groups: postal codes and municipalities (by name),
 * whose members the import places in it. Each postal code must exist, touch the district's territory and belong to
 * no other local group of the district; each municipality must lie in the district's territory and belong to no
 * other local group of it; otherwise nothing is written. Municipalities left out (`undefined`) stay as they are.
 * Members placed before stay where they are until the next import or a move by hand. Audited as
 * `unit.territory_changed` with the codes and municipalities added and released.
 */
export async function setLocalGroupTerritory(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  input: { postalCodes: string; municipalities?: string | undefined },
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    await lockStructure(tx)
    const unit = await openUnit(tx, id)
    if (unit.kind !== 'local' || !unit.parentId) throw new NotFoundError()
    mayMaintain(actor, unit)
    const district = await getUnit(tx, unit.parentId)
    const list = await checkPostalCodes(tx, input.postalCodes, { id: unit.id, district })
    const municipalities = await checkLocalMunicipalities(
      tx,
      input.municipalities ?? unit.municipalities.join('\n'),
      { id: unit.id, district },
    )
    const added = list.filter((c) => !unit.postalCodes.includes(c))
    const released = unit.postalCodes.filter((c) => !list.includes(c))
    const municipalitiesAdded = municipalities.filter((m) => !unit.municipalities.includes(m))
    const municipalitiesReleased = unit.municipalities.filter((m) => !municipalities.includes(m))
    const municipalityChanges = municipalitiesAdded.length + municipalitiesReleased.length
    if (added.length + released.length + municipalityChanges === 0) return unit
    await updateUnitFields(tx, unit.id, { postalCodes: list, municipalities })
    await recordAudit(
      tx,
      actor,
      {
        action: 'unit.territory_changed',
        unit,
        object: { type: 'org_unit', id: unit.id },
        data: {
          postalCodesAdded: added,
          postalCodesReleased: released,
          ...(municipalityChanges > 0 ? { municipalitiesAdded, municipalitiesReleased } : {}),
        },
      },
      meta.requestId,
    )
    return { ...unit, postalCodes: list, municipalities }
  })
}

/**
 * A district's territory may not shrink past its local groups: when the new territory leaves a municipality or a
 * postal code of one of its open local groups outside (one that lay inside before), the change is refused with a
 * FieldError at `field` that names each local group and its places, and nothing is written.
 */
async function refuseLocalGroupsLeftOutside(
  db: DbOrTx,
  district: OrgUnit,
  before: DistrictTerritory,
  after: DistrictTerritory,
  field: 'kreise' | 'municipalities',
) {
  if (sameTerritory(before, after)) return
  const groups: string[] = []
  for (const local of await listChildren(db, district.id)) {
    if (local.kind !== 'local') continue
    const left = placesLeftOutside(local, before, after)
    if (left) groups.push(`${local.name}: ${placeLabels(left)}`)
  }
  if (groups.length > 0)
    throw new FieldError(field, 'orgUnits.maintain.errors.localGroupsOutside', {
      unit: district.name,
      groups: groups.join('; '),
    })
}

/**
 * The office above sets the Kreise a district covers (after a district reform, or to split a Kreis off) and the
 * single municipalities it covers besides them (a town that went to another Kreis, a Kreis split between two
 * districts). Every Kreis must exist, lie in the district's state and be covered by no other unit, nor hold a
 * municipality another district names; every municipality must exist, lie in the state, outside the district's
 * own Kreise and outside any other district's territory; the new territory must keep every municipality and postal
 * code of the district's local groups that lay inside it. Otherwise nothing is written. The district's key,
 * population, area and point follow its territory (`districtFields`) in the same transaction, so the map (whose
 * cached pages change with the public data version) draws it at its new place on the next request; the directory
 * and the member import follow the coverage.
 */
export async function setDistrictTerritory(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  input: { kreise: string; municipalities?: string | undefined },
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    await lockStructure(tx)
    const unit = await openUnit(tx, id)
    if (unit.kind !== 'district') throw new NotFoundError()
    mayMaintain(actor, unit)
    const scope = { id: unit.id, stateAgs: await stateAgsAbove(tx, unit.parentId) }
    const { list } = await checkKreise(tx, input.kreise, scope)
    const municipalities = await checkDistrictMunicipalities(
      tx,
      input.municipalities ?? unit.municipalities.join('\n'),
      scope,
      list,
    )
    const before = await listKreiseOf(tx, unit.id)
    const released = before.filter((k) => !list.includes(k))
    const added = list.filter((k) => !before.includes(k))
    const municipalitiesAdded = municipalities.filter((m) => !unit.municipalities.includes(m))
    const municipalitiesReleased = unit.municipalities.filter((m) => !municipalities.includes(m))
    const changes =
      released.length + added.length + municipalitiesAdded.length + municipalitiesReleased.length
    if (changes === 0) return { unit, kreise: before, municipalities }
    // A city district stays one without Kreise and municipalities; any other district then has no territory.
    const cityDistrict = before.length === 0 && unit.municipalities.length === 0
    await refuseLocalGroupsLeftOutside(
      tx,
      unit,
      districtTerritory(before, unit),
      districtTerritory(list, { ags: cityDistrict ? unit.ags : null, municipalities }),
      released.length > 0 ? 'kreise' : 'municipalities',
    )
    await releaseKreise(tx, released)
    await assignKreise(
      tx,
      added.map((kreisAgs) => ({ kreisAgs, unitId: unit.id })),
    )
    // Its key, figures and point follow the new territory (a city district that gets one stops being one).
    const fields = { municipalities, ...districtFields(list, municipalities, unit.ags) }
    await updateUnitFields(tx, unit.id, fields)
    await recordAudit(
      tx,
      actor,
      {
        action: 'unit.territory_changed',
        unit,
        object: { type: 'org_unit', id: unit.id },
        data: { added, released, municipalitiesAdded, municipalitiesReleased },
      },
      meta.requestId,
    )
    return { unit: { ...unit, ...fields }, kreise: list, municipalities }
  })
}

/**
 * A postal code two local groups would claim after a merge, and how the merge settles it: the local group of the
 * surviving unit keeps it (`keptBy`), the one coming from the merged unit loses it (`releasedFrom`). A local group
 * merged into one of another district keeps none of the codes that lie outside that district or that another of
 * its local groups holds (`keptBy` then names that one, or nothing).
 */
export type PostalCodeConflict = {
  plz: string
  keptBy: { id: string; name: string } | null
  releasedFrom: { id: string; name: string }
}

/**
 * What a merge of `unit` into `into` does with local groups' postal codes. Districts: the local groups of both
 * become local groups of one district, and a postal code belongs to one of them at most, so a code both hold stays
 * with the survivor's. Local groups: the survivor takes the merged group's codes, less those that conflict.
 */
async function planMergePostalCodes(db: DbOrTx, unit: OrgUnit, into: OrgUnit) {
  const conflicts: PostalCodeConflict[] = []
  const release = new Map<string, string[]>()
  let added: string[] = []
  const ref = (u: Pick<OrgUnit, 'id' | 'name'>) => ({ id: u.id, name: u.name })
  if (unit.kind === 'district') {
    const holders = new Map<string, OrgUnit>()
    for (const local of await listChildren(db, into.id))
      if (local.kind === 'local') for (const code of local.postalCodes) holders.set(code, local)
    for (const local of await listChildren(db, unit.id)) {
      if (local.kind !== 'local') continue
      for (const plz of local.postalCodes) {
        const keeper = holders.get(plz)
        if (!keeper) continue
        conflicts.push({ plz, keptBy: ref(keeper), releasedFrom: ref(local) })
        release.set(local.id, [...(release.get(local.id) ?? []), plz])
      }
    }
  } else if (unit.kind === 'local' && unit.postalCodes.length > 0) {
    const district = into.parentId ? await findUnit(db, into.parentId) : undefined
    const territory = district ? await territoryOfDistrict(db, district) : undefined
    const holders = new Map<string, OrgUnit>()
    if (district && district.id !== unit.parentId)
      for (const other of await listChildren(db, district.id))
        if (other.kind === 'local' && other.id !== into.id)
          for (const code of other.postalCodes) holders.set(code, other)
    for (const plz of unit.postalCodes) {
      const keeper = holders.get(plz)
      const outside = !!territory && hasTerritory(territory) && !postalCodeInDistrict(territory, plz)
      if (keeper || outside)
        conflicts.push({ plz, keptBy: keeper ? ref(keeper) : null, releasedFrom: ref(unit) })
      else if (!into.postalCodes.includes(plz)) added.push(plz)
    }
    added = added.sort()
  }
  conflicts.sort((a, b) => a.plz.localeCompare(b.plz))
  return { conflicts, release, added }
}

/**
 * The municipalities of a local group merged into another that the survivor cannot take: those outside the
 * survivor's district or held by another local group there (labels, for the error). Districts' local groups keep
 * theirs: two districts' territories never share a municipality.
 */
async function planMergeMunicipalities(db: DbOrTx, unit: OrgUnit, into: OrgUnit) {
  if (unit.kind !== 'local' || unit.municipalities.length === 0 || !into.parentId) return { blocked: [] }
  const district = await getUnit(db, into.parentId)
  const territory = await territoryOfDistrict(db, district)
  const held = new Set<string>()
  for (const other of await listChildren(db, district.id))
    if (other.kind === 'local' && other.id !== into.id && other.id !== unit.id)
      for (const ags of other.municipalities) held.add(ags)
  const blocked = unit.municipalities
    .filter((m) => held.has(m) || (hasTerritory(territory) && !municipalityInDistrict(territory, m)))
    .map((m) => municipalityLabel(municipalityRef(m) ?? { name: m, kreis: '' }))
  return { blocked }
}

/**
 * What a merge would do with local groups' postal codes, for the maintenance page to show before it happens:
 * the conflicts and how they are settled. Nothing for a target the actor may not merge into (the merge says why).
 */
async function previewMerge(db: DbOrTx, actor: Actor | undefined, unit: OrgUnit, intoId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(intoId)) return undefined
  const into = await findUnit(db, intoId)
  if (!into || into.dissolvedAt || into.id === unit.id || into.kind !== unit.kind) return undefined
  if (into.path.startsWith(unit.path) || !can(actor, 'unit.maintain', { unit: into })) return undefined
  const { conflicts } = await planMergePostalCodes(db, unit, into)
  return { into, postalCodeConflicts: conflicts }
}

const sameCodes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((code, i) => code === [...b].sort()[i])

/**
 * Merges a unit into another of the same level (two KVs after a district reform): its members, territory,
 * partnerships, events, help, volunteers' requests, onboarding, resolutions, reports, roles and the units
 * below it move to the surviving unit, as `unitReferences` lists for every column that refers to a unit.
 * The merged unit stays, dissolved and marked as merged, so its history still names it.
 * Refused at `intoId`, with nothing written: the unit itself, a unit below it, another level, a unit the
 * actor does not keep, or open partnerships that would collide (between the two, or both with the same KV).
 * Postal codes that local groups of both would claim are settled as `planMergePostalCodes` says, only when the
 * actor saw exactly these (`postalCodeConflictsSeen`, from the page's preview); otherwise the merge is refused
 * with the list, and the audit row records how each was settled.
 */
export async function mergeUnitInto(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  intoId: string,
  meta: Meta = {},
  opts: { postalCodeConflictsSeen?: readonly string[] } = {},
) {
  return deps.database.db.transaction(async (tx) => {
    await lockStructure(tx)
    const unit = await openUnit(tx, id)
    mayMaintain(actor, unit)
    const into = await findUnit(tx, intoId)
    if (!into || into.dissolvedAt) throw new FieldError('intoId', 'orgUnits.maintain.errors.intoRequired')
    if (into.id === unit.id) throw new FieldError('intoId', 'orgUnits.maintain.errors.intoSelf')
    if (into.path.startsWith(unit.path)) throw new FieldError('intoId', 'orgUnits.maintain.errors.intoChild')
    if (into.kind !== unit.kind) throw new FieldError('intoId', 'orgUnits.maintain.errors.intoLevel')
    if (!can(actor, 'unit.maintain', { unit: into }))
      throw new FieldError('intoId', 'orgUnits.maintain.errors.notYours')
    const conflicts = await listMergeConflicts(tx, unit.id, into.id)
    if (conflicts.length > 0)
      throw new FieldError('intoId', 'orgUnits.maintain.errors.partnershipConflict', {
        units: conflicts.map((c) => c.otherName).join(', '),
      })
    // Postal codes two local groups would claim are settled, never silently: the actor must have seen the list.
    const postalCodes = await planMergePostalCodes(tx, unit, into)
    const codes = postalCodes.conflicts.map((c) => c.plz)
    if (codes.length > 0 && !sameCodes(codes, opts.postalCodeConflictsSeen ?? []))
      throw new FieldError('intoId', 'orgUnits.maintain.errors.postalCodeConflicts', {
        count: codes.length,
        codes: codes.join(', '),
      })
    // A local group's municipalities go to the survivor whole, or the merge is refused with those in the way.
    const localMunicipalities = await planMergeMunicipalities(tx, unit, into)
    if (localMunicipalities.blocked.length > 0)
      throw new FieldError('intoId', 'orgUnits.maintain.errors.municipalityConflicts', {
        names: localMunicipalities.blocked.join(', '),
      })
    for (const [localId, released] of postalCodes.release) {
      const local = await getUnit(tx, localId)
      await updateUnitFields(tx, localId, {
        postalCodes: local.postalCodes.filter((c) => !released.includes(c)),
      })
    }

    const now = deps.now()
    const moved: Record<string, number> = {}
    // The units below move with their subtrees (their paths change), before anything else refers to paths.
    for (const child of await listChildren(tx, unit.id, { teams: true })) {
      await moveUnit(tx, child.id, into.id, child.path, `${into.path}${child.id}/`)
      moved['org_units.parent_id'] = (moved['org_units.parent_id'] ?? 0) + 1
    }
    moved['role_grants.revoked'] = await revokeDuplicateGrants(tx, unit.id, into.id, actor.userId, now)
    for (const ref of unitReferences) {
      if (ref.table === 'role_grants') continue
      const n = await moveReferences(tx, ref, unit.id, into.id)
      if (n > 0) moved[`${ref.table}.${ref.column}`] = n
    }
    const grants = await moveReferences(
      tx,
      { table: 'role_grants', column: 'unit_id', how: 'move', why: '' },
      unit.id,
      into.id,
    )
    if (grants > 0) moved['role_grants.unit_id'] = grants
    // Two local groups become one: the survivor's territory is both groups' postal codes, less the conflicts.
    if (unit.kind === 'local' && unit.postalCodes.length > 0) {
      if (postalCodes.added.length > 0)
        await updateUnitFields(tx, into.id, {
          postalCodes: [...new Set([...into.postalCodes, ...postalCodes.added])].sort(),
        })
      await updateUnitFields(tx, unit.id, { postalCodes: [] })
      moved['org_units.postal_codes'] = postalCodes.added.length
    }
    // Two districts (or two local groups) become one: the survivor's territory holds both (Kreise moved above).
    const municipalities = [...new Set([...into.municipalities, ...unit.municipalities])].sort()
    if (unit.municipalities.length > 0) {
      await updateUnitFields(tx, unit.id, { municipalities: [] })
      await updateUnitFields(tx, into.id, { municipalities })
      moved['org_units.municipalities'] = unit.municipalities.length
    }
    const kreise = await listKreiseOf(tx, into.id)
    // Its key, figures and point follow the territory of both; a city district merged into one keeps its own.
    if (unit.kind === 'district' && kreise.length + municipalities.length > 0)
      await updateUnitFields(tx, into.id, districtFields(kreise, municipalities, into.ags))
    await markDissolved(tx, unit.id, now, into.id)
    await recordAudit(
      tx,
      actor,
      {
        action: 'unit.merged',
        unit: into,
        object: { type: 'org_unit', id: unit.id },
        data: {
          name: unit.name,
          into: into.id,
          intoName: into.name,
          moved,
          postalCodeConflicts: postalCodes.conflicts,
        },
      },
      meta.requestId,
    )
    return { unit, into, moved, postalCodeConflicts: postalCodes.conflicts }
  })
}

/**
 * The office above dissolves a unit. A district or state with members who have not left, units below it that
 * still exist, or open partnerships is refused (merge it, or move them first); a local group's members belong
 * to their district alone again. Its roles end, its Kreise are uncovered; the row stays as history.
 */
export async function dissolveUnit(deps: Deps, actor: Actor | undefined, id: string, meta: Meta = {}) {
  return deps.database.db.transaction(async (tx) => {
    await lockStructure(tx)
    const unit = await openUnit(tx, id)
    mayMaintain(actor, unit)
    const belongings = await countUnitBelongings(tx, unit)
    if (belongings.members > 0)
      throw new FieldError('confirm', 'orgUnits.maintain.errors.hasMembers', { count: belongings.members })
    if (belongings.children > 0)
      throw new FieldError('confirm', 'orgUnits.maintain.errors.hasChildren', { count: belongings.children })
    if (belongings.partnerships > 0)
      throw new FieldError('confirm', 'orgUnits.maintain.errors.hasPartnerships', {
        count: belongings.partnerships,
      })
    const now = deps.now()
    const localMembers = unit.kind === 'local' ? await releaseLocalMembers(tx, unit.id) : 0
    const kreise = await listKreiseOf(tx, unit.id)
    await releaseKreise(tx, kreise)
    const municipalities = unit.municipalities
    if (municipalities.length > 0) await updateUnitFields(tx, unit.id, { municipalities: [] })
    const grants = await revokeGrantsOn(tx, unit.id, actor.userId, now)
    await markDissolved(tx, unit.id, now)
    await recordAudit(
      tx,
      actor,
      {
        action: 'unit.dissolved',
        unit: { id: unit.parentId ?? unit.id, path: parentPath(unit.path) },
        object: { type: 'org_unit', id: unit.id },
        data: { name: unit.name, kind: unit.kind, localMembers, kreise, municipalities, grants },
      },
      meta.requestId,
    )
    return unit
  })
}
