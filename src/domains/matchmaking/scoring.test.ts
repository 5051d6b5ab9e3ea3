import { describe, expect, test } from 'vitest'
import {
  bestForEach,
  type Candidate,
  dayNumber,
  defaultWeights,
  type FactorKey,
  factorKeys,
  type PairFacts,
  pairKey,
  rankFor,
  scoreOnly,
  scorePair,
  type Weights,
} from './scoring.js'
import { twinTowns } from './service.js'

// Figures of the real territories (inhabitants and area from the shipped geodata, rounded); members invented
// in the proportions the seed describes: many in the city, few in the countryside.
const kv = (over: Partial<Candidate> & Pick<Candidate, 'id' | 'name'>): Candidate => ({
  stateAgs: '05',
  members: 100,
  population: 100_000,
  areaKm2: 500,
  lat: 51,
  lon: 10,
  partnerCount: 0,
  kreise: [],
  profile: null,
  elections: [],
  ...over,
})

const hamburgMitte = kv({
  id: 'hh-mitte',
  name: 'Hamburg-Mitte',
  stateAgs: '02',
  members: 1400,
  population: 301_000,
  areaKm2: 142,
  lat: 53.5503,
  lon: 10.0006,
  kreise: ['02000'],
})
const hamburgAltona = kv({
  id: 'hh-altona',
  name: 'Hamburg-Altona',
  stateAgs: '02',
  members: 1300,
  population: 275_000,
  areaKm2: 78,
  lat: 53.5456,
  lon: 9.9382,
  kreise: ['02000'],
})
const saaleOrla = kv({
  id: 'saale-orla',
  name: 'Saale-Orla-Kreis',
  stateAgs: '16',
  members: 60,
  population: 81_000,
  areaKm2: 1151,
  lat: 50.59,
  lon: 11.71,
  kreise: ['16075'],
})
const ludwigsburg = kv({
  id: 'ludwigsburg',
  name: 'Ludwigsburg',
  stateAgs: '08',
  members: 900,
  population: 545_000,
  areaKm2: 687,
  lat: 48.93,
  lon: 9.19,
  kreise: ['08118'],
})
const bonn = kv({
  id: 'bonn',
  name: 'Bonn',
  stateAgs: '05',
  members: 1500,
  population: 329_000,
  areaKm2: 141,
  lat: 50.73,
  lon: 7.1,
  kreise: ['05314'],
})
const weimar = kv({
  id: 'weimar',
  name: 'Weimar',
  stateAgs: '16',
  members: 150,
  population: 65_000,
  areaKm2: 84,
  lat: 50.98,
  lon: 11.32,
  kreise: ['16055'],
})

const noFacts: PairFacts = { ended: new Set(), twinTowns: new Map() }
const factor = (a: Candidate, b: Candidate, key: FactorKey, facts = noFacts, weights = defaultWeights) =>
  scorePair(a, b, facts, weights).factors.find((f) => f.key === key)!
const only = (key: FactorKey): Weights =>
  Object.fromEntries(factorKeys.map((k) => [k, k === key ? 1 : 0])) as Weights

describe('each factor on known pairs', () => {
  test.each([
    // Hamburg-Mitte has about six times the member density of Saale-Orla: strong where the other is weak.
    { a: hamburgMitte, b: saaleOrla, key: 'strength', min: 1, max: 1 },
    { a: hamburgMitte, b: saaleOrla, key: 'cityCountry', min: 1, max: 1 },
    { a: hamburgMitte, b: saaleOrla, key: 'eastWest', min: 1, max: 1 },
    { a: hamburgMitte, b: saaleOrla, key: 'distance', min: 1, max: 1 },
    // Two city districts of Hamburg: alike in strength and density, same side, a few kilometres apart.
    { a: hamburgMitte, b: hamburgAltona, key: 'strength', min: 0, max: 0.1 },
    { a: hamburgMitte, b: hamburgAltona, key: 'cityCountry', min: 0, max: 0.5 },
    { a: hamburgMitte, b: hamburgAltona, key: 'eastWest', min: 0, max: 0 },
    { a: hamburgMitte, b: hamburgAltona, key: 'distance', min: 0, max: 0 },
    // Bonn and Weimar, the seed's second pair "was erstmal sehr unterschiedlich scheint".
    { a: bonn, b: weimar, key: 'strength', min: 0.4, max: 1 },
    { a: bonn, b: weimar, key: 'eastWest', min: 1, max: 1 },
    { a: bonn, b: weimar, key: 'distance', min: 1, max: 1 },
  ] as const)('$a.name – $b.name: $key in [$min, $max]', ({ a, b, key, min, max }) => {
    const f = factor(a, b, key)
    expect(f.value).toBeGreaterThanOrEqual(min)
    expect(f.value).toBeLessThanOrEqual(max)
  })

  test('Hamburg-Mitte and Saale-Orla score far above two neighbouring Hamburg districts', () => {
    const far = scorePair(hamburgMitte, saaleOrla, noFacts, defaultWeights).score
    const near = scorePair(hamburgMitte, hamburgAltona, noFacts, defaultWeights).score
    expect(far).toBeGreaterThan(0.75)
    expect(near).toBeLessThan(0.55)
    expect(far - near).toBeGreaterThan(0.3)
  })

  test('the distance explains itself: straight-line km between the anchors and the travel limit', () => {
    const f = factor(hamburgMitte, saaleOrla, 'distance')
    expect(f.detail).toMatchObject({ kind: 'distance', maxKm: 500 })
    const km = (f.detail as { km: number }).km
    expect(km).toBeGreaterThan(320)
    expect(km).toBeLessThan(360)
  })

  test('beyond what members would travel, the distance fit falls', () => {
    const shortTrips = {
      ...saaleOrla,
      profile: { looking: true, seeks: [], offers: [], preferredStates: [], maxTravelKm: 200 },
    }
    expect(factor(hamburgMitte, shortTrips, 'distance').value).toBeLessThan(0.5)
    expect(factor(hamburgMitte, saaleOrla, 'distance').value).toBe(1)
  })

  test('where a travel-time table is configured, the distance is judged in minutes instead of km', () => {
    const travel = (minutes: number): PairFacts => ({
      ...noFacts,
      travelMinutes: new Map([[pairKey('02000', '16075'), minutes]]),
    })
    // 340 km in a straight line, but the table says: | minutes | value |
    const rows: [number, number][] = [
      [45, 0], // members meet anyway
      [105, 0.5], // halfway from 60 to 150 minutes
      [200, 1], // far enough, within 500 km at 80 km/h = 375 minutes
      [450, 0.5], // 75 minutes beyond the limit, falling to 0 over 150
    ]
    for (const [minutes, value] of rows) {
      const f = factor(hamburgMitte, saaleOrla, 'distance', travel(minutes))
      expect(f.value, `${minutes} minutes`).toBeCloseTo(value, 5)
      expect(f.detail).toEqual({ kind: 'travel', minutes, maxMinutes: 375 })
    }
    // The score stays symmetric, and a pair the table does not know keeps the straight line.
    expect(scorePair(saaleOrla, hamburgMitte, travel(45), defaultWeights).score).toBeCloseTo(
      scorePair(hamburgMitte, saaleOrla, travel(45), defaultWeights).score,
      10,
    )
    expect(factor(hamburgMitte, hamburgAltona, 'distance', travel(45)).detail.kind).toBe('distance')
    expect(scorePair(hamburgMitte, saaleOrla, travel(45), defaultWeights).score).toBeLessThan(
      scorePair(hamburgMitte, saaleOrla, noFacts, defaultWeights).score,
    )
  })

  test('an election-date collision lowers the score; one side voting alone raises it', () => {
    const votes = (c: Candidate, date: string): Candidate => ({
      ...c,
      elections: [{ day: dayNumber(date), kind: 'state', date }],
    })
    const free = scorePair(hamburgMitte, saaleOrla, noFacts, defaultWeights)
    const oneVotes = scorePair(hamburgMitte, votes(saaleOrla, '2027-09-06'), noFacts, defaultWeights)
    const clash = scorePair(
      votes(hamburgMitte, '2027-09-20'),
      votes(saaleOrla, '2027-09-06'),
      noFacts,
      defaultWeights,
    )
    const apart = scorePair(
      votes(hamburgMitte, '2027-03-01'),
      votes(saaleOrla, '2027-09-06'),
      noFacts,
      defaultWeights,
    )
    expect(clash.factors.find((f) => f.key === 'elections')).toMatchObject({
      value: 0,
      detail: { kind: 'collision', a: '2027-09-20', b: '2027-09-06' },
    })
    expect(clash.score).toBeLessThan(free.score)
    expect(clash.score).toBeLessThan(apart.score)
    expect(oneVotes.score).toBeGreaterThan(free.score)
    expect(apart.factors.find((f) => f.key === 'elections')?.value).toBe(1)
  })

  test('twin towns between the territories count (Gerlingen–Gefell joins Ludwigsburg and Saale-Orla)', () => {
    const facts: PairFacts = { ended: new Set(), twinTowns: twinTowns([{ a: '08118019', b: '16075131' }]) }
    expect(factor(ludwigsburg, saaleOrla, 'twinTowns', facts)).toMatchObject({
      value: 1,
      detail: { found: true },
    })
    expect(factor(saaleOrla, ludwigsburg, 'twinTowns', facts).value).toBe(1)
    expect(factor(bonn, saaleOrla, 'twinTowns', facts).value).toBe(0)
  })

  test('a KV of municipalities counts the twin towns of its own ones and travels from the Kreise they lie in', () => {
    const facts: PairFacts = {
      ended: new Set(),
      twinTowns: twinTowns([{ a: '08118019', b: '16075131' }]),
      travelMinutes: new Map([[pairKey('02000', '16075'), 200]]),
    }
    const gefell = kv({ id: 'gefell', name: 'KV Gefell', stateAgs: '16', municipalities: ['16075131'] })
    const schleiz = kv({ id: 'schleiz', name: 'KV Schleiz', stateAgs: '16', municipalities: ['16075098'] })
    const gerlingen = kv({
      id: 'gerlingen',
      name: 'KV Gerlingen',
      stateAgs: '08',
      municipalities: ['08118019'],
    })
    expect(factor(ludwigsburg, gefell, 'twinTowns', facts).value).toBe(1)
    expect(factor(gefell, gerlingen, 'twinTowns', facts).value).toBe(1)
    expect(factor(gerlingen, saaleOrla, 'twinTowns', facts).value).toBe(1)
    // Another municipality of the Kreis has none of them.
    expect(factor(ludwigsburg, schleiz, 'twinTowns', facts).value).toBe(0)
    expect(factor(gerlingen, schleiz, 'twinTowns', facts).value).toBe(0)
    expect(factor(hamburgMitte, gefell, 'distance', facts).detail).toEqual({
      kind: 'travel',
      minutes: 200,
      maxMinutes: 375,
    })
  })

  test('partners already held lower the fit; an ended partnership speaks against the pair', () => {
    expect(factor(bonn, weimar, 'partnerCount').value).toBe(1)
    expect(factor({ ...bonn, partnerCount: 2 }, { ...weimar, partnerCount: 1 }, 'partnerCount').value).toBe(
      0.25,
    )
    const ended: PairFacts = { ended: new Set([pairKey('weimar', 'bonn')]), twinTowns: new Map() }
    expect(factor(bonn, weimar, 'endedBefore', ended).value).toBe(0)
    expect(factor(bonn, weimar, 'endedBefore').value).toBe(1)
  })

  test('seeking profiles: what one seeks and the other offers, and the preferred regions', () => {
    const seeker = {
      ...saaleOrla,
      profile: {
        looking: true,
        seeks: ['campaign_help', 'money'] as const,
        offers: [],
        preferredStates: [],
        maxTravelKm: null,
      },
    }
    const giver = {
      ...hamburgMitte,
      profile: {
        looking: true,
        seeks: [],
        offers: ['campaign_help'] as const,
        preferredStates: ['16'],
        maxTravelKm: null,
      },
    }
    expect(factor(seeker, giver, 'profileFit')).toMatchObject({
      value: 0.75,
      detail: { matches: 1, wanted: 2, regionFits: true },
    })
    const westOnly = { ...giver, profile: { ...giver.profile, preferredStates: ['05'] } }
    expect(factor(seeker, westOnly, 'profileFit').value).toBe(0.25)
    expect(factor(bonn, weimar, 'profileFit')).toMatchObject({ value: 0.5, detail: { kind: 'unknown' } })
  })

  test('missing figures count as neutral and say so', () => {
    const blank = { ...weimar, population: null, areaKm2: null, lat: null, lon: null }
    for (const key of ['strength', 'cityCountry', 'distance'] as const)
      expect(factor(bonn, blank, key)).toMatchObject({ value: 0.5, detail: { kind: 'unknown' } })
  })
})

describe('the score', () => {
  test('is symmetric, the weighted mean of the values, and its contributions add up to it', () => {
    const ab = scorePair(bonn, weimar, noFacts, defaultWeights)
    const ba = scorePair(weimar, bonn, noFacts, defaultWeights)
    expect(ab.score).toBeCloseTo(ba.score, 12)
    const sum = ab.factors.reduce((s, f) => s + f.contribution, 0)
    expect(sum).toBeCloseTo(ab.score, 12)
    expect(scoreOnly(bonn, weimar, noFacts, defaultWeights)).toBeCloseTo(ab.score, 12)
  })

  test('weights decide: with distance alone, the neighbour is last; with every weight 0 the score is 0', () => {
    const all = [hamburgAltona, saaleOrla, bonn]
    const byDistance = rankFor(hamburgMitte, all, noFacts, new Set(), only('distance'))
    expect(byDistance.at(-1)?.candidate.id).toBe('hh-altona')
    const byStrength = rankFor(hamburgMitte, all, noFacts, new Set(), only('strength'))
    expect(byStrength[0]?.candidate.id).toBe('saale-orla')
    const zero = Object.fromEntries(factorKeys.map((k) => [k, 0])) as Weights
    expect(scorePair(bonn, weimar, noFacts, zero).score).toBe(0)
  })

  test('ties are broken by name, then by id, whatever order the KVs come in', () => {
    const twin = (id: string, name: string) => ({ ...weimar, id, name })
    const pool = [twin('c', 'Zwickau'), twin('b', 'Aue'), twin('a', 'Aue'), twin('d', 'Bautzen')]
    const expected = ['a', 'b', 'd', 'c']
    for (const order of [pool, [...pool].reverse(), [pool[2]!, pool[0]!, pool[3]!, pool[1]!]]) {
      expect(rankFor(bonn, order, noFacts, new Set(), defaultWeights).map((r) => r.candidate.id)).toEqual(
        expected,
      )
    }
  })

  test('no suggestion of itself, of a KV with an open partnership, or of one that is not looking', () => {
    const notLooking = {
      ...saaleOrla,
      id: 'quiet',
      profile: { looking: false, seeks: [], offers: [], preferredStates: [], maxTravelKm: null },
    }
    const open = new Set([pairKey('hh-mitte', 'bonn')])
    const ids = rankFor(
      hamburgMitte,
      [hamburgMitte, bonn, notLooking, weimar],
      noFacts,
      open,
      defaultWeights,
    ).map((r) => r.candidate.id)
    expect(ids).toEqual(['weimar'])
  })

  test('everyone’s best partner from scoring each pair once equals ranking each KV on its own', () => {
    const all = [hamburgMitte, hamburgAltona, saaleOrla, ludwigsburg, bonn, weimar]
    const best = bestForEach(all, noFacts, new Set(), defaultWeights)
    for (const a of all)
      expect(best.get(a.id)?.candidate.id).toBe(
        rankFor(a, all, noFacts, new Set(), defaultWeights, 1)[0]?.candidate.id,
      )
  })
})
