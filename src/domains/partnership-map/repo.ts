// A read model over the registry's tables: the public side only reads, the registry writes.
import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm'
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '../../platform/db/types.js'
import { publicDataVersion } from '../../platform/pages/tables.js'
import { members } from '../members/tables.js'
import { orgUnits, unitKreise } from '../org-units/tables.js'
import { type PublicStatus, publicStatuses } from '../partnerships/index.js'
import { openStatuses, partnerships } from '../partnerships/tables.js'

export type { PublicStatus }

/** The statuses the public sees; a proposal or a declined one stays between the boards. */

const unitA = alias(orgUnits, 'unit_a')
const unitB = alias(orgUnits, 'unit_b')
const parentA = alias(orgUnits, 'parent_a')
const parentB = alias(orgUnits, 'parent_b')
const coordA = alias(members, 'coord_a')
const coordB = alias(members, 'coord_b')

type Units = typeof unitA | typeof unitB | typeof parentA | typeof parentB

type AcceptedAt = typeof partnerships.coordinatorAAcceptedAt | typeof partnerships.coordinatorBAcceptedAt
/** A coordinator's column, read only once that person has accepted the role; null before. */
const onceAccepted = (column: AnyPgColumn, acceptedAt: AcceptedAt) =>
  sql<string | null>`case when ${acceptedAt} is not null then ${column} end`

const side = (u: Units, p: Units, c: typeof coordA | typeof coordB, acceptedAt: AcceptedAt) => ({
  id: u.id,
  name: u.name,
  kind: u.kind,
  path: u.path,
  ags: u.ags,
  anchorLon: u.anchorLon,
  anchorLat: u.anchorLat,
  parentAnchorLon: p.anchorLon,
  parentAnchorLat: p.anchorLat,
  parentAgs: p.ags,
  municipalities: u.municipalities,
  coordinatorNamed: sql<boolean>`${c.id} is not null`,
  coordinatorFirstName: onceAccepted(c.firstName, acceptedAt),
  coordinatorLastName: onceAccepted(c.lastName, acceptedAt),
  coordinatorEmail: onceAccepted(c.email, acceptedAt),
})

const isPublic = and(eq(partnerships.isPublic, true), inArray(partnerships.status, [...publicStatuses]))

/** Every public partnership with both sides, their anchors and coordinators; optionally of one unit. */
export async function listPublicPartnershipRows(db: DbOrTx, unitId?: string) {
  return db
    .select({
      id: partnerships.id,
      kind: partnerships.kind,
      status: partnerships.status,
      startedOn: partnerships.startedOn,
      story: partnerships.story,
      tags: partnerships.tags,
      emailPublicA: partnerships.coordinatorAEmailPublic,
      emailPublicB: partnerships.coordinatorBEmailPublic,
      a: side(unitA, parentA, coordA, partnerships.coordinatorAAcceptedAt),
      b: side(unitB, parentB, coordB, partnerships.coordinatorBAcceptedAt),
    })
    .from(partnerships)
    .innerJoin(unitA, eq(unitA.id, partnerships.unitAId))
    .innerJoin(unitB, eq(unitB.id, partnerships.unitBId))
    .leftJoin(parentA, eq(parentA.id, unitA.parentId))
    .leftJoin(parentB, eq(parentB.id, unitB.parentId))
    .leftJoin(coordA, eq(coordA.id, partnerships.coordinatorAMemberId))
    .leftJoin(coordB, eq(coordB.id, partnerships.coordinatorBMemberId))
    .where(
      unitId
        ? and(isPublic, or(eq(partnerships.unitAId, unitId), eq(partnerships.unitBId, unitId)))
        : isPublic,
    )
    .orderBy(asc(unitA.name), asc(unitB.name), asc(partnerships.id))
}

export type PublicPartnershipRow = Awaited<ReturnType<typeof listPublicPartnershipRows>>[number]

/**
 * Changes whenever a partnership or a unit is added or a partnership changes, and with the public data version
 * whenever a unit or its territory changes (a merge, a new Kreis): the key of every cached page.
 */
export async function readDataVersion(db: DbOrTx): Promise<string> {
  const [row] = await db
    .select({
      changed: sql<string>`coalesce(max(${partnerships.updatedAt})::text, '')`,
      count: sql<number>`count(*)::int`,
      units: sql<number>`(select count(*)::int from ${orgUnits})`,
      data: sql<string>`(select coalesce(max(${publicDataVersion.version}), 0)::text from ${publicDataVersion})`,
    })
    .from(partnerships)
  return `${row?.changed}|${row?.count}|${row?.units}|${row?.data}`
}

const unitColumns = {
  id: orgUnits.id,
  name: orgUnits.name,
  kind: orgUnits.kind,
  path: orgUnits.path,
  ags: orgUnits.ags,
  anchorLon: orgUnits.anchorLon,
  anchorLat: orgUnits.anchorLat,
  population: orgUnits.population,
  // The Kreise the unit's territory covers (several after a merger); the map draws it on each of them.
  municipalities: orgUnits.municipalities,
  kreise: sql<string[]>`coalesce((select array_agg(uk.kreis_ags order by uk.kreis_ags) from ${unitKreise} uk
    where uk.unit_id = ${orgUnits.id}), '{}'::text[])`,
}

export type MapUnit = Awaited<ReturnType<typeof listDistricts>>[number]

/** The districts (KVs) drawn on the map. */
export async function listDistricts(db: DbOrTx) {
  return db
    .select(unitColumns)
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'district'), isNull(orgUnits.dissolvedAt)))
    .orderBy(asc(orgUnits.name))
}

export async function listStates(db: DbOrTx) {
  return db
    .select({ id: orgUnits.id, name: orgUnits.name, ags: orgUnits.ags })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'state'), isNull(orgUnits.dissolvedAt)))
}

/** A unit the public may look at: a KV or a local group. */
export async function findPublicUnit(db: DbOrTx, id: string) {
  const [row] = await db
    .select(unitColumns)
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), inArray(orgUnits.kind, ['district', 'local'])))
  return row
}

export async function searchDistrictsByName(db: DbOrTx, query: string, limit = 30) {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return db
    .select(unitColumns)
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'district'), isNull(orgUnits.dissolvedAt), ilike(orgUnits.name, pattern)))
    .orderBy(asc(orgUnits.name))
    .limit(limit)
}

/** The districts with one of these keys, whose territory covers one of these Kreise or names one of these municipalities. */
export async function listDistrictsByAgs(
  db: DbOrTx,
  agsList: string[],
  municipalities: readonly string[] = [],
) {
  if (agsList.length === 0 && municipalities.length === 0) return []
  const covering = db
    .select({ unitId: unitKreise.unitId })
    .from(unitKreise)
    .where(inArray(unitKreise.kreisAgs, agsList))
  return db
    .select(unitColumns)
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.kind, 'district'),
        isNull(orgUnits.dissolvedAt),
        or(
          agsList.length > 0 ? inArray(orgUnits.ags, agsList) : undefined,
          agsList.length > 0 ? inArray(orgUnits.id, covering) : undefined,
          municipalities.length > 0
            ? sql`${orgUnits.municipalities} && array[${sql.join(
                municipalities.map((m) => sql`${m}`),
                sql`, `,
              )}]::text[]`
            : undefined,
        ),
      ),
    )
    .orderBy(asc(orgUnits.name))
}

/** Districts with no open partnership (proposed, agreed, active or dormant), with their state. */
export async function listDistrictsWithoutOpenPartnership(db: DbOrTx) {
  const state = alias(orgUnits, 'state')
  return db
    .select({ ...unitColumns, stateName: state.name, stateAgs: state.ags })
    .from(orgUnits)
    .leftJoin(state, eq(state.id, orgUnits.parentId))
    .where(
      and(
        eq(orgUnits.kind, 'district'),
        isNull(orgUnits.dissolvedAt),
        sql`not exists (select 1 from ${partnerships} p
          where (p.unit_a_id = ${orgUnits.id} or p.unit_b_id = ${orgUnits.id})
          and p.status in (${sql.join(
            openStatuses.map((s) => sql`${s}`),
            sql`, `,
          )}))`,
      ),
    )
    .orderBy(asc(state.name), asc(orgUnits.name))
}
