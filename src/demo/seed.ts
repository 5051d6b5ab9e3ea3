import { sql } from 'drizzle-orm'
import type { Config } from '../config.js'
import { insertUnit } from '../domains/org-units/index.js'
import type { Database } from '../platform/db/client.js'
import { queryRows } from '../platform/db/query.js'
import type { Db } from '../platform/db/types.js'

/** Demo data fills an empty database on first start ('auto'), on every empty start ('always'), or never. */
export async function shouldSeedDemo(database: Database, config: Config) {
  if (config.demoData === 'never') return false
  if (config.demoData === 'auto' && database.kind !== 'pglite') return false
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from org_units`)
  return Number(row?.n) === 0
}

export async function seedDemoData(db: Db, _opts: { now: Date }) {
  return db.transaction(async (tx) => {
    const federal = await insertUnit(tx, { kind: 'federal', name: 'Bundesverband', parentId: null })
    return { federal: federal.id }
  })
}
