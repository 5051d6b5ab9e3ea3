import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { expect, test } from 'vitest'
import { migrationsFolder, wrapPglite } from './client.js'

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
