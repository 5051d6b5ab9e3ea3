import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { migrationsFolder } from '../../src/platform/db/client.js'

/**
 * On PostgreSQL (DATABASE_URL set), builds one migrated template database per run;
 * every test file then gets its own copy of it. On PGlite each worker keeps a migrated image instead.
 */
export async function setup({
  provide,
}: {
  provide: (key: 'pgTemplate' | 'pgRunPrefix', value: string) => void
}) {
  const url = process.env.DATABASE_URL
  if (!url) return
  // Databases of this run share its prefix, so several runs against one server leave each other's alone.
  const run = `bs_test_${process.pid}_`
  const template = `${run}template`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`drop database if exists ${template}`)
  await admin.query(`create database ${template}`)
  await admin.end()
  const target = new URL(url)
  target.pathname = `/${template}`
  const pool = new pg.Pool({ connectionString: target.toString(), max: 1 })
  await migrate(drizzle(pool), { migrationsFolder })
  await pool.end()
  provide('pgTemplate', template)
  provide('pgRunPrefix', run)
  return async () => {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    const { rows } = await c.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [run],
    )
    for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`)
    await c.end()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string
    pgRunPrefix: string
  }
}
