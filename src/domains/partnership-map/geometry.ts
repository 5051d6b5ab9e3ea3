import { readFileSync } from 'node:fs'
import { geoConicConformal } from 'd3-geo'
import type { Geometry, MultiLineString, MultiPolygon, Polygon } from 'geojson'
import { feature, mesh } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { kreisRef } from '../org-units/index.js'

const geodataDir = new URL('../../../geodata/', import.meta.url)

/**
 * The viewBox is twice the display size the page is laid out for, so integer coordinates give
 * half-pixel precision: the SVG stays about half as large as with one decimal at 600×800.
 */
export const MAP_WIDTH = 1200
export const MAP_HEIGHT = 1600
const PADDING = 16
// Douglas–Peucker tolerance in viewBox units. VG5000 is already generalised; this only drops
// vertices that would land on the same half pixel.
const SIMPLIFY_TOLERANCE = 0.8

export type Kreis = {
  ags: string
  name: string
  bez: string
  landAgs: string
  land: string
  labelLon: number
  labelLat: number
  /** The outline as compact SVG path data (relative, integer). */
  d: string
}

export type MapGeometry = {
  kreise: Map<string, Kreis>
  states: { ags: string; name: string }[]
  stateBorders: string
  outline: string
  project: (lon: number, lat: number) => [number, number] | null
}

let cached: MapGeometry | undefined

/** Projects and simplifies the outlines once per process; every map page reuses the result. */
export function mapGeometry(): MapGeometry {
  cached ??= buildGeometry()
  return cached
}

type KreisProps = { ags: string }

function buildGeometry(): MapGeometry {
  const topo = JSON.parse(readFileSync(new URL('germany.topo.json', geodataDir), 'utf8')) as Topology<{
    kreise: GeometryCollection<KreisProps>
    laender: GeometryCollection
    staat: GeometryCollection
  }>
  const projection = geoConicConformal()
    .rotate([-10.45, 0])
    .parallels([48.5, 53.5])
    .fitExtent(
      [
        [PADDING, PADDING],
        [MAP_WIDTH - PADDING, MAP_HEIGHT - PADDING],
      ],
      feature(topo, topo.objects.staat),
    )

  // Simplify the shared arcs rather than each Kreis, so neighbours keep exactly the same border.
  const transform = topo.transform
  const projectedArcs = topo.arcs.map((arc) => {
    let x = 0
    let y = 0
    const points: [number, number][] = []
    for (const position of arc) {
      const dx = position[0] ?? 0
      const dy = position[1] ?? 0
      x = transform ? x + dx : dx
      y = transform ? y + dy : dy
      const lon = transform ? x * transform.scale[0] + transform.translate[0] : x
      const lat = transform ? y * transform.scale[1] + transform.translate[1] : y
      points.push(projection([lon, lat]) ?? [0, 0])
    }
    return simplify(points, SIMPLIFY_TOLERANCE)
  })
  const projected = { type: 'Topology', objects: topo.objects, arcs: projectedArcs } as unknown as typeof topo

  const kreise = new Map<string, Kreis>()
  const states = new Map<string, string>()
  for (const f of feature(projected, projected.objects.kreise).features) {
    const row = kreisRef(f.properties.ags)
    if (!row) continue
    states.set(row.stateAgs, row.stateName)
    kreise.set(row.ags, {
      ags: row.ags,
      name: row.name,
      bez: row.bez,
      landAgs: row.stateAgs,
      land: row.stateName,
      labelLon: row.labelLon,
      labelLat: row.labelLat,
      d: pathData(f.geometry),
    })
  }
  const laender = projected.objects.laender
  return {
    kreise,
    states: [...states].map(([ags, name]) => ({ ags, name })).sort((a, b) => a.ags.localeCompare(b.ags)),
    stateBorders: pathData(mesh(projected, laender, (a, b) => a !== b)),
    outline: pathData(mesh(projected, laender, (a, b) => a === b)),
    project: (lon, lat) => {
      const p = projection([lon, lat])
      return p ? [Math.round(p[0]), Math.round(p[1])] : null
    },
  }
}

/** Compact SVG path data: an absolute move, then integer relative steps, which gzip well. */
export function pathData(geometry: Geometry | null): string {
  if (!geometry) return ''
  const lines: number[][][] =
    geometry.type === 'Polygon'
      ? (geometry as Polygon).coordinates
      : geometry.type === 'MultiPolygon'
        ? (geometry as MultiPolygon).coordinates.flat()
        : geometry.type === 'MultiLineString'
          ? (geometry as MultiLineString).coordinates
          : []
  const closed = geometry.type !== 'MultiLineString'
  let out = ''
  for (const line of lines) {
    let px = 0
    let py = 0
    let first = true
    let steps = ''
    const points = closed ? line.slice(0, -1) : line
    for (const point of points) {
      const x = Math.round(point[0] ?? 0)
      const y = Math.round(point[1] ?? 0)
      if (first) {
        out += `M${x} ${y}`
        first = false
      } else {
        const dx = x - px
        const dy = y - py
        if (dx === 0 && dy === 0) continue
        steps += `${steps === '' || dx < 0 ? '' : ' '}${dx}${dy < 0 ? '' : ' '}${dy}`
      }
      px = x
      py = y
    }
    if (steps) out += `l${steps}`
    if (closed && !first) out += 'z'
  }
  return out
}

/** Douglas–Peucker on one arc; the end points stay, so arcs still meet. */
function simplify(points: [number, number][], tolerance: number): [number, number][] {
  if (points.length < 3) return points
  const keep = new Uint8Array(points.length)
  keep[0] = 1
  keep[points.length - 1] = 1
  const limit = tolerance * tolerance
  const stack: [number, number][] = [[0, points.length - 1]]
  while (stack.length > 0) {
    const [i, j] = stack.pop()!
    const [ax, ay] = points[i]!
    const [bx, by] = points[j]!
    const dx = bx - ax
    const dy = by - ay
    const length = dx * dx + dy * dy
    let farthest = -1
    let index = -1
    for (let k = i + 1; k < j; k++) {
      const [px, py] = points[k]!
      const u = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length))
      const d = (ax + u * dx - px) ** 2 + (ay + u * dy - py) ** 2
      if (d > farthest) {
        farthest = d
        index = k
      }
    }
    if (farthest > limit) {
      keep[index] = 1
      stack.push([i, index], [index, j])
    }
  }
  return points.filter((_, k) => keep[k] === 1)
}
