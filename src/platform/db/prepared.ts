import { createHash } from 'node:crypto'
import { fillPlaceholders, getTableColumns, type SQL, type Table } from 'drizzle-orm'
import { toSnakeCase } from 'drizzle-orm/casing'
import type { PgDialect } from 'drizzle-orm/pg-core'
import pg from 'pg'
import type { DbOrTx } from './types.js'

type PgliteQueryable = {
  query: <R>(text: string, params?: unknown[]) => Promise<{ rows: R[] }>
}

/** The driver's client behind a Drizzle database or transaction: a pg Pool or PoolClient, or PGlite. */
function clientOf(db: DbOrTx): pg.Pool | pg.ClientBase | PgliteQueryable {
  return (db as unknown as { session: { client: pg.Pool | pg.ClientBase | PgliteQueryable } }).session.client
}

/**
 * A statement of the hot paths, written in SQL and sent without Drizzle's builder. On PostgreSQL it is
 * a named statement: each connection parses and plans it once and then only binds the parameters
 * (PostgreSQL keeps a generic plan when it is no worse than the custom ones), so a page that needs
 * one of these pays one round trip and no planning. PGlite runs the same text with the parameters.
 * Rows come back as the driver gives them (timestamps as Date, json parsed); cast counts to int.
 *
 * `name` must be unique in the application and always go with the same text.
 */
export function preparedStatement<Row>(name: string, text: string) {
  const config = { name, text }
  return async (db: DbOrTx, params: readonly unknown[]): Promise<Row[]> => {
    const client = clientOf(db)
    if (client instanceof pg.Pool || client instanceof pg.Client) {
      const result = await client.query<Row & pg.QueryResultRow>({ ...config, values: [...params] })
      return result.rows
    }
    const result = await (client as PgliteQueryable).query<Row>(text, [...params])
    return result.rows
  }
}

const textHash = (text: string) => createHash('sha1').update(text).digest('base64url').slice(0, 12)

/**
 * A hot statement written with Drizzle's `sql` template (a claim's branches, an audit row's acting role), sent like
 * preparedStatement's: a named statement on PostgreSQL, planned per connection only until PostgreSQL keeps a
 * generic plan. Its values are `sql.placeholder(name)`s, and each call gives them (`values`, by name): the text is
 * built from the template (`build`) on the first call only (building it walks every part of the template, which for
 * a statement of many parts costs the process more than reading its answer), and named with a hash of it, so a
 * name never goes with two texts. Rows come back as with preparedStatement.
 */
export function preparedTemplate<Row>(name: string, build: () => SQL) {
  let made: { run: ReturnType<typeof preparedStatement<Row>>; params: unknown[] } | undefined
  return (db: DbOrTx, values: Record<string, unknown>): Promise<Row[]> => {
    if (!made) {
      const { sql: text, params } = (db as unknown as { dialect: PgDialect }).dialect.sqlToQuery(build())
      made = { run: preparedStatement<Row>(`${name}:${textHash(text)}`, text), params }
    }
    return made.run(db, fillPlaceholders(made.params, values))
  }
}

/**
 * A statement written in SQL with parameters, sent as text without a name: PostgreSQL plans it for the
 * values of each call. For a statement whose best plan depends on its values, where a plan kept for all
 * of them would be poor. Rows come back as with preparedStatement.
 */
export function textStatement<Row>(text: string) {
  return async (db: DbOrTx, params: readonly unknown[]): Promise<Row[]> => {
    const client = clientOf(db)
    if (client instanceof pg.Pool || client instanceof pg.Client) {
      const result = await client.query<Row & pg.QueryResultRow>(text, [...params])
      return result.rows
    }
    const result = await (client as PgliteQueryable).query<Row>(text, [...params])
    return result.rows
  }
}

/**
 * The columns of a Drizzle table as a select list with the table's own keys as names
 * (`e.starts_at as "startsAt"`), so a prepared statement's rows have the shape of the table's type.
 * For tables whose columns the driver reads as Drizzle does: timestamps, json, text, integers,
 * floats, booleans (not `date`, `bigint` or `numeric` columns, which the drivers read differently).
 */
export function selectColumns(table: Table, alias: string) {
  return Object.entries(getTableColumns(table))
    .map(([key, column]) => `${alias}.${column.keyAsName ? toSnakeCase(key) : column.name} as "${key}"`)
    .join(', ')
}

/**
 * A row of a Drizzle table as a JSON object with the table's own keys, for statements that bring rows
 * of several tables in one round trip (`json_agg(...)` of child rows). Read back with fromJsonRow.
 */
export function jsonObjectSql(table: Table, alias: string) {
  const pairs = Object.entries(getTableColumns(table)).map(
    ([key, column]) => `'${key}', ${alias}.${column.keyAsName ? toSnakeCase(key) : column.name}`,
  )
  return `json_build_object(${pairs.join(', ')})`
}

/** A table's row from jsonObjectSql's object: JSON has no dates, so timestamps become Date again. */
export function fromJsonRow<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = { ...json }
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (column.columnType === 'PgTimestamp' && typeof row[key] === 'string') row[key] = new Date(row[key])
  }
  return row as T['$inferSelect']
}
