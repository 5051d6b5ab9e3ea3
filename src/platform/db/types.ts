import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'

/**
 * One database type for both drivers: node-postgres and PGlite both extend PgDatabase. Queries are built from
 * the tables themselves (no relational `db.query` API), so the client carries no schema.
 */
export type Db = PgDatabase<PgQueryResultHKT>
/** The transaction `db.transaction` hands its callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx
