import { and, desc, eq, ilike, isNotNull, like, or, type SQL } from 'drizzle-orm'
import { auditEvents } from '../../platform/audit/tables.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { users } from '../accounts/tables.js'
import { orgUnits } from '../org-units/tables.js'
import type { AuditScope } from './policy.js'

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** One page of the audit log, newest first; one row more than asked tells whether a next page exists. */
export async function listAuditEvents(
  db: DbOrTx,
  opts: { scope: AuditScope; actionPrefix?: string; actorEmail?: string; limit: number; offset: number },
) {
  const conditions: (SQL | undefined)[] = []
  if (!opts.scope.all) {
    if (opts.scope.paths.length === 0) return { rows: [], hasNext: false }
    conditions.push(
      isNotNull(orgUnits.path),
      or(...opts.scope.paths.map((p) => like(orgUnits.path, `${p}%`))),
    )
  }
  if (opts.actionPrefix) conditions.push(like(auditEvents.action, `${escapeLike(opts.actionPrefix)}%`))
  if (opts.actorEmail) conditions.push(ilike(users.email, `%${escapeLike(opts.actorEmail)}%`))
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      actingRole: auditEvents.actingRole,
      objectType: auditEvents.objectType,
      objectId: auditEvents.objectId,
      actorEmail: users.email,
      actorName: users.displayName,
      unitId: orgUnits.id,
      unitName: orgUnits.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(orgUnits, eq(orgUnits.id, auditEvents.unitId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(opts.limit + 1)
    .offset(opts.offset)
  return { rows: rows.slice(0, opts.limit), hasNext: rows.length > opts.limit }
}

export type AuditRow = Awaited<ReturnType<typeof listAuditEvents>>['rows'][number]
