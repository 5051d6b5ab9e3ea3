import { readCsvFile } from '../../platform/csv-file.js'
import { fold, type MunicipalityRef, municipalitiesNamed } from '../org-units/index.js'
import { geodataDir } from './geometry.js'

/** A town the directory finds: org-units' reading of the municipalities, the one there is. */
export type Municipality = MunicipalityRef

export type Gazetteer = {
  /** Postal code → the Kreise it lies in, the most frequent first. */
  kreiseByPostalCode: Map<string, string[]>
}

let cached: Gazetteer | undefined

/** Loads the postal-code list once per process and indexes it in memory. */
export function gazetteer(): Gazetteer {
  cached ??= load()
  return cached
}

/** Case- and accent-insensitive form for search: "Gießen" and "giessen" meet. */
export { fold }

function load(): Gazetteer {
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
  return { kreiseByPostalCode }
}

/** Municipalities whose name is the query, or, when none is, begins with it (at most `limit`). */
export function findTowns(query: string, limit = 20): Municipality[] {
  return municipalitiesNamed(query, limit)
}
