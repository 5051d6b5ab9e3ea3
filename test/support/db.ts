import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { inject } from 'vitest'
import { type Database, migrationsFolder, wrapPglite, wrapPool } from '../../src/platform/db/client.js'
import { guardQueryOverlap } from './query-overlap.js'

let golden: Promise<File | Blob> | undefined

/**
 * A new PostgreSQL database made from the run's migrated template (DATABASE_URL must be set), with
 * its address, for processes of their own (servers, the import) to open it too.
 */
export async function createTestPostgres(): Promise<{ database: Database; url: string }> {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('createTestPostgres needs DATABASE_URL')
  const template = inject('pgTemplate')
  const name = `${inject('pgRunPrefix')}${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`)
      break
    } catch (err) {
      // Two files copying the template at the same moment: PostgreSQL asks the second to wait its turn.
      if (attempt > 20) throw err
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
    }
  }
  await admin.end()
  const target = new URL(url)
  target.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: target.toString(), max: 20 })
  guardQueryOverlap(pool)
  return { database: wrapPool(pool), url: target.toString() }
}

/**
 * A fresh, migrated database of its own for the calling test file: a copy of a migrated PGlite
 * image, or, when DATABASE_URL is set, a new PostgreSQL database made from the migrated template.
 */
export async function createTestDatabase(): Promise<Database> {
  if (process.env.DATABASE_URL) return (await createTestPostgres()).database
  golden ??= (async () => {
    const client = await PGlite.create()
    await migrate(drizzle(client), { migrationsFolder })
    const image = await client.dumpDataDir('none')
    await client.close()
    return image
  })()
  const client = await PGlite.create({ loadDataDir: await golden })
  return wrapPglite(client)
}
