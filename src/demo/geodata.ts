import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'

const geodataDir = new URL('../../geodata/', import.meta.url)

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(new URL(file, geodataDir)), { columns: true, skip_empty_lines: true, bom: true })
}

export type Kreis = {
  ags: string
  name: string
  bez: string
  landAgs: string
  land: string
  labelLon: number
  labelLat: number
}

export type Gemeinde = {
  ags: string
  name: string
  kreisAgs: string
  lon: number
  lat: number
  population: number
  areaKm2: number
}

export type Geodata = {
  kreise: Kreis[]
  gemeinden: Gemeinde[]
  /** Postal codes by the Kreis they lie in. */
  postalCodesByKreis: Map<string, string[]>
}

const num = (v: string | undefined) => (v ? Number(v) : 0)

/** The Kreise, municipalities and postal codes of Germany, as shipped in the repository's geodata/ folder. */
export function readGeodata(): Geodata {
  const kreise = readCsv('kreise.csv').map(
    (r): Kreis => ({
      ags: r.ags!,
      name: r.name!,
      bez: r.bez!,
      landAgs: r.land_ags!,
      land: r.land!,
      labelLon: num(r.label_lon),
      labelLat: num(r.label_lat),
    }),
  )
  const gemeinden = readCsv('gemeinden.csv').map(
    (r): Gemeinde => ({
      ags: r.ags!,
      name: r.name!,
      kreisAgs: r.kreis_ags!,
      lon: num(r.lon),
      lat: num(r.lat),
      population: num(r.population),
      areaKm2: num(r.area_km2),
    }),
  )
  const postalCodesByKreis = new Map<string, string[]>()
  for (const r of readCsv('plz.csv')) {
    const list = postalCodesByKreis.get(r.kreis_ags!) ?? []
    list.push(r.plz!)
    postalCodesByKreis.set(r.kreis_ags!, list)
  }
  return { kreise, gemeinden, postalCodesByKreis }
}
