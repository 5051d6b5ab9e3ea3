import { sql } from 'drizzle-orm'
import { bigint, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

// No foreign keys on purpose: the trail must outlive the rows it speaks of.
// Append-only: a trigger (migrations/0011_audit_append_only.sql) refuses UPDATE, DELETE and TRUNCATE.
// `id` is the sequence number the hash chain runs over (seal.ts).
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid(),
    actingRole: text(),
    unitId: uuid(),
    action: text().notNull(),
    objectType: text().notNull(),
    objectId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    requestId: text(),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at),
    index('audit_events_actor_idx').on(t.actorUserId),
    index('audit_events_object_idx').on(t.objectType, t.objectId),
  ],
)

export type AuditEvent = typeof auditEvents.$inferSelect

/**
 * The hash chain over audit_events, one link per audit row: `hash` is
 * sha256(hash of the previous sealed row ‖ canonical form of row `seq`). Kept apart from the rows,
 * so that sealing never has to change an audit row; append-only like them.
 */
export const auditSeals = pgTable(
  'audit_seals',
  {
    seq: bigint({ mode: 'number' }).primaryKey(),
    hash: text().notNull(),
    sealedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('audit_seals_hash_hex', sql`${t.hash} ~ '^[0-9a-f]{64}$'`)],
)

/**
 * Every verification of the chain and its outcome, so the admin page can show the latest one
 * whichever process ran it, and the record shows the trail was tested regularly. Append-only.
 */
export const auditChecks = pgTable(
  'audit_checks',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The last sealed sequence number the check reached. */
    checkedUpTo: bigint({ mode: 'number' }),
    rows: bigint({ mode: 'number' }).notNull(),
    brokenAt: bigint({ mode: 'number' }),
    /** Why the chain breaks at brokenAt: mismatch, missing_row or unsealed_row. */
    reason: text(),
  },
  (t) => [check('audit_checks_broken_has_reason', sql`(${t.brokenAt} is null) = (${t.reason} is null)`)],
)
