import { type SQL, sql } from 'drizzle-orm'
import type { Actor } from '../auth/actor.js'
import { roleRank, strongestRoleOn } from '../auth/actor.js'
import type { DbOrTx } from '../db/types.js'
import { auditEvents } from './tables.js'

export type AuditEntry = {
  action: string
  object: { type: string; id?: string | null }
  unit?: { id: string; path: string } | null
  data?: Record<string, unknown>
  /** The person acting when there is no session yet (logging in, resetting a password by link). */
  actorUserId?: string
}

/**
 * The audit row of an entry, as recordAudit inserts it; for a use case whose one statement writes its
 * audit row itself (the volunteer search, whose row counts the statement's results).
 */
export function auditRow(actor: Actor | undefined, entry: AuditEntry, requestId?: string) {
  return {
    actorUserId: entry.actorUserId ?? actor?.userId ?? null,
    actingRole: strongestRoleOn(actor, entry.unit?.path) ?? (actor ? 'none' : 'anonymous'),
    unitId: entry.unit?.id ?? null,
    action: entry.action,
    objectType: entry.object.type,
    objectId: entry.object.id ?? null,
    data: auditData(actor, entry.data),
    requestId: requestId ?? null,
  } satisfies typeof auditEvents.$inferInsert
}

/**
 * Appends who did what to which record. Call it inside the use case's transaction,
 * so the row commits or rolls back together with the change it describes.
 */
export async function recordAudit(
  tx: DbOrTx,
  actor: Actor | undefined,
  entry: AuditEntry,
  requestId?: string,
) {
  await tx.insert(auditEvents).values(auditRow(actor, entry, requestId))
}

/** The audit row's data: a change made through the API names the token, so its owner can tell it from their own clicks. */
export function auditData(actor: Actor | undefined, data: Record<string, unknown> = {}) {
  return actor?.apiToken ? { ...data, apiToken: actor.apiToken.id } : data
}

/** A signed-in actor's roles as `actingRoleOfGrantsSql` reads them: a JSON array of role, unit path and rank. */
export function grantsJson(actor: Actor): string {
  return JSON.stringify(actor.grants.map((g) => ({ r: g.role, p: g.unitPath, k: roleRank(g.role) })))
}

/**
 * The acting role of a signed-in actor's audit row written by SQL (a statement that inserts its audit row itself,
 * in one round trip), for a unit whose path only the statement knows: what `strongestRoleOn` answers, computed by
 * the database from the actor's roles, which `grants` gives as `grantsJson`'s text or as a placeholder a prepared
 * statement fills with it (`preparedTemplate`).
 */
export function actingRoleOfGrantsSql(grants: unknown, unitPath: SQL): SQL {
  return sql`coalesce((select g->>'r' from jsonb_array_elements(${grants}::jsonb) g
                        where starts_with(${unitPath}, g->>'p') order by (g->>'k')::int desc limit 1), 'none')`
}
