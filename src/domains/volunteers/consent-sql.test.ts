import { eq } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { buildMember } from '../../../test/support/factories.js'
import type { Database } from '../../platform/db/client.js'
import { members } from '../members/index.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import { countsAsPartner, type PartnershipStatus, partnerships } from '../partnerships/index.js'
import { CURRENT_CONSENT_VERSION } from './consent-text.js'
import { consentCovers, type SearcherPlace } from './policy.js'
import { findPoolMember, listPoolMembersWithAnySkill, searchPool } from './repo.js'
import { placeOf } from './service/index.js'
import {
  consents,
  skills,
  VOLUNTEER_POOL_PURPOSE,
  type VolunteerReach,
  type VolunteerScope,
  volunteerProfileSkills,
  volunteerProfiles,
  volunteerReaches,
  volunteerScopes,
} from './tables.js'

/**
 * The consent rule exists twice: `consentCovers` in policy.ts (used for one member: a project call's
 * "may I apply") and `scopeCondition` in repo.ts (the search and a call's matches, in SQL). Both are
 * run here on the same random worlds, on a real database, and must agree: members' home KVs, current
 * and withdrawn consents of every scope, members who left, partnerships in every status (either side
 * proposing, between KVs and between a KV and a local group), and every kind of unit searching.
 * The searcher's place (its KV, its state, its partners) is computed in the test from the world and
 * compared with `placeOf`, which reads it from the database; the search statement reads it itself, from the
 * searching unit alone, so its hits check that reading too. The search runs twice: without a distance, and
 * with one around the point where every member lives, where the member's reach (random too) must narrow the
 * consent rule's answer exactly as the README says. CONSENT_SQL_SEED replays a run,
 * CONSENT_SQL_RUNS raises the number of runs.
 */

const seed = Number(process.env.CONSENT_SQL_SEED ?? 20_261_205)
const numRuns = Number(process.env.CONSENT_SQL_RUNS ?? 30)

const unitKeys = ['fed', 'st1', 'st2', 'kv1', 'kv2', 'kv3', 'local1', 'local3', 'team1', 'team3'] as const
type UnitKey = (typeof unitKeys)[number]
const parentOf: Record<UnitKey, UnitKey | null> = {
  fed: null,
  st1: 'fed',
  st2: 'fed',
  kv1: 'st1',
  kv2: 'st1',
  kv3: 'st2',
  local1: 'kv1',
  local3: 'kv3',
  team1: 'st1',
  team3: 'kv3',
}
const kindOf: Record<UnitKey, OrgUnit['kind']> = {
  fed: 'federal',
  st1: 'state',
  st2: 'state',
  kv1: 'district',
  kv2: 'district',
  kv3: 'district',
  local1: 'local',
  local3: 'local',
  team1: 'team',
  team3: 'team',
}
const kvKeys = ['kv1', 'kv2', 'kv3'] as const
/** Pairs that may be partners: KVs with each other, and a local group with a KV of another. */
const pairs = [
  ['kv1', 'kv2'],
  ['kv1', 'kv3'],
  ['kv2', 'kv3'],
  ['local1', 'kv3'],
  ['local3', 'kv2'],
] as const
const statuses = ['proposed', 'agreed', 'active', 'dormant', 'ended', 'declined'] as const
const MEMBERS = 6

type World = {
  members: {
    home: (typeof kvKeys)[number]
    consent: VolunteerScope | null
    /** An older consent of this scope, withdrawn: it must count for nothing. */
    withdrawn: VolunteerScope | null
    left: boolean
    /** How far the member goes for the work: a distance search must honour it. */
    reach: VolunteerReach
  }[]
  partnerships: ({ status: PartnershipStatus; flipped: boolean } | null)[]
}

const world: fc.Arbitrary<World> = fc.record({
  members: fc.array(
    fc.record({
      home: fc.constantFrom(...kvKeys),
      consent: fc.option(fc.constantFrom(...volunteerScopes), { freq: 4 }),
      withdrawn: fc.option(fc.constantFrom(...volunteerScopes), { freq: 2 }),
      left: fc.nat(4).map((n) => n === 0),
      reach: fc.constantFrom(...volunteerReaches),
    }),
    { minLength: MEMBERS, maxLength: MEMBERS },
  ),
  partnerships: fc.array(
    fc.option(fc.record({ status: fc.constantFrom(...statuses), flipped: fc.boolean() }), { freq: 3 }),
    { minLength: pairs.length, maxLength: pairs.length },
  ),
})

let database: Database
const db = () => database.db
const unit = {} as Record<UnitKey, OrgUnit>
const memberIds: string[] = []
let skillId = ''
/** Where every member of the test lives: a distance search around it finds each whose reach allows. */
const home = { lat: 52.52, lon: 13.405 }

beforeAll(async () => {
  database = await createTestDatabase()
  for (const k of unitKeys) {
    const parent = parentOf[k]
    unit[k] = await insertUnit(db(), {
      kind: kindOf[k],
      name: `Einwilligung ${k}`,
      parentId: parent ? unit[parent].id : null,
    })
  }
  for (let i = 0; i < MEMBERS; i++) memberIds.push((await buildMember(db(), unit.kv1)).id)
  const [skill] = await db().select().from(skills).limit(1)
  skillId = skill!.id
  for (const memberId of memberIds) {
    await db()
      .insert(volunteerProfiles)
      .values({ memberId, hoursPerMonth: 4, reach: 'everywhere', lat: home.lat, lon: home.lon })
    await db().insert(volunteerProfileSkills).values({ memberId, skillId })
  }
})
afterAll(() => database.close())

async function build(w: World) {
  await db().delete(consents)
  await db().delete(partnerships)
  const given = new Date('2026-11-01T10:00:00Z')
  for (const [i, m] of w.members.entries()) {
    const memberId = memberIds[i]!
    await db()
      .update(members)
      .set({ homeUnitId: unit[m.home].id, leftOn: m.left ? '2026-10-01' : null })
      .where(eq(members.id, memberId))
    await db()
      .update(volunteerProfiles)
      .set({ reach: m.reach, reachKm: m.reach === 'distance' ? 25 : null })
      .where(eq(volunteerProfiles.memberId, memberId))
    const consent = {
      memberId,
      purpose: VOLUNTEER_POOL_PURPOSE,
      textVersion: CURRENT_CONSENT_VERSION,
      textHash: 'x',
    }
    if (m.withdrawn)
      await db()
        .insert(consents)
        .values({
          ...consent,
          scope: m.withdrawn,
          givenAt: given,
          withdrawnAt: new Date('2026-11-02T10:00:00Z'),
        })
    if (m.consent)
      await db()
        .insert(consents)
        .values({ ...consent, scope: m.consent, givenAt: given })
  }
  for (const [p, row] of w.partnerships.entries()) {
    if (!row) continue
    const [x, y] = pairs[p]!
    const [a, b] = row.flipped ? [y, x] : [x, y]
    await db().insert(partnerships).values({ unitAId: unit[a].id, unitBId: unit[b].id, status: row.status })
  }
}

const above = (u: UnitKey, kind: OrgUnit['kind']) => {
  for (let x: UnitKey | null = u; x; x = parentOf[x]) if (kindOf[x] === kind) return x
  return null
}

/** Where a unit sits for the rule, worked out from the world alone. */
function expectedPlace(w: World, u: UnitKey): SearcherPlace {
  const kv = above(u, 'district')
  const state = above(u, 'state')
  const sides = new Set([u, kv].filter((x): x is UnitKey => !!x))
  const partners = new Set<string>()
  for (const [p, row] of w.partnerships.entries()) {
    if (!row || !countsAsPartner(row.status)) continue
    const [a, b] = pairs[p]!
    if (sides.has(a) && !sides.has(b)) partners.add(unit[b].id)
    if (sides.has(b) && !sides.has(a)) partners.add(unit[a].id)
  }
  return {
    unitId: unit[u].id,
    districtId: kv ? unit[kv].id : null,
    statePath: state ? unit[state].path : null,
    partnerIds: [...partners].sort(),
  }
}

/** Whether a member's reach lets a unit at that place ask them for work near their home (README, Distance). */
function reachAllows(reach: VolunteerReach, homeKey: UnitKey, place: SearcherPlace) {
  if (reach === 'everywhere' || reach === 'distance') return true
  if (reach === 'own_kv') return place.districtId === unit[homeKey].id
  if (reach === 'state') return !!place.statePath && unit[homeKey].path.startsWith(place.statePath)
  return false
}

/** The search statement's hits for a unit, which reads the unit's place itself; with `near`, 10 km around the members' home. */
const searchFor = async (unitId: string, near = false) =>
  (
    await searchPool(db(), {
      unitId,
      filters: { skillIds: [], near: near ? { point: home, km: 10 } : undefined },
      audit: {
        actorUserId: null,
        actingRole: 'none',
        action: 'volunteer.searched',
        objectType: 'volunteer_pool',
        data: {},
        requestId: null,
      },
      limit: 1000,
    })
  ).hits

const seen = { found: 0, notFound: 0, foundNear: 0 }

test('the consent rule in TypeScript and its SQL copy find the same pool members, for every unit', async () => {
  await fc.assert(
    fc.asyncProperty(world, async (w) => {
      await build(w)
      // Each member as findPoolMember reads them (current consent, not left), for the rule in TypeScript.
      const poolMembers = await Promise.all(memberIds.map((id) => findPoolMember(db(), id)))
      for (const u of unitKeys) {
        const place = await placeOf(db(), unit[u])
        expect({ ...place, partnerIds: [...place.partnerIds].sort() }).toEqual(expectedPlace(w, u))

        const byRule = new Set(poolMembers.flatMap((m) => (m && consentCovers(m, place) ? [m.memberId] : [])))
        // The model: the same, straight from the world.
        const inWorld = new Set(
          w.members.flatMap((m, i) =>
            m.consent &&
            !m.left &&
            consentCovers(
              { homeUnitId: unit[m.home].id, homePath: unit[m.home].path, scope: m.consent },
              place,
            )
              ? [memberIds[i]!]
              : [],
          ),
        )
        expect(byRule).toEqual(inWorld)
        // SQL: the search and a project call's matches.
        const searched = await searchFor(unit[u].id)
        expect(new Set(searched.map((h) => h.memberId))).toEqual(byRule)
        // With a distance: the same rule, narrowed by each member's reach.
        const nearBy = new Set(
          w.members.flatMap((m, i) =>
            byRule.has(memberIds[i]!) && reachAllows(m.reach, m.home, place) ? [memberIds[i]!] : [],
          ),
        )
        const searchedNear = await searchFor(unit[u].id, true)
        expect(new Set(searchedNear.map((h) => h.memberId))).toEqual(nearBy)
        seen.foundNear += nearBy.size
        const matched = await listPoolMembersWithAnySkill(db(), place, [skillId])
        expect(new Set(matched.map((h) => h.memberId))).toEqual(byRule)
        seen.found += byRule.size
        seen.notFound += memberIds.length - byRule.size
      }
    }),
    { seed, numRuns },
  )
  // A generator that never lets anyone be found (or never hides anyone) would prove nothing.
  expect(seen.found).toBeGreaterThan(numRuns)
  expect(seen.notFound).toBeGreaterThan(numRuns)
  expect(seen.foundNear).toBeGreaterThan(numRuns)
  expect(seen.foundNear).toBeLessThan(seen.found)
})

test('a withdrawn consent alone finds no one, whatever its scope', async () => {
  const row = {
    consent: null,
    withdrawn: 'party' as const,
    left: false,
    home: 'kv1' as const,
    reach: 'everywhere' as const,
  }
  await build({ members: Array.from({ length: MEMBERS }, () => row), partnerships: pairs.map(() => null) })
  expect(await searchFor(unit.kv1.id)).toEqual([])
  expect(await searchFor(unit.kv1.id, true)).toEqual([])
  expect(await db().select().from(consents)).toHaveLength(MEMBERS)
})
