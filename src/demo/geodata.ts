import {
  allKreise,
  allMunicipalities,
  areaPostalCodesByKreis,
  type KreisRef,
  type MunicipalityRef,
} from '../domains/org-units/index.js'
import { readCsvFile } from '../platform/csv-file.js'

const geodataDir = new URL('../../geodata/', import.meta.url)

/** A Kreis as org-units reads it (once per process, for the structure as well). */
export type Kreis = KreisRef

/** A municipality as org-units reads it (once per process, for the structure and the territories as well). */
export type Gemeinde = MunicipalityRef

export type Geodata = {
  kreise: Kreis[]
  gemeinden: Gemeinde[]
  /**
   * Postal codes of delivery areas (not those of a company or an office) by the Kreis they mostly lie in:
   * the Kreis whose KV the member import places a member of that postal code in.
   */
  postalCodesByKreis: Map<string, string[]>
  /** Postal codes by the municipality (AGS, 8 digits) whose area they touch, from OpenStreetMap. */
  postalCodesByGemeinde: Map<string, string[]>
}

/** Municipalities whose key changed after the OpenStreetMap list was made: Eisenach joined the Wartburgkreis in 2021. */
const rekeyedGemeinden: Record<string, string> = { '16056000': '16063105' }

/** The Kreise, municipalities and postal codes of Germany, as shipped in the repository's geodata/ folder. */
export function readGeodata(): Geodata {
  const kreise = allKreise()
  const gemeinden = allMunicipalities()
  const postalCodesByKreis = areaPostalCodesByKreis()
  const postalCodesByGemeinde = new Map<string, string[]>()
  for (const r of readCsvFile(new URL('plz_gemeinde_osm.csv', geodataDir))) {
    const ags = rekeyedGemeinden[r.ags!] ?? r.ags!
    const list = postalCodesByGemeinde.get(ags) ?? []
    list.push(r.plz!)
    postalCodesByGemeinde.set(ags, list)
  }
  return { kreise, gemeinden, postalCodesByKreis, postalCodesByGemeinde }
}
