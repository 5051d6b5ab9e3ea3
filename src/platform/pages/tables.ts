import { sql } from 'drizzle-orm'
import { bigint, boolean, check, pgTable } from 'drizzle-orm/pg-core'

/**
 * The version of everything anonymous visitors can see, in one row. A deferred trigger on every table
 * that feeds a public page (all tables but those listed, with the reason, in test/rules/public-pages.test.ts)
 * adds one to it when a transaction that changed such a table commits, once per transaction. The row
 * is updated in the writer's transaction, so a reader that sees the new version also sees the data it
 * stands for: the cache of anonymous pages (anonymous-pages.ts) compares it on every request.
 */
export const publicDataVersion = pgTable(
  'public_data_version',
  {
    id: boolean().primaryKey().default(true),
    version: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [check('public_data_version_one_row', sql`${t.id}`)],
)
