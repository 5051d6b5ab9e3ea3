import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import * as schema from '../../db-schema.js'
import { lockDataDir } from './lock.js'
import type { Db } from './types.js'

export const migrationsFolder = new URL('../../../migrations', import.meta.url).pathname

export type Database = {
  db: Db
  kind: 'pglite' | 'postgres'
  migrate: () => Promise<void>
  close: () => Promise<void>
}

export function wrapPglite(client: PGlite, onClose: () => void = () => {}): Database {
  const db = drizzlePglite(client, { schema, casing: 'snake_case' })
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: async () => {
      await client.close()
      onClose()
    },
  }
}

export function wrapPool(pool: pg.Pool): Database {
  const db = drizzlePg(pool, { schema, casing: 'snake_case' })
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    migrate: () => migratePg(db, { migrationsFolder }),
    close: () => pool.end(),
  }
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite in `<dataDir>/db` (locked to this process). */
export async function openDatabase(opts: { url?: string | undefined; dataDir: string }): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 })
    await pool.query('select 1')
    return wrapPool(pool)
  }
  const release = lockDataDir(join(opts.dataDir, 'db.lock'))
  try {
    const client = await PGlite.create(join(opts.dataDir, 'db'))
    return wrapPglite(client, release)
  } catch (err) {
    release()
    throw err
  }
}
