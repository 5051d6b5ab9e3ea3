import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { expect, test } from 'vitest'
import { migrationsFolder, openDatabase, wrapPglite } from './client.js'
import { prepareDataDirEarly } from './data-dir.js'
import { queryRows } from './query.js'

const journalTags = () =>
  (
    JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string }[]
    }
  ).entries.map((e) => e.tag)

test('an empty database lacks every committed migration, a migrated one none', async () => {
  const database = wrapPglite(await PGlite.create())
  try {
    const all = journalTags()
    expect(all.length).toBeGreaterThan(1)
    expect(await database.pendingMigrations()).toEqual(all)
    await database.migrate()
    expect(await database.pendingMigrations()).toEqual([])
  } finally {
    await database.close()
  }
})

test('the migrations are recorded as drizzle records them: each file with its SHA-256 and journal timestamp, once', async () => {
  const database = wrapPglite(await PGlite.create())
  try {
    await database.migrate()
    await database.migrate()
    const rows = await queryRows<{ hash: string; created_at: string }>(
      database.db,
      sql`select hash, created_at::text from drizzle.__drizzle_migrations order by id`,
    )
    expect(rows).toEqual(
      readMigrationFiles({ migrationsFolder }).map((m) => ({
        hash: m.hash,
        created_at: String(m.folderMillis),
      })),
    )
  } finally {
    await database.close()
  }
})

test('a migration that fails leaves nothing behind, and the database takes statements afterwards', async () => {
  const client = await PGlite.create()
  const database = wrapPglite(client)
  try {
    await client.exec('create table members (id int)')
    await expect(database.migrate()).rejects.toThrow()
    expect(await database.pendingMigrations()).toEqual(journalTags())
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from members`)
    expect(row?.n).toBe(0)
  } finally {
    await database.close()
  }
})

test('the embedded database starts with the buffer cache it is given, 16 MB unless told otherwise', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bs-client-'))
  const showBuffers = async (sharedBuffersMb?: number) => {
    const database = await openDatabase({ dataDir, ...(sharedBuffersMb ? { sharedBuffersMb } : {}) })
    try {
      const [row] = await queryRows<{ shared_buffers: string }>(database.db, sql`show shared_buffers`)
      return row?.shared_buffers
    } finally {
      await database.close()
    }
  }
  try {
    expect(await showBuffers()).toBe('16MB')
    expect(await showBuffers(40)).toBe('40MB')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}, 60_000)

test('a data directory prepared at the start is locked from then on, and openDatabase takes it over once created', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bs-client-'))
  try {
    prepareDataDirEarly(dataDir)
    prepareDataDirEarly(dataDir)
    expect(readFileSync(join(dataDir, 'db.lock'), 'utf8')).toBe(String(process.pid))
    const database = await openDatabase({ dataDir })
    expect(existsSync(join(dataDir, 'db', 'PG_VERSION'))).toBe(true)
    await database.migrate()
    expect(await database.pendingMigrations()).toEqual([])
    await database.close()
    expect(existsSync(join(dataDir, 'db.lock'))).toBe(false)
    // Taken over once: the next open prepares (and locks) anew.
    const again = await openDatabase({ dataDir })
    expect(existsSync(join(dataDir, 'db.lock'))).toBe(true)
    await again.close()
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}, 60_000)
