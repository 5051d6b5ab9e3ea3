import {
  type MunicipalityRef,
  municipalitiesOfKreis,
  municipalitiesOfPostalCode,
  municipalityLabel,
  municipalityRef,
  pointOfMunicipalities,
} from './municipalities.js'
import { postalCodeInKreise } from './structure-file.js'
import { readTerritory } from './structure-geodata.js'
import type { OrgUnit } from './tables.js'

/** What a district's territory is made of: the Kreise it covers whole and its single municipalities. */
export type DistrictTerritory = { kreise: readonly string[]; municipalities: readonly string[] }

/**
 * A district's territory from the Kreise it covers (`own`) and its single municipalities. A city district covers
 * neither and stands for a part of the Kreis it lies in (its key), so that Kreis is its territory.
 */
export function districtTerritory(
  own: readonly string[],
  district: Pick<OrgUnit, 'ags' | 'municipalities'>,
): DistrictTerritory {
  const cityDistrict = own.length === 0 && district.municipalities.length === 0 && !!district.ags
  return { kreise: cityDistrict ? [district.ags!] : own, municipalities: district.municipalities }
}

export const hasTerritory = (t: DistrictTerritory) => t.kreise.length > 0 || t.municipalities.length > 0

/** Whether a municipality lies in a district's territory: in one of its Kreise, or named by it. */
export const municipalityInDistrict = (t: DistrictTerritory, ags: string) =>
  t.kreise.includes(ags.slice(0, 5)) || t.municipalities.includes(ags)

/** Whether a postal code's area touches a district's territory: one of its Kreise, or one of its municipalities. */
export function postalCodeInDistrict(t: DistrictTerritory, plz: string) {
  return (
    postalCodeInKreise(readTerritory(), plz, t.kreise) ||
    municipalitiesOfPostalCode(plz).some((m) => t.municipalities.includes(m))
  )
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join()

export const sameTerritory = (a: DistrictTerritory, b: DistrictTerritory) =>
  sameList(a.kreise, b.kreise) && sameList(a.municipalities, b.municipalities)

/** A local group's municipalities (AGS) and postal codes that lie outside its district's territory. */
export type PlacesOutside = { municipalities: string[]; postalCodes: string[] }

/**
 * The places of a local group that a new territory of its district leaves outside: those inside the territory
 * before (a district without one held any place) and not inside the new one (a district left without a territory
 * holds none). Postal codes only with `postalCodes` (a caller that checks them elsewhere leaves them out).
 * Nothing when nothing is left outside.
 */
export function placesLeftOutside(
  local: Pick<OrgUnit, 'municipalities' | 'postalCodes'>,
  before: DistrictTerritory,
  after: DistrictTerritory,
  opts: { postalCodes: boolean } = { postalCodes: true },
): PlacesOutside | undefined {
  const left = <P>(places: readonly P[], inside: (t: DistrictTerritory, p: P) => boolean) =>
    places.filter(
      (p) => (!hasTerritory(before) || inside(before, p)) && !(hasTerritory(after) && inside(after, p)),
    )
  const found = {
    municipalities: left(local.municipalities, municipalityInDistrict),
    postalCodes: opts.postalCodes ? left(local.postalCodes, postalCodeInDistrict) : [],
  }
  return found.municipalities.length + found.postalCodes.length > 0 ? found : undefined
}

/** The places as a sentence names them: municipalities by name ("Gefell (Saale-Orla-Kreis)"), then postal codes. */
export function placeLabels(places: PlacesOutside) {
  return [
    ...places.municipalities.map((ags) =>
      municipalityLabel(municipalityRef(ags) ?? { name: ags, kreis: '' }),
    ),
    ...places.postalCodes,
  ].join(', ')
}

/**
 * The inhabited municipalities of a district's territory: those of the Kreise it covers and its single
 * municipalities, each once.
 */
export function municipalitiesOfTerritory(t: DistrictTerritory): MunicipalityRef[] {
  const found = new Map<string, MunicipalityRef>()
  for (const kreis of t.kreise) for (const m of municipalitiesOfKreis(kreis)) found.set(m.ags, m)
  for (const ags of t.municipalities) {
    const m = municipalityRef(ags)
    if (m && m.population > 0) found.set(ags, m)
  }
  return [...found.values()]
}

/** The Kreise a territory lies in: those it covers and those of its single municipalities, in order. */
export function kreiseOfTerritory(t: DistrictTerritory): string[] {
  return [...new Set([...t.kreise, ...t.municipalities.map((ags) => ags.slice(0, 5))])].sort()
}

/** Where a territory lies: a point for each Kreis it covers (where its name is drawn) and each single municipality. */
export function territoryPoints(t: DistrictTerritory): { lat: number; lon: number }[] {
  const { kreise } = readTerritory()
  const points: { lat: number; lon: number }[] = []
  for (const ags of t.kreise) {
    const k = kreise.get(ags)
    if (k) points.push({ lat: k.labelLat, lon: k.labelLon })
  }
  for (const ags of t.municipalities) {
    const m = municipalityRef(ags)
    if (m) points.push({ lat: m.lat, lon: m.lon })
  }
  return points
}

/**
 * What a district's row says of its territory besides the territory itself, all of it following the territory:
 * the Kreis it stands for (`ags`, `kreisType`), its figures, and its point (where the map draws it and distances
 * are measured from).
 */
export type DistrictFields = Pick<
  OrgUnit,
  'ags' | 'kreisType' | 'population' | 'areaKm2' | 'anchorLon' | 'anchorLat'
>

/**
 * The fields of a district that follow its territory of Kreise (`kreise`, in the order given) and single
 * municipalities, as a structure file sets them for a KV of Kreise: the key, type and label point of its Kreis
 * (`current`, its key so far, when it still covers it; else the first), the population and area summed over the
 * territory. A territory of municipalities alone has no key and sits at its most populous municipality; an empty
 * territory has none of them. A city district (no territory of its own) keeps its fields and never comes here.
 */
export function districtFields(
  kreise: readonly string[],
  municipalities: readonly string[],
  current: string | null,
): DistrictFields {
  if (kreise.length + municipalities.length === 0)
    return { ags: null, kreisType: null, population: null, areaKm2: null, anchorLon: null, anchorLat: null }
  const territory = readTerritory()
  const ags = current && kreise.includes(current) ? current : (kreise[0] ?? null)
  const kreis = ags ? territory.kreise.get(ags) : undefined
  const point: [number, number] | undefined = kreis
    ? [kreis.labelLon, kreis.labelLat]
    : pointOfMunicipalities(municipalities)
  let population = 0
  let areaKm2 = 0
  for (const facts of [
    ...kreise.map((k) => territory.kreise.get(k)),
    ...municipalities.map((m) => territory.gemeinden.get(m)),
  ]) {
    population += facts?.population ?? 0
    areaKm2 += facts?.areaKm2 ?? 0
  }
  return {
    ags,
    kreisType: kreis?.bez ?? null,
    population,
    areaKm2,
    anchorLon: point?.[0] ?? null,
    anchorLat: point?.[1] ?? null,
  }
}
