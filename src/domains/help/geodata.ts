import { readFileSync } from 'node:fs'
import { geoMercator, geoPath } from 'd3-geo'
import type { Feature, Geometry } from 'geojson'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'

const geodataDir = new URL('../../../geodata/', import.meta.url)

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
