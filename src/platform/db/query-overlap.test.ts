import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { takeQueryOverlaps } from '../../../test/support/query-overlap.js'
import type { Database } from './client.js'

// pg@9 refuses a query on a connection that is still executing one; the test pool notes each such query.
describe.skipIf(!process.env.DATABASE_URL)('queries on one connection', () => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(() => database?.close())

  test('a Promise.all on a transaction is noted with the statements; the same queries one after the other are not', async () => {
    await database.db.transaction(async (tx) => {
      await Promise.all([
        tx.execute(sql`select pg_sleep(0.05), 1 as first`),
        tx.execute(sql`select 2 as second`),
      ])
    })
    const [overlap, ...more] = takeQueryOverlaps()
    expect(more).toEqual([])
    expect(overlap?.message).toContain('still executing another')
    expect(overlap?.message).toContain('running: select pg_sleep(0.05), 1 as first')
    expect(overlap?.message).toContain('issued:  select 2 as second')

    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_sleep(0.05), 1 as first`)
      await tx.execute(sql`select 2 as second`)
    })
    // On the pool each query takes a connection of its own.
    await Promise.all([database.db.execute(sql`select 1`), database.db.execute(sql`select 2`)])
    expect(takeQueryOverlaps()).toEqual([])
  })

  test('a failed query leaves no overlap behind: the rollback after it is not one', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1 / 0`)
      }),
    ).rejects.toThrow()
    expect(takeQueryOverlaps()).toEqual([])
  })
})
