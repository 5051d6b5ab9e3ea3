import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openDatabase } from './client.js'
import { prepareDataDir } from './data-dir.js'
import { queryRows } from './query.js'
import { keyOfTemplate, migrationsFolder, templateKey } from './template.js'
import { buildTemplate } from './template-build.js'

// One template for the file, made as `npm run build` makes it; each test copies it or a changed copy of it.
let root: string
let template: string

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bs-template-'))
  template = join(root, 'template')
  expect(await buildTemplate(template)).toBe('built')
}, 120_000)

afterAll(() => rmSync(root, { recursive: true, force: true }))

const newDataDir = () => mkdtempSync(join(root, 'data-'))

test('the build writes the template with the key of this PGlite and these migrations, and keeps a current one', async () => {
  expect(keyOfTemplate(template)).toBe(templateKey())
  expect(existsSync(join(template, 'db', 'PG_VERSION'))).toBe(true)
  expect(existsSync(`${template}.new`)).toBe(false)
  expect(await buildTemplate(template)).toBe('current')
})

test('the key changes with any migration', () => {
  const migrations = join(root, 'migrations')
  cpSync(migrationsFolder, migrations, {
    recursive: true,
    filter: (src) => !src.endsWith('_snapshot.json'),
  })
  expect(templateKey(migrations)).toBe(templateKey())
  const last = readdirSync(migrations)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .at(-1)!
  appendFileSync(join(migrations, last), '\n--> statement-breakpoint\nSELECT 1;\n')
  expect(templateKey(migrations)).not.toBe(templateKey())
  writeFileSync(join(migrations, '9999_new.sql'), 'SELECT 1;\n')
  rmSync(join(migrations, last))
  expect(templateKey(migrations)).not.toBe(templateKey())
})

test('a new data directory is a copy of a matching template: migrated, locked, and its data kept over a restart', async () => {
  const dataDir = newDataDir()
  const first = await openDatabase({ dataDir, templateDir: template })
  expect(first.source).toBe('template')
  expect(existsSync(join(dataDir, 'db', 'PG_VERSION'))).toBe(true)
  expect(existsSync(join(dataDir, 'db.new'))).toBe(false)
  expect(readFileSync(join(dataDir, 'db.lock'), 'utf8')).toBe(String(process.pid))
  expect(await first.pendingMigrations()).toEqual([])
  await first.migrate()
  await first.db.execute(sql`create table kept (word text)`)
  await first.db.execute(sql`insert into kept values ('bleibt')`)
  await first.close()

  // The template is untouched by what the copy holds; the next start opens the copy as it is.
  const again = await openDatabase({ dataDir, templateDir: template })
  try {
    expect(again.source).toBe('existing')
    expect(await queryRows<{ word: string }>(again.db, sql`select word from kept`)).toEqual([
      { word: 'bleibt' },
    ])
  } finally {
    await again.close()
  }
  const fromTemplate = await openDatabase({ dataDir: newDataDir(), templateDir: template })
  try {
    const [row] = await queryRows<{ present: boolean }>(
      fromTemplate.db,
      sql`select to_regclass('kept') is not null as present`,
    )
    expect(row?.present).toBe(false)
  } finally {
    await fromTemplate.close()
  }
}, 120_000)

test('a template of other migrations or another PGlite is ignored: the database is created and migrated as without one', async () => {
  const other = join(root, 'other')
  cpSync(template, other, { recursive: true })
  writeFileSync(join(other, 'key'), `${'0'.repeat(64)}\n`)
  const dataDir = newDataDir()
  const database = await openDatabase({ dataDir, templateDir: other })
  try {
    expect(database.source).toBe('initdb')
    expect((await database.pendingMigrations()).length).toBeGreaterThan(1)
    await database.migrate()
    expect(await database.pendingMigrations()).toEqual([])
  } finally {
    await database.close()
  }
}, 120_000)

test('a database that may not be migrated at start (MIGRATE_ON_START=false) is not made from the migrated template', async () => {
  const database = await openDatabase({ dataDir: newDataDir(), templateDir: template, migrateOnStart: false })
  try {
    expect(database.source).toBe('initdb')
    expect((await database.pendingMigrations()).length).toBeGreaterThan(1)
  } finally {
    await database.close()
  }
}, 120_000)

test('a data directory with files in it but no database is not filled from the template', async () => {
  const dataDir = newDataDir()
  mkdirSync(join(dataDir, 'db'))
  writeFileSync(join(dataDir, 'db', 'notes.txt'), 'mine')
  const prepared = prepareDataDir(dataDir, { templateDir: template })
  try {
    expect(prepared.isNew).toBe(true)
    expect(await prepared.created).toBe('initdb')
    expect(readFileSync(join(dataDir, 'db', 'notes.txt'), 'utf8')).toBe('mine')
  } finally {
    prepared.release()
  }
}, 120_000)
