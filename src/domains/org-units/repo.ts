import {
  and,
  asc,
  desc,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  like,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Role } from '../../platform/auth/actor.js'
import { preparedStatement } from '../../platform/db/prepared.js'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { NotFoundError } from '../../platform/errors.js'
import { twoFactorCredentials, users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { roleGrants } from './grants.tables.js'
import type { ExistingUnit } from './structure-plan.js'
import { type NewOrgUnit, type OrgUnit, orgUnits, unitKreise } from './tables.js'

export async function findUnit(db: DbOrTx, id: string) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id))
  return row
}

export async function getUnit(db: DbOrTx, id: string) {
  const unit = await findUnit(db, id)
  if (!unit) throw new NotFoundError()
  return unit
}

const byGermanName = new Intl.Collator('de').compare

/**
 * The units directly below a unit. Teams only with `teams: true`: who may see a team is the teams domain's
 * rule (its visibility), so the public pages of the tree never list them.
 * Sorted in JavaScript: the database's collation may be byte order, which puts "Sömmerda" after "Suhl".
 */
export async function listChildren(db: DbOrTx, parentId: string, opts: { teams?: boolean } = {}) {
  const rows = await db
    .select()
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.parentId, parentId),
        isNull(orgUnits.dissolvedAt),
        opts.teams ? undefined : ne(orgUnits.kind, 'team'),
      ),
    )
  return rows.sort((a, b) => byGermanName(a.name, b.name))
}

const homeCountsStatement = preparedStatement<{ version: string; districts: number; states: number }>(
  'org_units_home_counts',
  `select (select version::text from public_data_version) as version,
     (count(*) filter (where kind = 'district'))::int as districts,
     (count(*) filter (where kind = 'state'))::int as states
   from org_units where dissolved_at is null`,
)

/**
 * The KVs and states that exist (not dissolved), counted, with the public data version of the same
 * snapshot: the counts are never older than the version says.
 */
export async function countHomeUnits(db: DbOrTx) {
  const [row] = await homeCountsStatement(db, [])
  return { version: row?.version ?? '', districts: row?.districts ?? 0, states: row?.states ?? 0 }
}

/** Inserts a unit below its parent and fills in the materialised path from the parent's. */
export async function insertUnit(db: DbOrTx, values: Omit<NewOrgUnit, 'path'> & { id?: string }) {
  const id = values.id ?? crypto.randomUUID()
  let parentPath = '/'
  if (values.parentId) {
    const [parent] = await db
      .select({ path: orgUnits.path })
      .from(orgUnits)
      .where(eq(orgUnits.id, values.parentId))
    if (!parent) throw new NotFoundError()
    parentPath = parent.path
  }
  const [row] = await db
    .insert(orgUnits)
    .values({ ...values, id, path: `${parentPath}${id}/` })
    .returning()
  return row!
}

/** Where a Kreis and a city district share an AGS (Hamburg 02000 and Hamburg-Mitte), the Kreis is the answer. */
export async function findUnitByAgs(db: DbOrTx, kind: 'state' | 'district', ags: string) {
  const [row] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, kind), eq(orgUnits.ags, ags)))
    .orderBy(sql`${orgUnits.kreisType} is null`, asc(orgUnits.name))
    .limit(1)
  return row
}

const parentUnit = alias(orgUnits, 'parent_unit')

/**
 * Units whose name contains the query or whose official key starts with it, optionally only inside
 * the given subtrees (paths). Districts and states first, then by name.
 */
export async function listUnitsMatching(
  db: DbOrTx,
  query: string,
  opts: { withinPaths?: string[]; limit?: number; teams?: boolean } = {},
) {
  const escaped = query.replace(/[\\%_]/g, (c) => `\\${c}`)
  const conditions: (SQL | undefined)[] = [
    or(ilike(orgUnits.name, `%${escaped}%`), like(orgUnits.ags, `${escaped}%`)),
    opts.teams ? undefined : ne(orgUnits.kind, 'team'),
    isNull(orgUnits.dissolvedAt),
  ]
  if (opts.withinPaths) {
    if (opts.withinPaths.length === 0) return []
    conditions.push(or(...opts.withinPaths.map((p) => like(orgUnits.path, `${p}%`))))
  }
  return db
    .select({
      id: orgUnits.id,
      kind: orgUnits.kind,
      name: orgUnits.name,
      ags: orgUnits.ags,
      path: orgUnits.path,
      parentName: parentUnit.name,
    })
    .from(orgUnits)
    .leftJoin(parentUnit, eq(parentUnit.id, orgUnits.parentId))
    .where(and(...conditions))
    .orderBy(
      sql`case ${orgUnits.kind} when 'district' then 0 when 'state' then 1 when 'federal' then 2 else 3 end`,
      asc(orgUnits.name),
    )
    .limit(opts.limit ?? 30)
}

/** A person who may receive a role: any account, found by e-mail address. */
export async function findGranteeByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
  return row
}

export async function findGranteeById(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      locale: users.locale,
      hasSecondFactor: sql<boolean>`${twoFactorCredentials.userId} is not null`,
    })
    .from(users)
    .leftJoin(twoFactorCredentials, eq(twoFactorCredentials.userId, users.id))
    .where(eq(users.id, id))
  return row
}

/** The roles a person holds now, with the unit each is granted on. */
export async function listActiveGrantsOfUser(db: DbOrTx, userId: string) {
  return db
    .select({
      id: roleGrants.id,
      role: roleGrants.role,
      grantedAt: roleGrants.grantedAt,
      unit: { id: orgUnits.id, name: orgUnits.name, kind: orgUnits.kind, path: orgUnits.path },
    })
    .from(roleGrants)
    .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
    .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt)))
    .orderBy(asc(orgUnits.path), desc(roleGrants.grantedAt))
}

export async function findActiveGrant(db: DbOrTx, userId: string, unitId: string, role: Role) {
  const [row] = await db
    .select()
    .from(roleGrants)
    .where(
      and(
        eq(roleGrants.userId, userId),
        eq(roleGrants.unitId, unitId),
        eq(roleGrants.role, role),
        isNull(roleGrants.revokedAt),
      ),
    )
  return row
}

export async function findGrant(db: DbOrTx, id: string) {
  const [row] = await db.select().from(roleGrants).where(eq(roleGrants.id, id))
  return row
}

/** Inserts a grant; when the same active grant exists already (roles_grants_active_uq) nothing is returned. */
export async function insertRoleGrant(db: DbOrTx, values: typeof roleGrants.$inferInsert) {
  const [row] = await db.insert(roleGrants).values(values).onConflictDoNothing().returning()
  return row
}

/** Ends a grant; a grant already revoked stays as it was, and the answer is then empty. */
export async function revokeGrantRow(db: DbOrTx, id: string, revokedById: string | null, now: Date) {
  const [row] = await db
    .update(roleGrants)
    .set({ revokedAt: now, revokedById })
    .where(and(eq(roleGrants.id, id), isNull(roleGrants.revokedAt)))
    .returning()
  return row
}

/** The open units with these keys (the structure file's), for the roles a provider's claims name. */
export async function findOpenUnitsByKeys(db: DbOrTx, keys: readonly string[]) {
  if (keys.length === 0) return []
  return db
    .select({ id: orgUnits.id, key: orgUnits.key, name: orgUnits.name, path: orgUnits.path })
    .from(orgUnits)
    .where(and(inArray(orgUnits.key, [...keys]), isNull(orgUnits.dissolvedAt)))
}

/** The active grants a provider's claims made for a person, with their units. */
export async function listProviderGrants(db: DbOrTx, userId: string, issuer: string) {
  return db
    .select({
      id: roleGrants.id,
      role: roleGrants.role,
      unit: { id: orgUnits.id, name: orgUnits.name, path: orgUnits.path },
    })
    .from(roleGrants)
    .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
    .where(
      and(
        eq(roleGrants.userId, userId),
        eq(roleGrants.grantedByProvider, issuer),
        isNull(roleGrants.revokedAt),
      ),
    )
    .orderBy(asc(orgUnits.path), asc(roleGrants.role))
}

/** Every unit but the teams, with what a structure file decides about it. */
export async function listStructureUnits(db: DbOrTx): Promise<ExistingUnit[]> {
  return db
    .select({
      id: orgUnits.id,
      kind: orgUnits.kind,
      parentId: orgUnits.parentId,
      path: orgUnits.path,
      key: orgUnits.key,
      name: orgUnits.name,
      shortName: orgUnits.shortName,
      website: orgUnits.website,
      email: orgUnits.email,
      ags: orgUnits.ags,
      kreisType: orgUnits.kreisType,
      population: orgUnits.population,
      areaKm2: orgUnits.areaKm2,
      anchorLon: orgUnits.anchorLon,
      anchorLat: orgUnits.anchorLat,
      postalCodes: orgUnits.postalCodes,
      municipalities: orgUnits.municipalities,
      dissolvedAt: orgUnits.dissolvedAt,
    })
    .from(orgUnits)
    .where(ne(orgUnits.kind, 'team'))
}

/** Municipality AGS → the open district whose territory names it. */
export async function listMunicipalityClaims(db: DbOrTx) {
  const rows = await queryRows<{ id: string; name: string; municipalities: string[] }>(
    db,
    sql`select id, name, municipalities from org_units
        where kind = 'district' and dissolved_at is null and cardinality(municipalities) > 0`,
  )
  const claims = new Map<string, { id: string; name: string }>()
  for (const r of rows) for (const ags of r.municipalities) claims.set(ags, { id: r.id, name: r.name })
  return claims
}

/** Kreis AGS → the unit covering it. */
export async function listKreisCoverage(db: DbOrTx) {
  const rows = await db.select().from(unitKreise)
  return new Map(rows.map((r) => [r.kreisAgs, r.unitId]))
}

/** Loads of a structure file wait for one another, so two at once cannot both create the same units. */
export async function lockStructure(db: DbOrTx) {
  await db.execute(sql`lock table org_units in share row exclusive mode`)
}

/** Inserts units whose ids and paths are set, 500 to a statement. */
export async function insertUnits(db: DbOrTx, rows: (NewOrgUnit & { id: string })[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(orgUnits).values(rows.slice(i, i + 500))
}

export async function updateUnitFields(db: DbOrTx, id: string, values: Partial<NewOrgUnit>) {
  await db.update(orgUnits).set(values).where(eq(orgUnits.id, id))
}

/** Moves a unit below another parent: its path and the paths of everything below it change with it. */
export async function moveUnit(db: DbOrTx, id: string, parentId: string, oldPath: string, newPath: string) {
  await db.update(orgUnits).set({ parentId }).where(eq(orgUnits.id, id))
  await db
    .update(orgUnits)
    .set({ path: sql`${newPath} || substr(${orgUnits.path}, ${oldPath.length + 1})` })
    .where(like(orgUnits.path, `${oldPath}%`))
}

export async function releaseKreise(db: DbOrTx, kreisAgs: string[]) {
  if (kreisAgs.length > 0) await db.delete(unitKreise).where(inArray(unitKreise.kreisAgs, kreisAgs))
}

export async function assignKreise(db: DbOrTx, rows: { kreisAgs: string; unitId: string }[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(unitKreise).values(rows.slice(i, i + 1000))
}

/** The root of the tree, the federation itself; none before a structure is loaded. */
export async function findFederation(db: DbOrTx) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.kind, 'federal')).limit(1)
  return row
}

/** Units of one level that are not dissolved, with their parent's name, for the choices of the maintenance forms. */
export async function listOpenUnitsOfKind(db: DbOrTx, kind: OrgUnit['kind']) {
  const rows = await db
    .select({
      id: orgUnits.id,
      kind: orgUnits.kind,
      name: orgUnits.name,
      ags: orgUnits.ags,
      path: orgUnits.path,
      parentId: orgUnits.parentId,
      parentName: parentUnit.name,
    })
    .from(orgUnits)
    .leftJoin(parentUnit, eq(parentUnit.id, orgUnits.parentId))
    .where(and(eq(orgUnits.kind, kind), isNull(orgUnits.dissolvedAt)))
  return rows.sort((a, b) => byGermanName(a.name, b.name))
}

/** The Kreise (AGS) each of the units covers, in order; a unit that covers none is left out. */
export async function listKreiseOfUnits(db: DbOrTx, unitIds: readonly string[]) {
  const out = new Map<string, string[]>()
  if (unitIds.length === 0) return out
  const rows = await db
    .select({ unitId: unitKreise.unitId, ags: unitKreise.kreisAgs })
    .from(unitKreise)
    .where(inArray(unitKreise.unitId, [...unitIds]))
    .orderBy(asc(unitKreise.kreisAgs))
  for (const r of rows) out.set(r.unitId, [...(out.get(r.unitId) ?? []), r.ags])
  return out
}

/** The Kreise (AGS) a unit covers, in order. */
export async function listKreiseOf(db: DbOrTx, unitId: string) {
  const rows = await db
    .select({ ags: unitKreise.kreisAgs })
    .from(unitKreise)
    .where(eq(unitKreise.unitId, unitId))
    .orderBy(asc(unitKreise.kreisAgs))
  return rows.map((r) => r.ags)
}

/** A role the surviving unit grants the same person already is revoked on the unit merged into it. */
export async function revokeDuplicateGrants(db: DbOrTx, from: string, to: string, by: string, now: Date) {
  const other = alias(roleGrants, 'other_grant')
  const duplicates = db
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .innerJoin(
      other,
      and(
        eq(other.unitId, to),
        eq(other.userId, roleGrants.userId),
        eq(other.role, roleGrants.role),
        isNull(other.revokedAt),
      ),
    )
    .where(and(eq(roleGrants.unitId, from), isNull(roleGrants.revokedAt)))
  const rows = await db
    .update(roleGrants)
    .set({ revokedAt: now, revokedById: by })
    .where(inArray(roleGrants.id, duplicates))
    .returning({ id: roleGrants.id })
  return rows.length
}

/** Every role still held on a unit ends (a dissolved unit has no offices). */
export async function revokeGrantsOn(db: DbOrTx, unitId: string, by: string, now: Date) {
  const rows = await db
    .update(roleGrants)
    .set({ revokedAt: now, revokedById: by })
    .where(and(eq(roleGrants.unitId, unitId), isNull(roleGrants.revokedAt)))
    .returning({ id: roleGrants.id })
  return rows.length
}

/** What stands in the way of dissolving a unit: members who have not left, units below it, open partnerships. */
export async function countUnitBelongings(db: DbOrTx, unit: Pick<OrgUnit, 'id' | 'path'>) {
  const [row] = await queryRows<{
    members: number
    localMembers: number
    children: number
    partnerships: number
  }>(
    db,
    sql`select
      (select count(*)::int from members where home_unit_id = ${unit.id} and left_on is null and erased_at is null) as members,
      (select count(*)::int from members where local_unit_id = ${unit.id} and left_on is null and erased_at is null) as "localMembers",
      (select count(*)::int from org_units c left join teams tm on tm.unit_id = c.id
        where c.parent_id = ${unit.id} and c.dissolved_at is null and (c.kind <> 'team' or tm.ended_at is null)) as children,
      (select count(*)::int from partnerships where (unit_a_id = ${unit.id} or unit_b_id = ${unit.id})
        and status in ('proposed', 'agreed', 'active', 'dormant')) as partnerships`,
  )
  return row!
}

/** The members of a local group that ends belong to their district alone again. */
export async function releaseLocalMembers(db: DbOrTx, unitId: string) {
  const rows = await db
    .update(members)
    .set({ localUnitId: null })
    .where(eq(members.localUnitId, unitId))
    .returning({ id: members.id })
  return rows.length
}

export async function markDissolved(db: DbOrTx, id: string, now: Date, mergedIntoId: string | null = null) {
  await db.update(orgUnits).set({ dissolvedAt: now, mergedIntoId }).where(eq(orgUnits.id, id))
}

/** Key → the name of the unit it was merged into (or null), for the units dissolved on the platform that have a key. */
export async function listDissolvedUnits(db: DbOrTx) {
  const into = alias(orgUnits, 'merged_into')
  const rows = await db
    .select({ key: orgUnits.key, mergedInto: into.name })
    .from(orgUnits)
    .leftJoin(into, eq(into.id, orgUnits.mergedIntoId))
    .where(and(isNotNull(orgUnits.dissolvedAt), isNotNull(orgUnits.key)))
  return new Map(rows.map((r) => [r.key!, { mergedInto: r.mergedInto }]))
}

/**
 * The active accounts holding a role on the unit itself (not inherited from above), with their
 * language: whom a mail to "the board" or "the coordinators" of a unit goes to.
 */
export async function listRoleHolders(db: DbOrTx, unitId: string, role: Role) {
  return db
    .selectDistinct({ userId: users.id, email: users.email, name: users.displayName, locale: users.locale })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(
      and(
        eq(roleGrants.unitId, unitId),
        eq(roleGrants.role, role),
        isNull(roleGrants.revokedAt),
        isNull(users.deactivatedAt),
      ),
    )
}
