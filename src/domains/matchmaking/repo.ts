import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { members } from '../members/tables.js'
import { orgUnits, unitKreise } from '../org-units/tables.js'
import { partnerStatuses, partnerships } from '../partnerships/tables.js'
import {
  electionDates,
  kreisTravelTimes,
  matchmakingWeights,
  municipalTwinTowns,
  type SeekingProfileRow,
  seekingProfiles,
} from './tables.js'

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )

/** Every KV (district) with its state, territory, active members and current partners. */
export async function listKvFacts(db: DbOrTx, today: string) {
  const state = alias(orgUnits, 'state')
  return db
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      path: orgUnits.path,
      ags: orgUnits.ags,
      municipalities: orgUnits.municipalities,
      population: orgUnits.population,
      areaKm2: orgUnits.areaKm2,
      lat: orgUnits.anchorLat,
      lon: orgUnits.anchorLon,
      stateName: state.name,
      stateAgs: state.ags,
      members: sql<number>`(select count(*)::int from ${members} m where m.home_unit_id = ${orgUnits.id}
        and m.erased_at is null and (m.left_on is null or m.left_on > ${today}))`,
      partnerCount: sql<number>`(select count(*)::int from ${partnerships} p
        where (p.unit_a_id = ${orgUnits.id} or p.unit_b_id = ${orgUnits.id}) and p.status in (${inList(partnerStatuses)}))`,
    })
    .from(orgUnits)
    .leftJoin(state, eq(state.id, orgUnits.parentId))
    .where(and(eq(orgUnits.kind, 'district'), isNull(orgUnits.dissolvedAt)))
    .orderBy(asc(orgUnits.name), asc(orgUnits.id))
}

export async function listUnitKreise(db: DbOrTx) {
  return db.select({ unitId: unitKreise.unitId, kreisAgs: unitKreise.kreisAgs }).from(unitKreise)
}

/** Pairs of units with a partnership in one of the statuses. */
export async function listPairs(db: DbOrTx, statuses: readonly string[]) {
  return queryRows<{ a: string; b: string }>(
    db,
    sql`select unit_a_id as a, unit_b_id as b from ${partnerships} where status in (${inList(statuses)})`,
  )
}

export async function listProfiles(db: DbOrTx): Promise<SeekingProfileRow[]> {
  return db.select().from(seekingProfiles)
}

export async function findProfile(db: DbOrTx, unitId: string) {
  const [row] = await db.select().from(seekingProfiles).where(eq(seekingProfiles.unitId, unitId))
  return row
}

export async function upsertProfile(db: DbOrTx, values: typeof seekingProfiles.$inferInsert) {
  const { unitId: _unitId, ...set } = values
  await db.insert(seekingProfiles).values(values).onConflictDoUpdate({ target: seekingProfiles.unitId, set })
}

export async function listElections(db: DbOrTx, from?: string, to?: string) {
  const range = [
    from ? gte(electionDates.heldOn, from) : undefined,
    to ? lte(electionDates.heldOn, to) : undefined,
  ].filter((c) => c !== undefined)
  return db
    .select()
    .from(electionDates)
    .where(range.length ? and(...range) : undefined)
    .orderBy(asc(electionDates.heldOn), asc(electionDates.stateAgs), asc(electionDates.kind))
}

/** Inserts dates; a date already there for the state and kind stays. Returns how many were new. */
export async function insertElections(db: DbOrTx, rows: (typeof electionDates.$inferInsert)[]) {
  if (rows.length === 0) return 0
  const inserted = await db
    .insert(electionDates)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: electionDates.id })
  return inserted.length
}

export async function deleteElection(db: DbOrTx, id: string) {
  const [row] = await db.delete(electionDates).where(eq(electionDates.id, id)).returning()
  return row
}

export async function listTwinTowns(db: DbOrTx) {
  return db
    .select({ a: municipalTwinTowns.municipalityAAgs, b: municipalTwinTowns.municipalityBAgs })
    .from(municipalTwinTowns)
    .orderBy(asc(municipalTwinTowns.municipalityAAgs), asc(municipalTwinTowns.municipalityBAgs))
}

export async function insertTwinTowns(db: DbOrTx, pairs: { a: string; b: string }[], now: Date) {
  if (pairs.length === 0) return 0
  const inserted = await db
    .insert(municipalTwinTowns)
    .values(pairs.map((p) => ({ municipalityAAgs: p.a, municipalityBAgs: p.b, importedAt: now })))
    .onConflictDoNothing()
    .returning({ a: municipalTwinTowns.municipalityAAgs })
  return inserted.length
}

export async function listTravelTimes(db: DbOrTx) {
  return db
    .select({
      a: kreisTravelTimes.kreisAAgs,
      b: kreisTravelTimes.kreisBAgs,
      minutes: kreisTravelTimes.minutes,
    })
    .from(kreisTravelTimes)
    .orderBy(asc(kreisTravelTimes.kreisAAgs), asc(kreisTravelTimes.kreisBAgs))
}

/** Adds travel times; a pair already known takes the new minutes. */
export async function upsertTravelTimes(
  db: DbOrTx,
  rows: { a: string; b: string; minutes: number }[],
  now: Date,
) {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insert(kreisTravelTimes)
      .values(
        rows
          .slice(i, i + 1000)
          .map((r) => ({ kreisAAgs: r.a, kreisBAgs: r.b, minutes: r.minutes, importedAt: now })),
      )
      .onConflictDoUpdate({
        target: [kreisTravelTimes.kreisAAgs, kreisTravelTimes.kreisBAgs],
        set: { minutes: sql`excluded.minutes`, importedAt: now },
      })
}

export async function listWeightRows(db: DbOrTx) {
  return db.select().from(matchmakingWeights)
}

export async function saveWeights(db: DbOrTx, weights: Record<string, number>, now: Date) {
  const rows = Object.entries(weights).map(([factor, weight]) => ({ factor, weight, updatedAt: now }))
  await db
    .insert(matchmakingWeights)
    .values(rows)
    .onConflictDoUpdate({
      target: matchmakingWeights.factor,
      set: { weight: sql`excluded.weight`, updatedAt: sql`excluded.updated_at` },
    })
}

/** A KV (or local group) by id, with its path and kind, for the checks. */
export async function findUnit(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: orgUnits.id, name: orgUnits.name, kind: orgUnits.kind, path: orgUnits.path })
    .from(orgUnits)
    .where(eq(orgUnits.id, id))
  return row
}

export async function listStates(db: DbOrTx) {
  return db
    .select({ ags: orgUnits.ags, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'state'), isNull(orgUnits.dissolvedAt)))
    .orderBy(asc(orgUnits.ags))
}

export async function unitNamesByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return []
  return db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, ids))
}
