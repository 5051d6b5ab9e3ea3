import { writeCsv } from '../../platform/csv.js'
import type { PublicPartnership, PublicSide } from './service.js'

export const exportAttribution = [
  '© GeoBasis-DE / BKG 2021 (Daten verändert), dl-de/by-2-0',
  'Datenquelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys, 2021 (Daten verändert)',
]

function sideProperties(side: PublicSide) {
  return {
    id: side.id,
    name: side.name,
    state: side.stateAgs,
    lon: side.point?.[0] ?? null,
    lat: side.point?.[1] ?? null,
    coordinator: side.coordinator?.name ?? null,
    coordinatorEmail: side.coordinator?.email ?? null,
  }
}

/** The public record of a partnership; the same fields in every format. */
export function publicRecord(p: PublicPartnership) {
  return {
    id: p.id,
    kind: p.kind,
    status: p.status,
    startedOn: p.startedOn,
    tags: p.tags,
    story: p.story,
    a: sideProperties(p.a),
    b: sideProperties(p.b),
  }
}

export function toJson(list: PublicPartnership[]): string {
  return JSON.stringify({ attribution: exportAttribution, partnerships: list.map(publicRecord) })
}

/** LineStrings between the two anchor points; a partnership without both points has no geometry. */
export function toGeoJson(list: PublicPartnership[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    attribution: exportAttribution.join(' · '),
    features: list.map((p) => ({
      type: 'Feature',
      id: p.id,
      geometry: p.a.point && p.b.point ? { type: 'LineString', coordinates: [p.a.point, p.b.point] } : null,
      properties: {
        id: p.id,
        kind: p.kind,
        status: p.status,
        startedOn: p.startedOn,
        tags: p.tags.join(' '),
        unitAId: p.a.id,
        unitAName: p.a.name,
        unitBId: p.b.id,
        unitBName: p.b.name,
      },
    })),
  })
}

const csvColumns = [
  'id',
  'kind',
  'status',
  'started_on',
  'unit_a_id',
  'unit_a_name',
  'unit_a_state',
  'unit_a_lon',
  'unit_a_lat',
  'coordinator_a',
  'coordinator_a_email',
  'unit_b_id',
  'unit_b_name',
  'unit_b_state',
  'unit_b_lon',
  'unit_b_lat',
  'coordinator_b',
  'coordinator_b_email',
  'tags',
  'story',
] as const

export function toCsv(list: PublicPartnership[]): string {
  const rows: (string | number | null)[][] = [[...csvColumns]]
  for (const p of list) {
    const side = (s: PublicSide) => [
      s.id,
      s.name,
      s.stateAgs,
      s.point?.[0] ?? null,
      s.point?.[1] ?? null,
      s.coordinator?.name ?? null,
      s.coordinator?.email ?? null,
    ]
    const row = [p.id, p.kind, p.status, p.startedOn, ...side(p.a), ...side(p.b), p.tags.join(' '), p.story]
    rows.push(row)
  }
  return writeCsv(rows)
}
