import { and, asc, desc, eq, getTableColumns, ilike, inArray, isNull, like, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '../../platform/db/types.js'
import { users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { orgUnits, unitKreise } from '../org-units/tables.js'
import {
  type NewPartnership,
  type NewPartnershipReport,
  openStatuses,
  type PartnershipStatus,
  partnershipReports,
  partnershipStatusChanges,
  partnerships,
  partnershipTwinTowns,
} from './tables.js'

const unitA = alias(orgUnits, 'unit_a')
const unitB = alias(orgUnits, 'unit_b')

const withUnits = () => ({ partnership: partnerships, unitA, unitB }) as const

/** A partnership with both of its units. */
export async function findPartnershipWithUnits(db: DbOrTx, id: string) {
  const [row] = await db
    .select(withUnits())
    .from(partnerships)
    .innerJoin(unitA, eq(unitA.id, partnerships.unitAId))
    .innerJoin(unitB, eq(unitB.id, partnerships.unitBId))
    .where(eq(partnerships.id, id))
  return row
}

/** The open partnership between two units, in either direction. */
export async function findOpenBetween(db: DbOrTx, a: string, b: string) {
  const [row] = await db
    .select()
    .from(partnerships)
    .where(
      and(
        inArray(partnerships.status, [...openStatuses]),
        or(
          and(eq(partnerships.unitAId, a), eq(partnerships.unitBId, b)),
          and(eq(partnerships.unitAId, b), eq(partnerships.unitBId, a)),
        ),
      ),
    )
  return row
}

/** Partnerships with a side at or below one of the given unit paths (the units an actor is board of). */
export async function listPartnershipsBelow(db: DbOrTx, paths: readonly string[]) {
  if (paths.length === 0) return []
  const below = paths.flatMap((p) => [like(unitA.path, `${p}%`), like(unitB.path, `${p}%`)])
  return db
    .select(withUnits())
    .from(partnerships)
    .innerJoin(unitA, eq(unitA.id, partnerships.unitAId))
    .innerJoin(unitB, eq(unitB.id, partnerships.unitBId))
    .where(or(...below))
    .orderBy(desc(partnerships.updatedAt))
    .limit(500)
}

export async function insertPartnerships(db: DbOrTx, values: NewPartnership[]) {
  return db.insert(partnerships).values(values).returning()
}

export async function updatePartnership(db: DbOrTx, id: string, values: Partial<NewPartnership>) {
  const [row] = await db.update(partnerships).set(values).where(eq(partnerships.id, id)).returning()
  return row!
}

type NewStatusChange = {
  partnershipId: string
  fromStatus: PartnershipStatus | null
  toStatus: PartnershipStatus
  changedOn: string
  changedById: string | null
  note?: string | null
}

export async function insertStatusChange(db: DbOrTx, values: NewStatusChange) {
  await insertStatusChanges(db, [values])
}

export async function insertStatusChanges(db: DbOrTx, values: NewStatusChange[]) {
  if (values.length > 0) await db.insert(partnershipStatusChanges).values(values)
}

export async function listStatusChanges(db: DbOrTx, partnershipId: string) {
  return db
    .select({ change: partnershipStatusChanges, changedByName: users.displayName })
    .from(partnershipStatusChanges)
    .leftJoin(users, eq(users.id, partnershipStatusChanges.changedById))
    .where(eq(partnershipStatusChanges.partnershipId, partnershipId))
    .orderBy(asc(partnershipStatusChanges.createdAt), asc(partnershipStatusChanges.changedOn))
}

export async function listTwinTowns(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(partnershipTwinTowns)
    .where(eq(partnershipTwinTowns.partnershipId, partnershipId))
    .orderBy(asc(partnershipTwinTowns.municipalityAAgs))
}

export async function insertTwinTown(
  db: DbOrTx,
  values: { partnershipId: string; municipalityAAgs: string; municipalityBAgs: string },
) {
  const [row] = await db.insert(partnershipTwinTowns).values(values).returning()
  return row!
}

export async function deleteTwinTown(db: DbOrTx, partnershipId: string, twinId: string) {
  const rows = await db
    .delete(partnershipTwinTowns)
    .where(and(eq(partnershipTwinTowns.id, twinId), eq(partnershipTwinTowns.partnershipId, partnershipId)))
    .returning()
  return rows[0]
}

export async function findUnitById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id))
  return row
}

export async function listUnitsByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .select()
    .from(orgUnits)
    .where(inArray(orgUnits.id, [...ids]))
    .orderBy(asc(orgUnits.name))
}

/** Districts and local groups by name or official key, for the partner search that works without script. */
export async function searchUnits(db: DbOrTx, query: string, limit = 20) {
  const q = query.trim()
  if (q.length === 0) return []
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`)
  return db
    .select()
    .from(orgUnits)
    .where(
      and(
        inArray(orgUnits.kind, ['district', 'local']),
        isNull(orgUnits.dissolvedAt),
        /^[0-9]+$/.test(q) ? like(orgUnits.ags, `${escaped}%`) : ilike(orgUnits.name, `%${escaped}%`),
      ),
    )
    .orderBy(asc(orgUnits.name))
    .limit(limit)
}

/** The KV (or KVs) whose territory holds this Kreis. */
export async function unitsCoveringKreis(db: DbOrTx, kreisAgs: string) {
  return db
    .select(getTableColumns(orgUnits))
    .from(unitKreise)
    .innerJoin(orgUnits, eq(orgUnits.id, unitKreise.unitId))
    .where(and(eq(unitKreise.kreisAgs, kreisAgs), isNull(orgUnits.dissolvedAt)))
}

export async function findMemberWithUnits(db: DbOrTx, id: string) {
  const home = alias(orgUnits, 'home_unit')
  const local = alias(orgUnits, 'local_unit')
  const [row] = await db
    .select({ member: members, homePath: home.path, localPath: local.path })
    .from(members)
    .innerJoin(home, eq(home.id, members.homeUnitId))
    .leftJoin(local, eq(local.id, members.localUnitId))
    .where(eq(members.id, id))
  return row
}

export async function listMembersByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .select()
    .from(members)
    .where(inArray(members.id, [...ids]))
}

/** Members whose home or local unit lies at or below a unit: the people a side may name as coordinator. */
export async function listMembersBelow(db: DbOrTx, unitPath: string, limit = 300) {
  const home = alias(orgUnits, 'home_unit')
  const local = alias(orgUnits, 'local_unit')
  return db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
    .from(members)
    .innerJoin(home, eq(home.id, members.homeUnitId))
    .leftJoin(local, eq(local.id, members.localUnitId))
    .where(
      and(
        sql`${members.leftOn} is null`,
        or(like(home.path, `${unitPath}%`), like(local.path, `${unitPath}%`)),
      ),
    )
    .orderBy(asc(members.lastName), asc(members.firstName))
    .limit(limit)
}

export async function insertReport(db: DbOrTx, values: NewPartnershipReport) {
  const [row] = await db.insert(partnershipReports).values(values).returning()
  return row!
}

export async function findReport(db: DbOrTx, id: string) {
  const [row] = await db.select().from(partnershipReports).where(eq(partnershipReports.id, id))
  return row
}

export async function listPendingReports(db: DbOrTx) {
  return db
    .select()
    .from(partnershipReports)
    .where(eq(partnershipReports.status, 'pending'))
    .orderBy(asc(partnershipReports.createdAt))
    .limit(200)
}

export async function updateReport(db: DbOrTx, id: string, values: Partial<NewPartnershipReport>) {
  const [row] = await db
    .update(partnershipReports)
    .set(values)
    .where(and(eq(partnershipReports.id, id), eq(partnershipReports.status, 'pending')))
    .returning()
  return row
}
