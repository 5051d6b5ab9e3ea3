import { readFileSync } from 'node:fs'
import { geoMercator, geoPath } from 'd3-geo'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { BoundedMap } from '../../platform/bounded-map.js'

const geodataDir = new URL('../../../geodata/', import.meta.url)

export const KREIS_MAP_WIDTH = 600
export const KREIS_MAP_HEIGHT = 600

export type KreisMap = {
  outline: string
  project: (lon: number, lat: number) => [number, number] | null
}

// A map per territory; territories are few (one per KV), the bound keeps odd requests from growing it.
const kreisMaps = new BoundedMap<string, KreisMap | null>(1000)
let kreisFeatures: Map<string, Feature<Geometry>> | undefined

/**
 * The Kreise a territory lies in, fitted together into a square of their own, with a projection for the
 * municipality points. Nothing when none of them is known.
 */
export function kreisMap(kreise: readonly string[]): KreisMap | null {
  const key = [...kreise].sort().join(',')
  const cached = kreisMaps.get(key)
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
  const features = kreise.map((ags) => kreisFeatures!.get(ags)).filter((f) => f !== undefined)
  if (features.length === 0) {
    kreisMaps.set(key, null)
    return null
  }
  const shape: FeatureCollection<Geometry> = { type: 'FeatureCollection', features }
  const projection = geoMercator().fitExtent(
    [
      [12, 12],
      [KREIS_MAP_WIDTH - 12, KREIS_MAP_HEIGHT - 12],
    ],
    shape,
  )
  const map: KreisMap = {
    outline: geoPath(projection).digits(1)(shape) ?? '',
    project: (lon, lat) => {
      const p = projection([lon, lat])
      return p ? [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10] : null
    },
  }
  kreisMaps.set(key, map)
  return map
}
