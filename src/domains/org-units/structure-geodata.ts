import { readCsvFile } from '../../platform/csv-file.js'

const geodataDir = new URL('../../../geodata/', import.meta.url)

/** The structure files shipped in geodata/: Germany's states and Kreise, and the city-district KVs as an option. */
export const shippedStructureFiles = {
  germany: new URL('structure-de.csv', geodataDir),
  cityDistricts: new URL('structure-de-stadtbezirke.csv', geodataDir),
}

export type KreisFacts = {
  ags: string
  name: string
  stateAgs: string
  /** The state's name ("Thüringen"). */
  stateName: string
  bez: string
  labelLon: number
  labelLat: number
  population: number
  areaKm2: number
}

/** What a structure file's official keys are checked against and what a unit's figures are summed from. */
export type Territory = {
  kreise: Map<string, KreisFacts>
  /** State AGS (2 digits) → population and area. */
  states: Map<string, { population: number; areaKm2: number }>
  /** Municipality AGS (8 digits) → its name, point and figures, for territories of municipalities. */
  gemeinden: Map<
    string,
    { name: string; kreisAgs: string; lon: number; lat: number; population: number; areaKm2: number }
  >
  /** Postal code → the Kreis it lies in, for the postal codes of delivery areas (not those of a company or office). */
  postalCodes: Map<string, string>
  /**
   * Every known postal code (also those of companies and offices) → all the Kreise its area touches, the one it
   * mostly lies in first.
   */
  postalCodeKreise: Map<string, string[]>
  /** Every known postal code → its point (the centre of its places, GeoNames). */
  postalCodePoints: Map<string, { lat: number; lon: number }>
  /** Postal code → the municipalities (AGS, 8 digits) its delivery area reaches (OpenStreetMap; many to many). */
  postalCodeGemeinden: Map<string, string[]>
}

function readCsv(file: string): Record<string, string>[] {
  return readCsvFile(new URL(file, geodataDir))
}

let cached: Territory | undefined

/**
 * Germany's Kreise, municipalities and postal codes from geodata/ (BKG VG5000, Destatis GV-ISys, GeoNames,
 * OpenStreetMap), read once: the one reader of kreise.csv, gemeinden.csv, plz.csv and plz_gemeinde_osm.csv.
 * Other code asks through municipalities.ts, kreise.ts and postal-codes.ts (exported by the index).
 */
export function readTerritory(): Territory {
  if (cached) return cached
  const kreise = new Map<string, KreisFacts>()
  for (const r of readCsv('kreise.csv')) {
    kreise.set(r.ags!, {
      ags: r.ags!,
      name: r.name!,
      stateAgs: r.land_ags!,
      stateName: r.land!,
      bez: r.bez!,
      labelLon: Number(r.label_lon),
      labelLat: Number(r.label_lat),
      population: 0,
      areaKm2: 0,
    })
  }
  const states = new Map<string, { population: number; areaKm2: number }>()
  const gemeinden: Territory['gemeinden'] = new Map()
  for (const r of readCsv('gemeinden.csv')) {
    const g = {
      name: r.name!,
      kreisAgs: r.kreis_ags!,
      lon: Number(r.lon),
      lat: Number(r.lat),
      population: Number(r.population || 0),
      areaKm2: Number(r.area_km2 || 0),
    }
    gemeinden.set(r.ags!, g)
    const kreis = kreise.get(g.kreisAgs)
    if (kreis) {
      kreis.population += g.population
      kreis.areaKm2 += g.areaKm2
    }
    const state = states.get(g.kreisAgs.slice(0, 2)) ?? { population: 0, areaKm2: 0 }
    state.population += g.population
    state.areaKm2 += g.areaKm2
    states.set(g.kreisAgs.slice(0, 2), state)
  }
  const postalCodes = new Map<string, string>()
  const postalCodeKreise = new Map<string, string[]>()
  const postalCodePoints = new Map<string, { lat: number; lon: number }>()
  for (const r of readCsv('plz.csv')) {
    if (r.plz_type === 'area') postalCodes.set(r.plz!, r.kreis_ags!)
    const others = (r.kreis_ags_all ?? '').split('|').filter((a) => a && a !== r.kreis_ags)
    postalCodeKreise.set(r.plz!, [...(r.kreis_ags ? [r.kreis_ags] : []), ...others])
    postalCodePoints.set(r.plz!, { lat: Number(r.lat), lon: Number(r.lon) })
  }
  const postalCodeGemeinden = new Map<string, string[]>()
  for (const r of readCsv('plz_gemeinde_osm.csv')) {
    if (!r.plz || !r.ags || !gemeinden.has(r.ags)) continue
    const list = postalCodeGemeinden.get(r.plz)
    if (!list) postalCodeGemeinden.set(r.plz, [r.ags])
    else if (!list.includes(r.ags)) list.push(r.ags)
  }
  cached = { kreise, states, gemeinden, postalCodes, postalCodeKreise, postalCodePoints, postalCodeGemeinden }
  return cached
}
