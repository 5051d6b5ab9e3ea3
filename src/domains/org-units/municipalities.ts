import { readTerritory } from './structure-geodata.js'

/** A municipality as a territory form names it: its key, its name and the name of its Kreis. */
export type MunicipalityRef = {
  ags: string
  name: string
  kreisAgs: string
  kreis: string
  population: number
  areaKm2: number
  lon: number
  lat: number
}

export function municipalityRef(ags: string): MunicipalityRef | undefined {
  const territory = readTerritory()
  const g = territory.gemeinden.get(ags)
  if (!g) return undefined
  return { ags, ...g, kreis: territory.kreise.get(g.kreisAgs)?.name ?? '' }
}

/** How a municipality is written in a territory: "Gefell (Saale-Orla-Kreis)", a Kreis-free town by its name. */
export function municipalityLabel(ref: Pick<MunicipalityRef, 'name' | 'kreis'>): string {
  return ref.kreis && ref.kreis !== ref.name ? `${ref.name} (${ref.kreis})` : ref.name
}

/** The labels of municipalities given by key, in German order, for a form or a page. */
export function municipalityLabels(agsList: readonly string[]): string[] {
  return agsList
    .map((ags) => municipalityRef(ags))
    .filter((m): m is MunicipalityRef => !!m)
    .map(municipalityLabel)
    .sort(new Intl.Collator('de').compare)
}

/** The municipalities (AGS) a postal code's delivery area reaches; none for an unknown or special code. */
export function municipalitiesOfPostalCode(plz: string): readonly string[] {
  return readTerritory().postalCodeGemeinden.get(plz) ?? []
}

/**
 * The municipality a member with this postal code is taken to live in, for placing them by a territory of
 * municipalities. A postal code reaches one municipality in most cases; where it reaches several (about one code
 * in six), the most populous of them counts, since most people with that code live there; two of the same size
 * are told apart by the smaller key. Nothing for a postal code that reaches none.
 */
export function municipalityOfPostalCode(plz: string): string | undefined {
  const gemeinden = readTerritory().gemeinden
  let best: { ags: string; population: number } | undefined
  for (const ags of municipalitiesOfPostalCode(plz)) {
    const population = gemeinden.get(ags)?.population ?? 0
    if (!best || population > best.population || (population === best.population && ags < best.ags))
      best = { ags, population }
  }
  return best?.ags
}

/** Where a territory of municipalities alone is drawn on a map: at its most populous municipality ([lon, lat]). */
export function pointOfMunicipalities(agsList: readonly string[]): [number, number] | undefined {
  let best: MunicipalityRef | undefined
  for (const ags of agsList) {
    const m = municipalityRef(ags)
    if (m && (!best || m.population > best.population)) best = m
  }
  return best ? [best.lon, best.lat] : undefined
}

/** Case- and accent-insensitive form of a name for search: "Gießen" and "giessen" meet. */
export const fold = (s: string) =>
  s
    .toLocaleLowerCase('de')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()

let byName: Map<string, string[]> | undefined

/** The municipalities (AGS) by their folded name, in the file's order; names repeat (there are several Neustadts). */
function namesIndex(): Map<string, string[]> {
  if (!byName) {
    byName = new Map()
    for (const [ags, g] of readTerritory().gemeinden) {
      const key = fold(g.name)
      const list = byName.get(key)
      if (list) list.push(ags)
      else byName.set(key, [ags])
    }
  }
  return byName
}

function agsByName(name: string): string[] {
  return namesIndex().get(fold(name)) ?? []
}

/**
 * The municipalities whose name is the query (folded: "giessen" finds Gießen), or, when none is, those whose name
 * begins with it, in the file's order; at most `limit`. Nothing for fewer than two letters.
 */
export function municipalitiesNamed(query: string, limit = 20): MunicipalityRef[] {
  const key = fold(query)
  if (key.length < 2) return []
  const refs = (list: readonly string[]) => list.map((ags) => municipalityRef(ags)!)
  const exact = namesIndex().get(key)
  if (exact) return refs(exact.slice(0, limit))
  const found: string[] = []
  for (const [name, list] of namesIndex()) {
    if (!name.startsWith(key)) continue
    found.push(...list)
    if (found.length >= limit) break
  }
  return refs(found.slice(0, limit))
}

/** Every municipality (the gemeindefreie Gebiete too), in the file's order. */
export function allMunicipalities(): MunicipalityRef[] {
  return [...readTerritory().gemeinden.keys()].map((ags) => municipalityRef(ags)!)
}

/** A Kreis's population: the sum over its municipalities; nothing for an unknown Kreis. */
export function populationOfKreis(kreisAgs: string): number | undefined {
  return readTerritory().kreise.get(kreisAgs)?.population
}

/** The entries of a territory's list of municipalities: one a line (or separated by semicolons). */
export function readMunicipalityEntries(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n;]+/)
        .map((e) => e.trim())
        .filter(Boolean),
    ),
  ]
}

export type ResolvedMunicipality =
  | { ok: true; municipality: MunicipalityRef }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'ambiguous'; candidates: MunicipalityRef[] }

/**
 * The municipality an entry of a territory form means: its name ("Gefell"), its name with its Kreis as the form
 * shows it ("Gefell (Saale-Orla-Kreis)"), or its 8-digit key. A name several municipalities share is read within
 * `scope` (the district's or state's territory), then among the inhabited ones (not the gemeindefreie Gebiete);
 * when that leaves more than one, the answer lists them. A name found only outside the scope answers that
 * municipality, for the caller to say where it lies.
 */
export function resolveMunicipality(
  entry: string,
  scope: (m: MunicipalityRef) => boolean = () => true,
): ResolvedMunicipality {
  const text = entry.trim()
  if (/^\d{8}$/.test(text)) {
    const m = municipalityRef(text)
    return m ? { ok: true, municipality: m } : { ok: false, reason: 'unknown' }
  }
  let found = agsByName(text)
  const withKreis = /^(.*\S)\s*\(([^()]+)\)$/.exec(text)
  if (found.length === 0 && withKreis) {
    const kreis = fold(withKreis[2]!)
    found = agsByName(withKreis[1]!).filter((ags) => fold(municipalityRef(ags)?.kreis ?? '') === kreis)
  }
  const refs = found.map((ags) => municipalityRef(ags)!)
  if (refs.length === 0) return { ok: false, reason: 'unknown' }
  const inScope = refs.filter(scope)
  const pool = inScope.length > 0 ? inScope : refs
  const inhabited = pool.filter((m) => m.population > 0)
  const choice = inhabited.length > 0 ? inhabited : pool
  if (choice.length === 1) return { ok: true, municipality: choice[0]! }
  return {
    ok: false,
    reason: 'ambiguous',
    candidates: [...choice].sort((a, b) => b.population - a.population || a.ags.localeCompare(b.ags)),
  }
}

let byKreis: Map<string, string[]> | undefined

/** The inhabited municipalities of a Kreis (the gemeindefreie Gebiete have no inhabitants and are left out). */
export function municipalitiesOfKreis(kreisAgs: string): MunicipalityRef[] {
  if (!byKreis) {
    byKreis = new Map()
    for (const [ags, g] of readTerritory().gemeinden) {
      const list = byKreis.get(g.kreisAgs)
      if (list) list.push(ags)
      else byKreis.set(g.kreisAgs, [ags])
    }
  }
  return (byKreis.get(kreisAgs) ?? []).map((ags) => municipalityRef(ags)!).filter((m) => m.population > 0)
}

/**
 * The municipalities a person may mean by what they typed into a search: an 8-digit key, a postal code (every
 * municipality it reaches), or a name (exact matches first, then names beginning with it, then names containing
 * it; the most populous first), each with its Kreis so that two places of one name can be told apart.
 */
export function searchMunicipalities(query: string, limit = 20): MunicipalityRef[] {
  const q = query.trim()
  if (/^\d{8}$/.test(q)) {
    const m = municipalityRef(q)
    return m ? [m] : []
  }
  if (/^\d{5}$/.test(q)) return municipalitiesOfPostalCode(q).map((ags) => municipalityRef(ags)!)
  const needle = fold(q)
  if (needle.length < 2) return []
  const ranked: { rank: number; ags: string; name: string; population: number }[] = []
  for (const [ags, g] of readTerritory().gemeinden) {
    const name = fold(g.name)
    const base = name.split(',')[0]!.trim()
    const rank =
      name === needle || base === needle ? 0 : name.startsWith(needle) ? 1 : name.includes(needle) ? 2 : -1
    if (rank >= 0) ranked.push({ rank, ags, name: g.name, population: g.population })
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || b.population - a.population || a.name.localeCompare(b.name, 'de'))
    .slice(0, limit)
    .map((m) => municipalityRef(m.ags)!)
}
