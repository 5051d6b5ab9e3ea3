import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { lockDataDir } from './lock.js'
import { queryRows } from './query.js'
import type { Db } from './types.js'

export const migrationsFolder = new URL('../../../migrations', import.meta.url).pathname

export type Database = {
  db: Db
  kind: 'pglite' | 'postgres'
  migrate: () => Promise<void>
  /** The tags of the committed migrations this database has not applied yet, oldest first. */
  pendingMigrations: () => Promise<string[]>
  close: () => Promise<void>
  /** PostgreSQL's connection pool: open connections, the idle ones, and queries waiting for one (PGlite has none). */
  poolStats?: () => { total: number; idle: number; waiting: number }
}

type JournalEntry = { tag: string; when: number }

async function pendingMigrationsOf(db: Db): Promise<string[]> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[]
  }
  // Drizzle's migrator records each applied migration with its journal timestamp and applies the ones after the newest.
  const [known] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  )
  let newest = Number.NEGATIVE_INFINITY
  if (known?.present) {
    const [row] = await queryRows<{ newest: string | null }>(
      db,
      sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`,
    )
    if (row?.newest != null) newest = Number(row.newest)
  }
  return journal.entries.filter((e) => e.when > newest).map((e) => e.tag)
}

export function wrapPglite(client: PGlite, onClose: () => void = () => {}): Database {
  const db = drizzlePglite(client, { casing: 'snake_case' })
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    pendingMigrations: () => pendingMigrationsOf(db as unknown as Db),
    close: async () => {
      await client.close()
      onClose()
    },
  }
}

export function wrapPool(pool: pg.Pool): Database {
  // An idle connection that breaks (the server restarted, the network dropped) is reported here; without
  // a listener Node ends the process. The pool opens a new connection for the next query instead.
  pool.on('error', (err) => {
    console.error(`PostgreSQL connection lost, reconnecting on the next query: ${err.message}`)
  })
  const db = drizzlePg(pool, { casing: 'snake_case' })
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    migrate: () => migratePg(db, { migrationsFolder }),
    pendingMigrations: () => pendingMigrationsOf(db as unknown as Db),
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
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
