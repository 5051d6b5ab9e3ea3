import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../test/support/db.js'
import type { Database } from './db/client.js'
import { queryRows } from './db/query.js'
import { instantAt, localDay, sqlLocalDay, sqlTimeZone } from './time.js'

// The queries' calendar is the code's: the database reads an instant's Berlin day as localDay does,
// and a Berlin reading as instantAt does, on both sides of the clock changes.
describe('the time zone in SQL', () => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase()
  }, 120_000)
  afterAll(() => database.close())

  const dayInSql = async (instants: Date[]) => {
    const values = sql.join(
      instants.map((d, i) => sql`(${i}::int, ${d.toISOString()}::timestamptz)`),
      sql`, `,
    )
    const rows = await queryRows<{ i: number; day: string }>(
      database.db,
      sql`select v.i as i, ${sqlLocalDay(sql`v.at`)}::text as day from (values ${values}) as v(i, at) order by v.i`,
    )
    return rows.map((r) => r.day)
  }

  test('midnight around the clock changes of 2026 falls on the same day as localDay says', async () => {
    const instants = [
      '2026-03-28T22:59:00Z',
      '2026-03-28T23:00:00Z',
      '2026-03-29T21:59:00Z',
      '2026-03-29T22:00:00Z',
      '2026-10-24T21:59:00Z',
      '2026-10-24T22:00:00Z',
      '2026-10-25T22:59:00Z',
      '2026-10-25T23:00:00Z',
    ].map((iso) => new Date(iso))
    expect(await dayInSql(instants)).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-29',
      '2026-03-30',
      '2026-10-24',
      '2026-10-25',
      '2026-10-25',
      '2026-10-26',
    ])
  })

  test('random instants from 2020 to 2035 get the same day in SQL as in localDay', async () => {
    const instants = fc.sample(
      fc.date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2035-12-31T23:59:59Z'),
        noInvalidDate: true,
      }),
      { numRuns: 500, seed: 24 },
    )
    expect(await dayInSql(instants)).toEqual(instants.map((d) => localDay(d)))
  })

  test('a Berlin reading becomes the instant instantAt gives', async () => {
    const [row] = await queryRows<{ summer: string; winter: string }>(
      database.db,
      sql`select to_char((date '2026-07-01' + time '09:00') at time zone ${sqlTimeZone} at time zone 'UTC',
                         'YYYY-MM-DD"T"HH24:MI') as summer,
                 to_char((date '2026-12-01' + time '09:00') at time zone ${sqlTimeZone} at time zone 'UTC',
                         'YYYY-MM-DD"T"HH24:MI') as winter`,
    )
    expect(row).toEqual({
      summer: instantAt('2026-07-01', '09:00').toISOString().slice(0, 16),
      winter: instantAt('2026-12-01', '09:00').toISOString().slice(0, 16),
    })
  })
})
