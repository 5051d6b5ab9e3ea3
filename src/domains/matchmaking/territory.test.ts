import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { buildKeyedState } from '../../../test/support/factories.js'
import type { Database } from '../../platform/db/client.js'
import { insertUnit, type OrgUnit, unitKreise } from '../org-units/index.js'
import { type Detail, scorePair } from './scoring.js'
import { loadMatchWorld, type MatchWorld } from './service.js'
import { kreisTravelTimes, municipalTwinTowns } from './tables.js'

// The partner finder measures the distance between two KVs by their territories, whether Kreise or single
// municipalities: the nearest points of the two count; twin towns and travel times follow the territories too.
let database: Database
let world: MatchWorld
let weimar: OrgUnit
let ilmtal: OrgUnit
let gefell: OrgUnit
let reformed: OrgUnit
let altenburg: OrgUnit

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  const thuringia = await buildKeyedState(db, '16')
  const district = (name: string, values: Partial<OrgUnit> = {}) =>
    insertUnit(db, { kind: 'district', name, parentId: thuringia.id, ...values })
  // A KV of a Kreis created on the platform: no point of its own.
  weimar = await district('KV Weimar', { ags: '16055' })
  // KVs of single municipalities: Tonndorf and Buchfart next to Weimar; Gefell in the far south-east.
  ilmtal = await district('KV Ilmtal', { municipalities: ['16071009', '16071087'] })
  gefell = await district('KV Gefell', { municipalities: ['16075131'] })
  // After a reform: Saalfeld-Rudolstadt and Greiz, its point still Saalfeld-Rudolstadt's.
  reformed = await district('KV Saalfeld-Greiz', { ags: '16073', anchorLat: 50.64213, anchorLon: 11.31238 })
  altenburg = await district('KV Altenburger Land', {
    ags: '16077',
    anchorLat: 50.95789,
    anchorLon: 12.39745,
  })
  await db.insert(unitKreise).values([
    { kreisAgs: '16055', unitId: weimar.id },
    { kreisAgs: '16073', unitId: reformed.id },
    { kreisAgs: '16076', unitId: reformed.id },
    { kreisAgs: '16077', unitId: altenburg.id },
  ])
  // Gefell is twinned with Weimar (16055000); Bad Lobenstein, Gefell's neighbour in its Kreis, with Altenburg.
  await db.insert(municipalTwinTowns).values([
    { municipalityAAgs: '16055000', municipalityBAgs: '16075131' },
    { municipalityAAgs: '16075062', municipalityBAgs: '16077001' },
  ])
  // A table of travel times that knows the Kreis of Ilmtal's municipalities (Weimarer Land) and the Altenburger Land.
  await db.insert(kreisTravelTimes).values({ kreisAAgs: '16071', kreisBAgs: '16077', minutes: 95 })
  world = await loadMatchWorld(db, new Date('2026-12-01T10:00:00Z'))
})
afterAll(() => database.close())

function distance(a: OrgUnit, b: OrgUnit): Detail {
  const scored = scorePair(world.byId.get(a.id)!, world.byId.get(b.id)!, world.facts, world.weights)
  return scored.factors.find((f) => f.key === 'distance')!.detail
}
const km = (a: OrgUnit, b: OrgUnit) => {
  const d = distance(a, b)
  if (d.kind !== 'distance') throw new Error(`no distance: ${d.kind}`)
  return d.km
}

describe('the distance between KVs in the partner finder', () => {
  test('a KV of municipalities lies where its municipalities lie', async () => {
    expect(world.byId.get(ilmtal.id)!.points).toHaveLength(2)
    expect(km(ilmtal, weimar)).toBeLessThan(25)
    expect(km(gefell, weimar)).toBeGreaterThan(60)
    expect(km(ilmtal, gefell)).toBeGreaterThan(km(ilmtal, weimar))
  })

  test('a KV of several Kreise is as near as its nearest Kreis, whatever its point says', async () => {
    // Saalfeld-Rudolstadt is about 85 km from the Altenburger Land, Greiz about 35.
    expect(km(reformed, altenburg)).toBeLessThan(45)
    expect(km(altenburg, reformed)).toBe(km(reformed, altenburg))
  })

  test('a KV of a Kreis without a point of its own is not "unknown"', async () => {
    expect(distance(weimar, altenburg).kind).toBe('distance')
  })
})

describe('twin towns and travel times in the partner finder', () => {
  const factor = (a: OrgUnit, b: OrgUnit, key: 'twinTowns' | 'distance') =>
    scorePair(world.byId.get(a.id)!, world.byId.get(b.id)!, world.facts, world.weights).factors.find(
      (f) => f.key === key,
    )!
  test('a KV of municipalities has the twin towns of its own municipalities, not those of its Kreis', () => {
    expect(factor(gefell, weimar, 'twinTowns')).toMatchObject({ value: 1, detail: { found: true } })
    expect(factor(weimar, gefell, 'twinTowns').value).toBe(1)
    expect(factor(gefell, altenburg, 'twinTowns').value).toBe(0)
    expect(factor(ilmtal, weimar, 'twinTowns').value).toBe(0)
  })

  test('a KV of municipalities travels from the Kreise they lie in', () => {
    expect(factor(ilmtal, altenburg, 'distance').detail).toEqual({
      kind: 'travel',
      minutes: 95,
      maxMinutes: 375,
    })
    expect(factor(altenburg, ilmtal, 'distance').detail).toMatchObject({ kind: 'travel', minutes: 95 })
    expect(factor(gefell, altenburg, 'distance').detail.kind).toBe('distance')
  })
})
