import { z } from 'zod'
import { partnershipKinds, publicStatuses } from '../partnerships/index.js'

/** An unknown or malformed filter value is dropped rather than refused: a shared link still shows the map. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined)

export const MapFilters = z.object({
  state: lenient(z.string().regex(/^(0[1-9]|1[0-6])$/)),
  kind: lenient(z.enum(partnershipKinds)),
  status: lenient(z.enum(publicStatuses)),
  since: lenient(z.coerce.number().int().min(1949).max(2100)),
})
export type MapFilters = z.infer<typeof MapFilters>

export function parseMapFilters(query: unknown): MapFilters {
  return MapFilters.parse(query && typeof query === 'object' ? query : {})
}

/** One string per distinct filter combination, for cache keys. */
export function filterKey(f: MapFilters): string {
  return `${f.state ?? ''}|${f.kind ?? ''}|${f.status ?? ''}|${f.since ?? ''}`
}

/** The filters as a query string for links (empty values left out). */
export function filterQuery(f: MapFilters): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (v !== undefined) params.set(k, String(v))
  const s = params.toString()
  return s ? `?${s}` : ''
}

export const DirectoryQuery = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().trim().max(100).catch('')),
})

export const unpartneredSorts = ['state', 'name', 'population'] as const
export type UnpartneredSort = (typeof unpartneredSorts)[number]
export const UnpartneredQuery = z.object({ sort: z.enum(unpartneredSorts).catch('state') })

export const IdParam = z.object({ id: z.uuid() })
