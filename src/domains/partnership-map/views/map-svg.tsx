import type { ViewContext } from '../../../platform/views/context.js'
import { partnershipKinds } from '../../partnerships/index.js'
import { MAP_HEIGHT, MAP_WIDTH, mapGeometry } from '../geometry.js'
import type { MapUnit } from '../repo.js'
import type { MapData, PublicPartnership, PublicSide } from '../service.js'

type Target = '_top' | undefined

/** A quadratic curve bending a little to one side, so lines that share an end stay apart. */
function curve(from: [number, number], to: [number, number]): string {
  const [x1, y1] = from
  const [x2, y2] = to
  const dx = x2 - x1
  const dy = y2 - y1
  const cx = Math.round((x1 + x2) / 2 - dy * 0.15)
  const cy = Math.round((y1 + y2) / 2 + dx * 0.15)
  return `M${x1} ${y1}Q${cx} ${cy} ${x2} ${y2}`
}

function projectSide(side: PublicSide) {
  return side.point ? mapGeometry().project(side.point[0], side.point[1]) : null
}

/** The ends of the lines: one shape per kind, so the kind does not rest on colour alone. */
function Markers() {
  return (
    <defs>
      {partnershipKinds.map((kind) => (
        <marker
          key={kind}
          id={`pm-end-${kind}`}
          class={`pm-marker pm-marker--${kind}`}
          viewBox="-6 -6 12 12"
          markerWidth="14"
          markerHeight="14"
          markerUnits="userSpaceOnUse"
        >
          {kind === 'partnership' && <circle r="5" />}
          {kind === 'friendship' && <rect x="-4.5" y="-4.5" width="9" height="9" />}
          {kind === 'project' && <path d="M0-6 6 0 0 6-6 0z" />}
        </marker>
      ))}
    </defs>
  )
}

/**
 * Germany with its Kreise, every KV a link to its page, and one line per partnership.
 * City-district KVs (several KVs in one Kreis) and local groups appear as dots at their own point.
 */
export function MapSvg(props: {
  ctx: ViewContext
  data: MapData
  target?: Target
  /** KVs a search found, drawn marked. */
  marked?: ReadonlySet<string>
}) {
  const { ctx, data, target } = props
  const hit = (id: string) => props.marked?.has(id) ?? false
  const { t } = ctx
  const geo = mapGeometry()
  // Each Kreis is drawn as the KV whose territory covers it; a unit without Kreise of its own (a city district)
  // stands on its city's Kreis by its key. A Kreis that several units stand on is drawn empty, they as dots.
  const byAgs = new Map<string, MapUnit[]>()
  for (const unit of data.districts) {
    for (const ags of unit.kreise.length > 0 ? unit.kreise : unit.ags ? [unit.ags] : []) {
      const list = byAgs.get(ags)
      if (list) list.push(unit)
      else byAgs.set(ags, [unit])
    }
  }
  // One link per KV, its Kreise in one path.
  const linkedById = new Map<string, { unit: MapUnit; d: string }>()
  let unlinked = ''
  for (const kreis of geo.kreise.values()) {
    const units = byAgs.get(kreis.ags)
    if (units?.length !== 1) {
      unlinked += kreis.d
      continue
    }
    const unit = units[0]!
    const link = linkedById.get(unit.id)
    if (link) link.d += kreis.d
    else linkedById.set(unit.id, { unit, d: kreis.d })
  }
  const linked = [...linkedById.values()]
  const onPolygon = new Set(linkedById.keys())
  const dots = new Map<string, { id: string; name: string; xy: [number, number] }>()
  const addDot = (id: string, name: string, lon: number | null, lat: number | null) => {
    if (onPolygon.has(id) || dots.has(id) || lon == null || lat == null) return
    const xy = geo.project(lon, lat)
    if (xy) dots.set(id, { id, name, xy })
  }
  for (const unit of data.districts) addDot(unit.id, unit.name, unit.anchorLon, unit.anchorLat)
  for (const p of data.partnerships) {
    for (const side of [p.a, p.b])
      addDot(side.id, side.name, side.point?.[0] ?? null, side.point?.[1] ?? null)
  }

  return (
    <svg
      class="pm-svg"
      viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
      aria-labelledby="pm-svg-title pm-svg-desc"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="pm-svg-title">{t('partnershipMap.map.svgTitle')}</title>
      <desc id="pm-svg-desc">{t('partnershipMap.map.svgDesc', { count: data.partnerships.length })}</desc>
      <Markers />
      <g class="pm-kreise">
        {unlinked && <path class="pm-kreis pm-kreis--empty" d={unlinked} />}
        {linked.map(({ unit, d }) => (
          <a key={unit.id} href={`/units/${unit.id}`} target={target}>
            <title>{unit.name}</title>
            <path class={hit(unit.id) ? 'pm-kreis pm-kreis--hit' : 'pm-kreis'} d={d} />
          </a>
        ))}
      </g>
      <path class="pm-states" d={geo.stateBorders} />
      <path class="pm-outline" d={geo.outline} />
      <g class="pm-lines">
        {data.partnerships.map((p) => (
          <Line key={p.id} ctx={ctx} p={p} />
        ))}
      </g>
      <g class="pm-dots">
        {[...dots.values()].map((dot) => (
          <a key={dot.id} href={`/units/${dot.id}`} target={target}>
            <title>{dot.name}</title>
            <circle
              class={hit(dot.id) ? 'pm-dot pm-dot--hit' : 'pm-dot'}
              cx={dot.xy[0]}
              cy={dot.xy[1]}
              r="8"
            />
          </a>
        ))}
      </g>
    </svg>
  )
}

function Line({ ctx, p }: { ctx: ViewContext; p: PublicPartnership }) {
  const from = projectSide(p.a)
  const to = projectSide(p.b)
  if (!from || !to) return null
  const marker = `url(#pm-end-${p.kind})`
  return (
    <path
      class={`pm-line pm-line--${p.kind} pm-line--${p.status}`}
      d={curve(from, to)}
      marker-start={marker}
      marker-end={marker}
      data-partnership={p.id}
    >
      <title>
        {ctx.t('partnershipMap.map.line', {
          a: p.a.name,
          b: p.b.name,
          kind: ctx.t(`partnershipMap.kinds.${p.kind}`),
          status: ctx.t(`partnershipMap.statuses.${p.status}`),
        })}
      </title>
    </path>
  )
}

/** A sample line for the legend, with the map's classes and end shapes (the markers live in the map's SVG). */
export function LineSample({
  kind,
  status,
}: {
  kind: PublicPartnership['kind']
  status: PublicPartnership['status']
}) {
  const marker = `url(#pm-end-${kind})`
  return (
    <svg class="pm-sample" viewBox="0 0 120 32" aria-hidden="true" focusable="false">
      <path
        class={`pm-line pm-line--${kind} pm-line--${status}`}
        d="M14 16H106"
        marker-start={marker}
        marker-end={marker}
      />
    </svg>
  )
}
