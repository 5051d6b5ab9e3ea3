import { readCsvFile } from '../../platform/csv-file.js'

export type Municipality = { ags: string; name: string; kreisAgs: string }

const csvPath = new URL('../../../geodata/gemeinden.csv', import.meta.url).pathname
let byAgs: Map<string, Municipality> | undefined

// Read once on first use: about 11,000 rows that never change while the server runs.
function load() {
  if (byAgs) return byAgs
  const rows = readCsvFile(csvPath)
  byAgs = new Map()
  for (const r of rows) {
    if (r.ags && r.name) byAgs.set(r.ags, { ags: r.ags, name: r.name, kreisAgs: r.kreis_ags ?? '' })
  }
  return byAgs
}

/** The municipality with this 8-digit official key (AGS), if it exists. */
export function findMunicipality(ags: string): Municipality | undefined {
  return load().get(ags)
}
