import { getTableName, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import type { Database } from '../../platform/db/client.js'
import { queryRows } from '../../platform/db/query.js'
import { dbName, inventory } from './inventory.js'

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

/** Every column of the live schema that is a foreign key to `members` or `users`, read from pg_catalog. */
async function personForeignKeys() {
  return queryRows<{ tbl: string; col: string; target: string }>(
    database.db,
    sql`select c.conrelid::regclass::text as tbl, a.attname as col, c.confrelid::regclass::text as target
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
        where c.contype = 'f' and c.confrelid in ('members'::regclass, 'users'::regclass)
        order by 1, 2`,
  )
}

const covered = new Set(
  inventory().flatMap((e) => e.references.map((r) => `${getTableName(e.table)}.${dbName(r.column)}`)),
)

describe('the privacy inventory', () => {
  test('covers every column that points at a member or an account', async () => {
    const fks = await personForeignKeys()
    // The schema has such columns in many tables; an empty answer would prove nothing.
    expect(new Set(fks.map((f) => f.tbl)).size).toBeGreaterThan(30)
    const missing = fks.map((f) => `${f.tbl}.${f.col}`).filter((key) => !covered.has(key))
    expect(missing, 'add these columns to src/domains/privacy/inventory.ts').toEqual([])
  })

  test('names the person the foreign key points at', async () => {
    const person = new Map(
      inventory().flatMap((e) =>
        e.references.map((r) => [`${getTableName(e.table)}.${dbName(r.column)}`, r.person]),
      ),
    )
    for (const f of await personForeignKeys()) {
      expect(person.get(`${f.tbl}.${f.col}`), `${f.tbl}.${f.col}`).toBe(
        f.target === 'members' ? 'member' : 'user',
      )
    }
  })

  test('lists each table once, with a reason, and actor rows with what they show', () => {
    const names = inventory().map((e) => getTableName(e.table))
    expect(new Set(names).size).toBe(names.length)
    for (const entry of inventory()) {
      expect(entry.why.length, getTableName(entry.table)).toBeGreaterThan(10)
      if (entry.references.some((r) => r.role === 'actor'))
        expect(entry.actorView?.length, getTableName(entry.table)).toBeGreaterThan(0)
    }
  })

  test('withholds every column that looks like a credential in the tables it exports whole', async () => {
    const looksSecret = /(hash|secret|sealed|token|password|salt|code)/
    // Columns whose names sound like one but hold nothing that opens an account.
    const notSecret = new Set(['consents.text_hash', 'members.member_number_hash', 'members.postal_code'])
    const wholeTables = inventory().filter((e) => e.references.some((r) => r.role === 'subject'))
    for (const entry of wholeTables) {
      const name = getTableName(entry.table)
      const columns = await queryRows<{ column_name: string }>(
        database.db,
        sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${name}`,
      )
      const withheld = new Set((entry.secret ?? []).map((c) => dbName(c)))
      for (const { column_name } of columns) {
        if (!looksSecret.test(column_name) || notSecret.has(`${name}.${column_name}`)) continue
        expect(
          withheld.has(column_name),
          `${name}.${column_name} is exported; withhold it or list it as not secret`,
        ).toBe(true)
      }
    }
  })
})
