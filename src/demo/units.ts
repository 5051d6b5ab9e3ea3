import { and, asc, eq, type SQL, sql } from 'drizzle-orm'
import { type OrgUnit, orgUnits } from '../domains/org-units/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import type { UnitKind } from '../platform/units.js'

/** How a demo unit is found again: by kind plus its official key and/or its name. */
export type DemoUnitRef = { kind: UnitKind; ags?: string; name?: string }

const unitOrder = [sql`${orgUnits.kreisType} is null`, asc(orgUnits.name)] as const

/** The units of a seed's transaction, in unitOrder, once it has written them all (rememberDemoUnits). */
const remembered = new WeakMap<DbOrTx, OrgUnit[]>()

/**
 * Reads the units once the seed has written all of them, so lookupDemoUnit in this transaction answers from
 * memory (the demo's parts look units up about 60 times, each a scan of 1,200 units). Units must not change
 * in `tx` afterwards.
 */
export async function rememberDemoUnits(tx: DbOrTx) {
  remembered.set(
    tx,
    await tx
      .select()
      .from(orgUnits)
      .orderBy(...unitOrder),
  )
}

/**
 * Finds a unit the demo seed created, or nothing. Where a Kreis and a city district share an AGS,
 * the Kreis comes first.
 */
export async function lookupDemoUnit(tx: DbOrTx, ref: DemoUnitRef): Promise<OrgUnit | undefined> {
  const units = remembered.get(tx)
  if (units)
    return units.find(
      (u) =>
        u.kind === ref.kind &&
        (ref.ags === undefined || u.ags === ref.ags) &&
        (ref.name === undefined || u.name === ref.name),
    )
  const where: SQL[] = [eq(orgUnits.kind, ref.kind)]
  if (ref.ags !== undefined) where.push(eq(orgUnits.ags, ref.ags))
  if (ref.name !== undefined) where.push(eq(orgUnits.name, ref.name))
  const [row] = await tx
    .select()
    .from(orgUnits)
    .where(and(...where))
    .orderBy(...unitOrder)
    .limit(1)
  return row
}

/** Like lookupDemoUnit, for units the demo cannot do without: throws when nothing matches. */
export async function findDemoUnit(tx: DbOrTx, ref: DemoUnitRef): Promise<OrgUnit> {
  const row = await lookupDemoUnit(tx, ref)
  if (!row) throw new Error(`Demo unit not found: ${JSON.stringify(ref)}`)
  return row
}
