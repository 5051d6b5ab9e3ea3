import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase } from '../../test/support/db.js'
import type { Database } from '../platform/db/client.js'
import { queryRows } from '../platform/db/query.js'
import { insertMany, withReferencesCheckedOnce } from './insert-many.js'

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const danglingMembers = (tx: Parameters<typeof queryRows>[0]) => () =>
  queryRows(
    tx,
    sql`select m.member_number from members m where not exists (select 1 from org_units u where u.id = m.home_unit_id)`,
  )

const writeMember = (tx: Parameters<typeof queryRows>[0], unitId: string) => () =>
  insertMany(
    tx,
    'members',
    [
      ['member_number', 'text'],
      ['first_name', 'text'],
      ['last_name', 'text'],
      ['home_unit_id', 'uuid'],
    ],
    [['DEMO-CHECK', 'Ida', 'Beispiel-Linde', unitId]],
  )

test('rows whose references point nowhere make the write throw, and nothing of it stays', async () => {
  await expect(
    database.db.transaction((tx) =>
      withReferencesCheckedOnce(tx, writeMember(tx, randomUUID()), danglingMembers(tx)),
    ),
  ).rejects.toThrow(/point at no unit.*DEMO-CHECK/)
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from members`)
  expect(row?.n).toBe(0)
})

test('rows with valid references are written, and the triggers are on again afterwards', async () => {
  const [unit] = await queryRows<{ id: string }>(
    database.db,
    sql`insert into org_units (kind, path, name) values ('federal', '/', 'Bund') returning id`,
  )
  await database.db.transaction(async (tx) => {
    await withReferencesCheckedOnce(tx, writeMember(tx, unit!.id), danglingMembers(tx))
    const [role] = await queryRows<{ role: string }>(
      tx,
      sql`select current_setting('session_replication_role') as role`,
    )
    expect(role?.role).toBe('origin')
  })
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from members`)
  expect(row?.n).toBe(1)
})
