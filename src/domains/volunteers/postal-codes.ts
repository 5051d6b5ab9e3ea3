import { readCsvFile } from '../../platform/csv-file.js'

const geodataDir = new URL('../../../geodata/', import.meta.url)

export type Point = { lat: number; lon: number }

let byCode: Map<string, Point> | undefined

/** The point of a German postal code from geodata/plz.csv; undefined for an unknown code. */
export function pointOfPostalCode(code: string | null | undefined): Point | undefined {
  if (!code) return undefined
  if (!byCode) {
    const rows = readCsvFile(new URL('plz.csv', geodataDir)) as {
      plz: string
      lat: string
      lon: string
    }[]
    byCode = new Map(rows.map((r) => [r.plz, { lat: Number(r.lat), lon: Number(r.lon) }]))
  }
  return byCode.get(code.trim())
}

const EARTH_RADIUS_KM = 6371.0088

/** Great-circle distance in km; the SQL of the search uses the same formula. */
export function haversineKm(a: Point, b: Point) {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

export { EARTH_RADIUS_KM }
