import { readCsvFile } from '../../platform/csv-file.js'
import { fold } from '../org-units/index.js'
import { geodataDir } from './geometry.js'

export type Municipality = { ags: string; name: string; kreisAgs: string; population: number }

export type Gazetteer = {
  /** Municipalities by their folded name; names repeat across Germany (there are several Neustadts). */
  townsByName: Map<string, Municipality[]>
  townNames: string[]
  /** Postal code → the Kreise it lies in, the most frequent first. */
  kreiseByPostalCode: Map<string, string[]>
  populationByKreis: Map<string, number>
}

let cached: Gazetteer | undefined

/** Loads the municipality and postal-code lists once per process and indexes them in memory. */
export function gazetteer(): Gazetteer {
  cached ??= load()
  return cached
}

/** Case- and accent-insensitive form for search: "Gießen" and "giessen" meet. */
export { fold }

function load(): Gazetteer {
  const towns = readCsvFile(new URL('gemeinden.csv', geodataDir)) as {
    ags: string
    name: string
    kreis_ags: string
    population: string
  }[]
  const townsByName = new Map<string, Municipality[]>()
  const populationByKreis = new Map<string, number>()
  for (const row of towns) {
    const m = {
      ags: row.ags,
      name: row.name,
      kreisAgs: row.kreis_ags,
      population: Number(row.population) || 0,
    }
    const key = fold(row.name)
    const list = townsByName.get(key)
    if (list) list.push(m)
    else townsByName.set(key, [m])
    populationByKreis.set(m.kreisAgs, (populationByKreis.get(m.kreisAgs) ?? 0) + m.population)
  }
  const codes = readCsvFile(new URL('plz.csv', geodataDir)) as {
    plz: string
    kreis_ags: string
    kreis_ags_all: string
  }[]
  const kreiseByPostalCode = new Map<string, string[]>()
  for (const row of codes) {
    const all = row.kreis_ags_all.split('|').filter((a) => a && a !== row.kreis_ags)
    kreiseByPostalCode.set(row.plz, [row.kreis_ags, ...all])
  }
  return { townsByName, townNames: [...townsByName.keys()], kreiseByPostalCode, populationByKreis }
}

/** Municipalities whose name is the query, or, when none is, begins with it (at most `limit`). */
export function findTowns(query: string, limit = 20): Municipality[] {
  const g = gazetteer()
  const key = fold(query)
  if (key.length < 2) return []
  const exact = g.townsByName.get(key)
  if (exact) return exact.slice(0, limit)
  const out: Municipality[] = []
  for (const name of g.townNames) {
    if (!name.startsWith(key)) continue
    out.push(...(g.townsByName.get(name) ?? []))
    if (out.length >= limit) break
  }
  return out.slice(0, limit)
}
