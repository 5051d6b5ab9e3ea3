import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { pgliteOptions } from './client.js'
import { lockDataDir } from './lock.js'
import { queryRows } from './query.js'
import type { Db } from './types.js'

export type DatabaseLocation = { url?: string | undefined; dataDir: string }

function run(command: string, args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ended with ${code}`))))
  })
}

/**
 * Writes a backup of the whole database to `file`. PostgreSQL: `pg_dump` in its custom format, while the
 * platform runs (a consistent snapshot). PGlite: the data directory as a tarball; the platform must be
 * stopped, since the directory is locked to one process.
 */
export async function backupDatabase(at: DatabaseLocation, file: string) {
  if (at.url) return run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${at.url}`])
  const release = lockDataDir(join(at.dataDir, 'db.lock'))
  try {
    const client = await PGlite.create(join(at.dataDir, 'db'), pgliteOptions())
    const image = await client.dumpDataDir('gzip')
    await client.close()
    writeFileSync(file, Buffer.from(await image.arrayBuffer()))
  } finally {
    release()
  }
}

/**
 * Restores a backup into an empty database (PostgreSQL: a database without tables; PGlite: a data
 * directory without a database) and refuses anything else, so a restore never mixes two states.
 */
export async function restoreDatabase(at: DatabaseLocation, file: string) {
  if (at.url) {
    const pg = (await import('pg')).default
    const client = new pg.Client({ connectionString: at.url })
    await client.connect()
    try {
      const { rows } = await client.query<{ n: string }>(
        `select count(*)::text as n from pg_tables where schemaname in ('public', 'drizzle')`,
      )
      if (Number(rows[0]?.n ?? 0) > 0)
        throw new Error('the target database is not empty; restore into a new one')
    } finally {
      await client.end()
    }
    return run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${at.url}`, file])
  }
  const dir = join(at.dataDir, 'db')
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(`${dir} is not empty; restore into a new DATA_DIR`)
  const release = lockDataDir(join(at.dataDir, 'db.lock'))
  try {
    const client = await PGlite.create(dir, {
      ...pgliteOptions(),
      loadDataDir: new Blob([readFileSync(file)]),
    })
    await client.close()
  } finally {
    release()
  }
}

/** The columns of every table, in their order: what a checksum of an older schema's tables covers after an upgrade. */
export async function tableColumns(db: Db): Promise<Record<string, string[]>> {
  const rows = await queryRows<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
  )
  const out: Record<string, string[]> = {}
  for (const r of rows) {
    out[r.table_name] ??= []
    out[r.table_name]!.push(r.column_name)
  }
  return out
}

/**
 * Rows and a checksum of the content of every table, to compare a restored copy with its original.
 * With `columns`, only those tables and only those of their columns count (an upgraded database keeps
 * what the older schema held, and may add columns and tables beside it).
 */
export async function tableChecksums(
  db: Db,
  columns?: Record<string, string[]>,
): Promise<Record<string, { rows: number; md5: string }>> {
  const tables = columns
    ? Object.keys(columns).map((name) => ({ name }))
    : await queryRows<{ name: string }>(
        db,
        sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`,
      )
  const out: Record<string, { rows: number; md5: string }> = {}
  for (const { name } of tables) {
    const picked = columns?.[name]
    const value = picked
      ? `row(${picked.map((c) => `t."${c.replaceAll('"', '')}"`).join(', ')})::text`
      : 't::text'
    const [row] = await queryRows<{ rows: string; md5: string | null }>(
      db,
      sql.raw(
        `select count(*)::text as rows, md5(coalesce(string_agg(${value}, '|' order by ${value}), '')) as md5 from "${name.replaceAll('"', '')}" t`,
      ),
    )
    out[name] = { rows: Number(row?.rows ?? 0), md5: row?.md5 ?? '' }
  }
  return out
}
