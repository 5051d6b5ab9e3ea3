import { and, asc, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../platform/db/types.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { type NewOrgUnit, orgUnits } from './tables.js'

export async function findUnit(db: DbOrTx, id: string) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id))
  return row
}

export async function getUnit(db: DbOrTx, id: string) {
  const unit = await findUnit(db, id)
  if (!unit) throw new NotFoundError()
  return unit
}

export async function listChildren(db: DbOrTx, parentId: string) {
  return db.select().from(orgUnits).where(eq(orgUnits.parentId, parentId)).orderBy(asc(orgUnits.name))
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

export async function findUnitByAgs(db: DbOrTx, kind: 'state' | 'district', ags: string) {
  const [row] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, kind), eq(orgUnits.ags, ags)))
  return row
}
