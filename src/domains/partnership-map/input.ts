import { z } from 'zod'
import { partnershipKinds, publicStatuses } from '../partnerships/index.js'

/** An unknown or malformed filter value is dropped rather than refused: a shared link still shows the map. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined)

/** A search for a KV by name, town or postal code: trimmed, cut to 100 characters, ignored below two. */
const searchText = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.trim().slice(0, 100) : undefined),
    z.string().min(2).optional(),
  )
  .catch(undefined)

export const MapFilters = z.object({
  q: searchText,
  state: lenient(z.string().regex(/^(0[1-9]|1[0-6])$/)),
  kind: lenient(z.enum(partnershipKinds)),
  status: lenient(z.enum(publicStatuses)),
  since: lenient(z.coerce.number().int().min(1949).max(2100)),
})
export type MapFilters = z.infer<typeof MapFilters>

export function parseMapFilters(query: unknown): MapFilters {
  return MapFilters.parse(query && typeof query === 'object' ? query : {})
}

/** One string per distinct filter combination, for cache keys; the search is not a filter of the exports. */
export function filterKey(f: MapFilters): string {
  return `${f.state ?? ''}|${f.kind ?? ''}|${f.status ?? ''}|${f.since ?? ''}`
}

/** The filters as a query string for links (empty values left out); the search only where `withSearch`. */
export function filterQuery(f: MapFilters, withSearch = false): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) {
    if (v !== undefined && (withSearch || k !== 'q')) params.set(k, String(v))
  }
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
