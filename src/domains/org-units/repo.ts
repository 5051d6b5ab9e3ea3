import { and, asc, desc, eq, ilike, inArray, isNull, like, ne, or, type SQL, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Role } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { users } from '../accounts/tables.js'
import { roleGrants } from './grants.tables.js'
import type { ExistingUnit } from './structure-plan.js'
import { type NewOrgUnit, orgUnits, unitKreise } from './tables.js'

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
    .where(and(eq(orgUnits.parentId, parentId), opts.teams ? undefined : ne(orgUnits.kind, 'team')))
  return rows.sort((a, b) => byGermanName(a.name, b.name))
}

export async function countUnitsByKind(db: DbOrTx) {
  const rows = await db
    .select({ kind: orgUnits.kind, count: sql<number>`count(*)::int` })
    .from(orgUnits)
    .groupBy(orgUnits.kind)
  return Object.fromEntries(rows.map((r) => [r.kind, r.count])) as Partial<Record<string, number>>
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
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
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
export async function revokeGrantRow(db: DbOrTx, id: string, revokedById: string, now: Date) {
  const [row] = await db
    .update(roleGrants)
    .set({ revokedAt: now, revokedById })
    .where(and(eq(roleGrants.id, id), isNull(roleGrants.revokedAt)))
    .returning()
  return row
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
    })
    .from(orgUnits)
    .where(ne(orgUnits.kind, 'team'))
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
