import { readFileSync } from 'node:fs'
import { geoMercator, geoPath } from 'd3-geo'
import type { Feature, Geometry } from 'geojson'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { readCsvFile } from '../../platform/csv-file.js'

const geodataDir = new URL('../../../geodata/', import.meta.url)

export type Municipality = {
  ags: string
  name: string
  kreisAgs: string
  population: number
  lat: number
  lon: number
}

let byAgs: Map<string, Municipality> | undefined
let byKreis: Map<string, Municipality[]> | undefined
let plzToAgs: Map<string, string[]> | undefined

function readCsv(file: string) {
  return readCsvFile(new URL(file, geodataDir))
}

// Read once on first use: about 11,000 municipalities and 13,000 postal-code pairs that never change.
function municipalities() {
  if (byAgs && byKreis) return { byAgs, byKreis }
  byAgs = new Map()
  byKreis = new Map()
  for (const r of readCsv('gemeinden.csv')) {
    if (!r.ags || !r.name) continue
    const m: Municipality = {
      ags: r.ags,
      name: r.name,
      kreisAgs: r.kreis_ags ?? '',
      population: Number(r.population) || 0,
      lat: Number(r.lat),
      lon: Number(r.lon),
    }
    byAgs.set(m.ags, m)
    const list = byKreis.get(m.kreisAgs) ?? []
    list.push(m)
    byKreis.set(m.kreisAgs, list)
  }
  return { byAgs, byKreis }
}

/** The municipality with this 8-digit official key (AGS), if it exists. */
export function findMunicipality(ags: string): Municipality | undefined {
  return municipalities().byAgs.get(ags)
}

/** The inhabited municipalities of a Kreis (gemeindefreie Gebiete have no inhabitants and are left out). */
export function municipalitiesOfKreis(kreisAgs: string): Municipality[] {
  return (municipalities().byKreis.get(kreisAgs) ?? []).filter((m) => m.population > 0)
}

/** The municipalities a postal code reaches (OpenStreetMap list; one code may cover several). */
export function municipalitiesOfPostalCode(plz: string): readonly string[] {
  if (!plzToAgs) {
    plzToAgs = new Map()
    for (const r of readCsv('plz_gemeinde_osm.csv')) {
      if (!r.plz || !r.ags) continue
      const list = plzToAgs.get(r.plz) ?? []
      list.push(r.ags)
      plzToAgs.set(r.plz, list)
    }
  }
  return plzToAgs.get(plz) ?? []
}

let kreisNames: Map<string, string> | undefined

/** The name of a Kreis by its 5-digit key ("16075" → "Saale-Orla-Kreis"). */
export function kreisName(kreisAgs: string): string {
  if (!kreisNames) {
    kreisNames = new Map()
    for (const r of readCsv('kreise.csv')) if (r.ags && r.name) kreisNames.set(r.ags, r.name)
  }
  return kreisNames.get(kreisAgs) ?? ''
}

export type MunicipalityChoice = Municipality & { kreis: string }

/** The municipality with this key and the name of its Kreis, for a form that shows the choice. */
export function municipalityChoice(ags: string): MunicipalityChoice | undefined {
  const m = findMunicipality(ags)
  return m ? { ...m, kreis: kreisName(m.kreisAgs) } : undefined
}

const fold = (s: string) =>
  s.toLocaleLowerCase('de').normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss')

/**
 * The municipalities a person may mean by what they typed: an 8-digit key, a postal code (every
 * municipality it reaches), or a name (exact matches first, then names beginning with it, then
 * names containing it), each with its Kreis so that two places of one name can be told apart.
 */
export function searchMunicipalities(query: string, limit = 20): MunicipalityChoice[] {
  const q = query.trim()
  const withKreis = (m: Municipality) => ({ ...m, kreis: kreisName(m.kreisAgs) })
  if (/^\d{8}$/.test(q)) {
    const m = findMunicipality(q)
    return m ? [withKreis(m)] : []
  }
  if (/^\d{5}$/.test(q))
    return municipalitiesOfPostalCode(q)
      .map((ags) => findMunicipality(ags))
      .filter((m): m is Municipality => !!m)
      .map(withKreis)
  const needle = fold(q)
  if (needle.length < 2) return []
  const ranked: [number, Municipality][] = []
  for (const m of municipalities().byAgs.values()) {
    const name = fold(m.name)
    const base = name.split(',')[0]!.trim()
    const rank =
      name === needle || base === needle ? 0 : name.startsWith(needle) ? 1 : name.includes(needle) ? 2 : -1
    if (rank >= 0) ranked.push([rank, m])
  }
  return ranked
    .sort(
      (a, b) => a[0] - b[0] || b[1].population - a[1].population || a[1].name.localeCompare(b[1].name, 'de'),
    )
    .slice(0, limit)
    .map(([, m]) => withKreis(m))
}

export const KREIS_MAP_WIDTH = 600
export const KREIS_MAP_HEIGHT = 600

export type KreisMap = {
  outline: string
  project: (lon: number, lat: number) => [number, number] | null
}

const kreisMaps = new Map<string, KreisMap | null>()
let kreisFeatures: Map<string, Feature<Geometry>> | undefined

/** One Kreis fitted into a square of its own, with a projection for its municipality points. */
export function kreisMap(kreisAgs: string): KreisMap | null {
  const cached = kreisMaps.get(kreisAgs)
  if (cached !== undefined) return cached
  if (!kreisFeatures) {
    const topo = JSON.parse(readFileSync(new URL('germany.topo.json', geodataDir), 'utf8')) as Topology<{
      kreise: GeometryCollection<{ ags: string }>
    }>
    kreisFeatures = new Map()
    for (const f of feature(topo, topo.objects.kreise).features) {
      if (f.properties?.ags) kreisFeatures.set(f.properties.ags, f as Feature<Geometry>)
    }
  }
  const f = kreisFeatures.get(kreisAgs)
  if (!f) {
    kreisMaps.set(kreisAgs, null)
    return null
  }
  const projection = geoMercator().fitExtent(
    [
      [12, 12],
      [KREIS_MAP_WIDTH - 12, KREIS_MAP_HEIGHT - 12],
    ],
    f,
  )
  const map: KreisMap = {
    outline: geoPath(projection).digits(1)(f) ?? '',
    project: (lon, lat) => {
      const p = projection([lon, lat])
      return p ? [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10] : null
    },
  }
  kreisMaps.set(kreisAgs, map)
  return map
}
