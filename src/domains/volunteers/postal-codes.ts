export type Point = { lat: number; lon: number }

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
