import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { migrationsFolder } from '../../src/platform/db/client.js'

/**
 * On PostgreSQL (DATABASE_URL set), builds one migrated template database per run;
 * every test file then gets its own copy of it. On PGlite each worker keeps a migrated image instead.
 */
export async function setup({ provide }: { provide: (key: 'pgTemplate', value: string) => void }) {
  const url = process.env.DATABASE_URL
  if (!url) return
  const template = `bs_test_template_${process.pid}`
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
  return async () => {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    const { rows } = await c.query<{ datname: string }>(
      `select datname from pg_database where datname like 'bs_test_%'`,
    )
    for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`)
    await c.end()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string
  }
}
