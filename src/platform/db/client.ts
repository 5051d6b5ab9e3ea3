import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import pg from 'pg'
import { type DataDirSource, PGLITE_SHARED_BUFFERS_MB, takePreparedDataDir } from './data-dir.js'
import { queryRows } from './query.js'
import { migrationsFolder } from './template.js'
import type { Db } from './types.js'

export { migrationsFolder }

export type Database = {
  db: Db
  kind: 'pglite' | 'postgres'
  /** PGlite: how its data directory came to hold the database at this start (the build's template, initdb, or there already). */
  source?: DataDirSource
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

/**
 * Applies the committed migrations the database lacks, with the bookkeeping of drizzle's migrator (the table
 * drizzle.__drizzle_migrations, a row per migration with the file's SHA-256 and its journal timestamp; those
 * after the newest recorded one are applied), but as one script in one transaction: a first start runs ~2,000
 * statements, and one round trip instead of one per statement saves about half a second on PGlite.
 * `query` runs a statement without parameters and returns its rows; `exec` runs a script of many statements.
 */
async function applyMigrations(
  query: (text: string) => Promise<Record<string, unknown>[]>,
  exec: (script: string) => Promise<unknown>,
) {
  await exec(`CREATE SCHEMA IF NOT EXISTS "drizzle";
CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);`)
  const [last] = await query(
    'select created_at from "drizzle"."__drizzle_migrations" order by created_at desc limit 1',
  )
  const newest = last?.created_at == null ? Number.NEGATIVE_INFINITY : Number(last.created_at)
  const pending = readMigrationFiles({ migrationsFolder }).filter((m) => m.folderMillis > newest)
  if (pending.length === 0) return
  const statements = pending.flatMap((m) => m.sql.map((s) => s.trim()).filter((s) => s !== ''))
  const recorded = pending.map((m) => `('${m.hash}', ${m.folderMillis})`).join(',\n')
  await exec(
    `BEGIN;\n${statements.map((s) => (s.endsWith(';') ? s : `${s};`)).join('\n')}\n` +
      `INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES\n${recorded};\nCOMMIT;`,
  )
}

export function wrapPglite(
  client: PGlite,
  onClose: () => void = () => {},
  source: DataDirSource = 'existing',
): Database {
  const db = drizzlePglite(client, { casing: 'snake_case' })
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    source,
    migrate: () =>
      applyMigrations(
        async (text) => (await client.query<Record<string, unknown>>(text)).rows,
        async (script) => {
          try {
            await client.exec(script)
          } catch (err) {
            // A failed script leaves its transaction open on the embedded database's one connection.
            await client.exec('ROLLBACK').catch(() => {})
            throw err
          }
        },
      ),
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
    migrate: async () => {
      // One connection for the whole script: it opens and commits its own transaction.
      const conn = await pool.connect()
      try {
        await applyMigrations(
          async (text) => (await conn.query(text)).rows,
          (script) => conn.query(script),
        )
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        conn.release()
      }
    },
    pendingMigrations: () => pendingMigrationsOf(db as unknown as Db),
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  }
}

/** How the platform starts PGlite: its defaults, with the buffer cache sized by `sharedBuffersMb`. */
export function pgliteOptions(sharedBuffersMb: number = PGLITE_SHARED_BUFFERS_MB) {
  return { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffersMb}MB`] }
}

/**
 * Opens PostgreSQL when a URL is given, with a pool of at most `poolMax` connections (DB_POOL_MAX), otherwise the
 * embedded PGlite in `<dataDir>/db` (locked to this process) with a buffer cache of `sharedBuffersMb`
 * (PGLITE_SHARED_BUFFERS_MB); a new one is a copy of the build's migrated template in `templateDir` when it matches
 * (data-dir.ts), unless `migrateOnStart` is false.
 */
export async function openDatabase(opts: {
  url?: string | undefined
  poolMax?: number
  dataDir: string
  sharedBuffersMb?: number
  templateDir?: string
  migrateOnStart?: boolean
}): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolMax ?? 10 })
    await pool.query('select 1')
    return wrapPool(pool)
  }
  // Locked and, when new, being created since the server's start (prepareDataDirEarly), or now.
  const { dir, created, release } = takePreparedDataDir(opts.dataDir, {
    sharedBuffersMb: opts.sharedBuffersMb,
    templateDir: opts.templateDir,
    useTemplate: opts.migrateOnStart !== false,
  })
  try {
    const source = await created
    const client = await PGlite.create(dir, pgliteOptions(opts.sharedBuffersMb))
    return wrapPglite(client, release, source)
  } catch (err) {
    release()
    throw err
  }
}
