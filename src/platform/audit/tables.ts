import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

// No foreign keys on purpose: the trail must outlive the rows it speaks of.
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
