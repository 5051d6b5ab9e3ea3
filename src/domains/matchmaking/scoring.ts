/**
 * The partner finder's score: a pure function of the data, so every suggestion can be explained factor by
 * factor and tested as a table. Each factor gives a value between 0 (speaks against the pair) and 1 (speaks
 * for it); the score is the weighted mean of the values. Nothing here reads the database, the clock or the
 * configuration: the service hands all of it in.
 */

export const factorKeys = [
  'strength',
  'cityCountry',
  'eastWest',
  'distance',
  'elections',
  'twinTowns',
  'partnerCount',
  'endedBefore',
  'profileFit',
] as const
export type FactorKey = (typeof factorKeys)[number]

/** Whole numbers from 0 (the factor does not count) to 10. */
export type Weights = Readonly<Record<FactorKey, number>>
export const maxWeight = 10

export const defaultWeights: Weights = {
  strength: 3,
  cityCountry: 2,
  eastWest: 2,
  distance: 2,
  elections: 2,
  twinTowns: 2,
  partnerCount: 2,
  endedBefore: 3,
  profileFit: 3,
}

export const helpKinds = [
  'campaign_help',
  'money',
  'experience',
  'motivation',
  'training',
  'material',
] as const
export type HelpKind = (typeof helpKinds)[number]

/** What a KV's board says it looks for; absent when it has not filled the form in. */
export type SeekingProfile = {
  looking: boolean
  seeks: readonly HelpKind[]
  offers: readonly HelpKind[]
  /** States (2-digit AGS) the KV would like its partner in; empty means anywhere. */
  preferredStates: readonly string[]
  /** How far its members would travel, in km; null when the board did not say. */
  maxTravelKm: number | null
}

export type Election = { day: number; kind: 'state' | 'municipal'; date: string }

/** One KV as the score sees it. */
export type Candidate = {
  id: string
  name: string
  stateAgs: string
  members: number
  population: number | null
  areaKm2: number | null
  lat: number | null
  lon: number | null
  /**
   * The points of its territory where it has several (each Kreis it covers, each single municipality): the
   * distance to another KV is then the shortest between a point of one and a point of the other. Without them,
   * `lat` and `lon` are its place.
   */
  points?: readonly { lat: number; lon: number }[]
  /** Partnerships in which it is a partner now (agreed or active). */
  partnerCount: number
  /** The Kreise (5-digit AGS) its territory covers whole (for a city district, its city's). */
  kreise: readonly string[]
  /** The single municipalities (8-digit AGS) of its territory besides its Kreise. */
  municipalities?: readonly string[]
  profile: SeekingProfile | null
  /** Its state's elections in the horizon the service chose, by day number (days since 1970-01-01). */
  elections: readonly Election[]
}

/** What is known about pairs rather than single KVs. */
export type PairFacts = {
  /** Pairs (`pairKey`) that had a partnership that ended. */
  ended: ReadonlySet<string>
  /** Municipality (8-digit AGS) → its twin towns (both directions). */
  twinTowns: ReadonlyMap<string, ReadonlySet<string>>
  /**
   * Travel times in minutes between two Kreise (`pairKey` of their 5-digit keys), where a table is configured; a
   * KV is at each Kreis of its territory, those it covers and those its single municipalities lie in.
   */
  travelMinutes?: ReadonlyMap<string, number>
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`)

/** Why a factor has its value, in parameters a view turns into a sentence. */
export type Detail =
  | { kind: 'unknown' }
  | { kind: 'ratio'; a: number; b: number }
  | { kind: 'eastWest'; a: Side; b: Side }
  | { kind: 'distance'; km: number; maxKm: number }
  | { kind: 'travel'; minutes: number; maxMinutes: number }
  | { kind: 'collision'; a: string; b: string }
  | { kind: 'elections'; a: string | null; b: string | null }
  | { kind: 'twinTowns'; found: boolean }
  | { kind: 'partners'; a: number; b: number }
  | { kind: 'ended'; ended: boolean }
  | { kind: 'profile'; matches: number; wanted: number; regionFits: boolean }

export type Side = 'east' | 'west' | 'berlin'

export type Factor = {
  key: FactorKey
  value: number
  weight: number
  /** weight × value / sum of weights: what the factor adds to the score. */
  contribution: number
  detail: Detail
}

export type Scored = { score: number; factors: Factor[] }

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v)

/** Members per 1,000 inhabitants; null without inhabitants. */
export const memberDensity = (c: Candidate) =>
  c.population && c.population > 0 ? (c.members * 1000) / c.population : null

/** Inhabitants per km²; null without an area. */
export const populationDensity = (c: Candidate) =>
  c.population && c.areaKm2 && c.areaKm2 > 0 ? c.population / c.areaKm2 : null

/** The states of the former GDR; Berlin, half and half, counts as neither. */
const eastStates = new Set(['12', '13', '14', '15', '16'])
export const sideOf = (stateAgs: string): Side =>
  stateAgs === '11' ? 'berlin' : eastStates.has(stateAgs) ? 'east' : 'west'

/** A ratio of 4 between the member densities counts fully: one KV is strong where the other is weak. */
const strengthFullRatio = Math.log(4)
/** A ratio of 10 between the population densities counts fully: city meets countryside. */
const cityCountryFullRatio = Math.log(10)
/** Closer than this, members of both meet anyway; the pair gains little from a partnership. */
export const nearKm = 50
/** From this distance on, a partnership reaches somewhere new. */
export const farEnoughKm = 150
/** How far members travel when their board did not say. */
export const defaultMaxTravelKm = 500
/** Beyond the travel limit the value falls to 0 over this many km. */
const beyondKm = 200
/** With a travel time: closer than this (minutes), members meet anyway. */
export const nearMinutes = 60
/** With a travel time: from this on, a partnership reaches somewhere new. */
export const farEnoughMinutes = 150
/** A travel limit in km becomes one in minutes at this average speed (km/h). */
export const travelKmPerHour = 80
/** Beyond the travel limit the value falls to 0 over this many minutes. */
const beyondMinutes = 150
/** Two elections closer than this (days) fall into the same campaign season. */
export const collisionDays = 42

/**
 * A candidate with everything the factors derive from it computed once (densities, radians, sets), so scoring
 * a pair only combines numbers. Built once per candidate and set of pair facts (`preparedFor`).
 */
type Prepared = {
  c: Candidate
  memberDensity: number | null
  popDensity: number | null
  side: Side
  /** The points of its territory in radians, with the cosine of their latitude. */
  points: readonly { latR: number; lonR: number; cosLat: number }[]
  located: boolean
  maxTravelKm: number
  seeks: readonly string[]
  offers: ReadonlySet<string>
  preferred: ReadonlySet<string> | null
  days: readonly number[]
  /** The twin towns (8-digit AGS) of the municipalities of its territory, and the Kreise they lie in. */
  twins: ReadonlySet<string>
  twinKreise: ReadonlySet<string>
  /** Its territory: the Kreise it covers whole and its single municipalities. */
  kreise: ReadonlySet<string>
  municipalities: ReadonlySet<string>
  /** The Kreise its territory lies in, for travel times. */
  travelKreise: readonly string[]
  /** Ids of the KVs it had a partnership with that ended. */
  endedWith: ReadonlySet<string>
  /** The travel times of the facts, when any are configured. */
  travel: ReadonlyMap<string, number> | null
}

const rad = Math.PI / 180
const noStrings: ReadonlySet<string> = new Set()
const preparedCache = new WeakMap<PairFacts, WeakMap<Candidate, Prepared>>()
const endedCache = new WeakMap<PairFacts, Map<string, Set<string>>>()
const twinsByKreisCache = new WeakMap<PairFacts, Map<string, string[]>>()

/** Kreis → the municipalities in it that have a twin town. */
function twinsByKreis(facts: PairFacts) {
  let index = twinsByKreisCache.get(facts)
  if (!index) {
    index = new Map()
    for (const ags of facts.twinTowns.keys()) {
      const list = index.get(ags.slice(0, 5))
      if (list) list.push(ags)
      else index.set(ags.slice(0, 5), [ags])
    }
    twinsByKreisCache.set(facts, index)
  }
  return index
}

function endedIndex(facts: PairFacts) {
  let index = endedCache.get(facts)
  if (!index) {
    index = new Map()
    for (const key of facts.ended) {
      const [x, y] = key.split(':') as [string, string]
      index.set(x, (index.get(x) ?? new Set()).add(y))
      index.set(y, (index.get(y) ?? new Set()).add(x))
    }
    endedCache.set(facts, index)
  }
  return index
}

function preparedFor(c: Candidate, facts: PairFacts): Prepared {
  let cache = preparedCache.get(facts)
  if (!cache) {
    cache = new WeakMap()
    preparedCache.set(facts, cache)
  }
  const hit = cache.get(c)
  if (hit) return hit
  const municipalities = c.municipalities ?? []
  const twins = new Set<string>()
  const towns = [...c.kreise.flatMap((k) => twinsByKreis(facts).get(k) ?? []), ...municipalities]
  for (const town of towns) for (const t of facts.twinTowns.get(town) ?? []) twins.add(t)
  const points = (
    c.points && c.points.length > 0
      ? c.points
      : c.lat !== null && c.lon !== null
        ? [{ lat: c.lat, lon: c.lon }]
        : []
  ).map((p) => ({ latR: p.lat * rad, lonR: p.lon * rad, cosLat: Math.cos(p.lat * rad) }))
  const p: Prepared = {
    c,
    memberDensity: memberDensity(c),
    popDensity: populationDensity(c),
    side: sideOf(c.stateAgs),
    points,
    located: points.length > 0,
    maxTravelKm: c.profile?.maxTravelKm ?? defaultMaxTravelKm,
    seeks: c.profile?.seeks ?? [],
    offers: c.profile ? new Set(c.profile.offers) : noStrings,
    preferred: c.profile && c.profile.preferredStates.length > 0 ? new Set(c.profile.preferredStates) : null,
    days: c.elections.map((e) => e.day),
    twins,
    twinKreise: new Set([...twins].map((t) => t.slice(0, 5))),
    kreise: new Set(c.kreise),
    municipalities: new Set(municipalities),
    travelKreise: [...new Set([...c.kreise, ...municipalities.map((m) => m.slice(0, 5))])],
    endedWith: endedIndex(facts).get(c.id) ?? noStrings,
    travel: facts.travelMinutes && facts.travelMinutes.size > 0 ? facts.travelMinutes : null,
  }
  cache.set(c, p)
  return p
}

/** |log(a/b)| / log(full ratio), capped at 1: how far apart two densities are; null when one is unknown. */
function ratioValue(a: number | null, b: number | null, full: number) {
  if (a === null || b === null) return null
  if (a <= 0 && b <= 0) return 0
  if (a <= 0 || b <= 0) return 1
  return clamp01(Math.abs(Math.log(a / b)) / full)
}

/** The great-circle distance between the nearest points of two territories. */
function km(a: Prepared, b: Prepared) {
  let h = Number.POSITIVE_INFINITY
  for (const p of a.points)
    for (const q of b.points) {
      const d =
        Math.sin((q.latR - p.latR) / 2) ** 2 + p.cosLat * q.cosLat * Math.sin((q.lonR - p.lonR) / 2) ** 2
      if (d < h) h = d
    }
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** The shortest configured travel time between a Kreis of one's territory and one of the other's; null without one. */
function travelMinutes(a: Prepared, b: Prepared) {
  if (!a.travel) return null
  let best: number | null = null
  for (const x of a.travelKreise)
    for (const y of b.travelKreise) {
      const m = x === y ? undefined : a.travel.get(pairKey(x, y))
      if (m !== undefined && (best === null || m < best)) best = m
    }
  return best
}

/** The travel limit of the pair in minutes: the smaller limit in km at an average speed. */
const maxMinutesOf = (a: Prepared, b: Prepared) =>
  Math.round((Math.min(a.maxTravelKm, b.maxTravelKm) / travelKmPerHour) * 60)

/** Near, far enough, within the limit, beyond it: the same shape for km and for minutes. */
function distanceShape(d: number, near: number, far: number, max: number, beyond: number) {
  let v: number
  if (d > max) v = clamp01(1 - (d - max) / beyond)
  else if (d >= far) v = 1
  else v = clamp01((d - near) / (far - near))
  // A short travel limit can lie below "far enough": then being within it is what counts.
  if (max < far && d <= max) v = Math.max(v, 0.5)
  return v
}

function collision(a: Prepared, b: Prepared): [number, number] | null {
  for (let i = 0; i < a.days.length; i++)
    for (let j = 0; j < b.days.length; j++)
      if (Math.abs(a.days[i]! - b.days[j]!) <= collisionDays) return [i, j]
  return null
}

function profileMatches(a: Prepared, b: Prepared) {
  let matches = 0
  for (const s of a.seeks) if (b.offers.has(s)) matches++
  for (const s of b.seeks) if (a.offers.has(s)) matches++
  const regionFits =
    (a.preferred === null || a.preferred.has(b.c.stateAgs)) &&
    (b.preferred === null || b.preferred.has(a.c.stateAgs))
  return { matches, wanted: a.seeks.length + b.seeks.length, regionFits }
}

/** Each factor's value for a pair; symmetric in a and b. The one place the values are computed. */
const values: Record<FactorKey, (a: Prepared, b: Prepared) => number> = {
  strength: (a, b) => ratioValue(a.memberDensity, b.memberDensity, strengthFullRatio) ?? 0.5,
  cityCountry: (a, b) => ratioValue(a.popDensity, b.popDensity, cityCountryFullRatio) ?? 0.5,
  eastWest: (a, b) => {
    if (a.side === 'berlin' || b.side === 'berlin') return a.side === b.side ? 0 : 0.5
    return a.side === b.side ? 0 : 1
  },
  // A configured travel time counts before the straight line.
  distance: (a, b) => {
    const minutes = travelMinutes(a, b)
    if (minutes !== null)
      return distanceShape(minutes, nearMinutes, farEnoughMinutes, maxMinutesOf(a, b), beyondMinutes)
    if (!a.located || !b.located) return 0.5
    return distanceShape(km(a, b), nearKm, farEnoughKm, Math.min(a.maxTravelKm, b.maxTravelKm), beyondKm)
  },
  // A collision is 0; one side campaigning while the other is free to help is 1; no election at all, neutral.
  elections: (a, b) => (collision(a, b) ? 0 : a.days.length > 0 || b.days.length > 0 ? 1 : 0.5),
  twinTowns: (a, b) => {
    for (const k of b.kreise) if (a.twinKreise.has(k)) return 1
    for (const m of b.municipalities) if (a.twins.has(m)) return 1
    return 0
  },
  partnerCount: (a, b) => clamp01(1 - (a.c.partnerCount + b.c.partnerCount) / 4),
  endedBefore: (a, b) => (a.endedWith.has(b.c.id) ? 0 : 1),
  profileFit: (a, b) => {
    if (!a.c.profile && !b.c.profile) return 0.5
    const m = profileMatches(a, b)
    return ((m.wanted > 0 ? m.matches / m.wanted : 0.5) + (m.regionFits ? 1 : 0)) / 2
  },
}

/** Why a factor has its value, for the explanation. */
function detailOf(key: FactorKey, a: Prepared, b: Prepared): Detail {
  switch (key) {
    case 'strength':
      return a.memberDensity === null || b.memberDensity === null
        ? { kind: 'unknown' }
        : { kind: 'ratio', a: a.memberDensity, b: b.memberDensity }
    case 'cityCountry':
      return a.popDensity === null || b.popDensity === null
        ? { kind: 'unknown' }
        : { kind: 'ratio', a: a.popDensity, b: b.popDensity }
    case 'eastWest':
      return { kind: 'eastWest', a: a.side, b: b.side }
    case 'distance': {
      const minutes = travelMinutes(a, b)
      if (minutes !== null) return { kind: 'travel', minutes, maxMinutes: maxMinutesOf(a, b) }
      return !a.located || !b.located
        ? { kind: 'unknown' }
        : { kind: 'distance', km: km(a, b), maxKm: Math.min(a.maxTravelKm, b.maxTravelKm) }
    }
    case 'elections': {
      const hit = collision(a, b)
      if (hit) return { kind: 'collision', a: a.c.elections[hit[0]]!.date, b: b.c.elections[hit[1]]!.date }
      return { kind: 'elections', a: a.c.elections[0]?.date ?? null, b: b.c.elections[0]?.date ?? null }
    }
    case 'twinTowns':
      return { kind: 'twinTowns', found: values.twinTowns(a, b) === 1 }
    case 'partnerCount':
      return { kind: 'partners', a: a.c.partnerCount, b: b.c.partnerCount }
    case 'endedBefore':
      return { kind: 'ended', ended: a.endedWith.has(b.c.id) }
    case 'profileFit':
      return !a.c.profile && !b.c.profile ? { kind: 'unknown' } : { kind: 'profile', ...profileMatches(a, b) }
  }
}

const weightTotal = (weights: Weights) => factorKeys.reduce((sum, k) => sum + weights[k], 0)

/** The score of a pair with every factor's value, weight, share and reason; symmetric in a and b. */
export function scorePair(a: Candidate, b: Candidate, facts: PairFacts, weights: Weights): Scored {
  const pa = preparedFor(a, facts)
  const pb = preparedFor(b, facts)
  const total = weightTotal(weights)
  const factors: Factor[] = []
  let score = 0
  for (const key of factorKeys) {
    const value = values[key](pa, pb)
    const weight = weights[key]
    const contribution = total > 0 ? (weight * value) / total : 0
    score += contribution
    factors.push({ key, value, weight, contribution, detail: detailOf(key, pa, pb) })
  }
  return { score, factors }
}

type Scorer = (a: Prepared, b: Prepared) => number

/** The score alone for prepared candidates, with the factors of weight 0 left out: what ranking needs. */
function scorer(weights: Weights): Scorer {
  const total = weightTotal(weights)
  const used = factorKeys.filter((k) => weights[k] > 0).map((k) => [values[k], weights[k] / total] as const)
  return (a, b) => {
    let score = 0
    for (const [value, share] of used) score += share * value(a, b)
    return score
  }
}

/** The score alone, without building the explanation. */
export function scoreOnly(a: Candidate, b: Candidate, facts: PairFacts, weights: Weights): number {
  return scorer(weights)(preparedFor(a, facts), preparedFor(b, facts))
}

/** Whether b may be suggested to a at all: another KV, no open partnership between them, b not declining. */
export function eligible(a: Candidate, b: Candidate, open: ReadonlySet<string>) {
  return a.id !== b.id && b.profile?.looking !== false && !open.has(pairKey(a.id, b.id))
}

const collator = new Intl.Collator('de')

/** The fixed order of suggestions: higher score first, then by name, then by id, so ties never flicker. */
export function compareRanked(
  x: { score: number; candidate: Pick<Candidate, 'name' | 'id'> },
  y: { score: number; candidate: Pick<Candidate, 'name' | 'id'> },
) {
  if (x.score !== y.score) return y.score - x.score
  const byName = collator.compare(x.candidate.name, y.candidate.name)
  if (byName !== 0) return byName
  return x.candidate.id < y.candidate.id ? -1 : x.candidate.id > y.candidate.id ? 1 : 0
}

export type Ranked = { candidate: Candidate; score: number }

const openCache = new WeakMap<ReadonlySet<string>, Map<string, Set<string>>>()

/** The ids each KV has an open partnership with, built once per set of open pairs. */
function openIndex(open: ReadonlySet<string>) {
  const cached = openCache.get(open)
  if (cached) return cached
  const index = new Map<string, Set<string>>()
  for (const key of open) {
    const [x, y] = key.split(':') as [string, string]
    index.set(x, (index.get(x) ?? new Set()).add(y))
    index.set(y, (index.get(y) ?? new Set()).add(x))
  }
  openCache.set(open, index)
  return index
}

/** The best `limit` partners for `a` among `all`, in the fixed order. */
export function rankFor(
  a: Candidate,
  all: readonly Candidate[],
  facts: PairFacts,
  open: ReadonlySet<string>,
  weights: Weights,
  limit = 10,
): Ranked[] {
  const score = scorer(weights)
  const pa = preparedFor(a, facts)
  const blocked = openIndex(open).get(a.id)
  const out: Ranked[] = []
  for (const b of all) {
    if (b.id === a.id || b.profile?.looking === false || blocked?.has(b.id)) continue
    out.push({ candidate: b, score: score(pa, preparedFor(b, facts)) })
  }
  out.sort(compareRanked)
  return out.slice(0, limit)
}

/** Every KV's best partner: all pairs scored once each (the score is symmetric). */
export function bestForEach(
  all: readonly Candidate[],
  facts: PairFacts,
  open: ReadonlySet<string>,
  weights: Weights,
): Map<string, Ranked> {
  const score = scorer(weights)
  const prepared = all.map((c) => preparedFor(c, facts))
  const openWith = openIndex(open)
  const best = new Map<string, Ranked>()
  const offer = (self: Candidate, other: Candidate, value: number) => {
    const current = best.get(self.id)
    const next = { candidate: other, score: value }
    if (!current || compareRanked(next, current) < 0) best.set(self.id, next)
  }
  for (let i = 0; i < prepared.length; i++) {
    const pa = prepared[i]!
    const a = pa.c
    const blocked = openWith.get(a.id)
    for (let j = i + 1; j < prepared.length; j++) {
      const pb = prepared[j]!
      const b = pb.c
      if (blocked?.has(b.id) || a.id === b.id) continue
      const value = score(pa, pb)
      if (b.profile?.looking !== false) offer(a, b, value)
      if (a.profile?.looking !== false) offer(b, a, value)
    }
  }
  return best
}

/** Days since 1970-01-01 of an ISO date, the unit of election dates. */
export const dayNumber = (isoDate: string) => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000)
