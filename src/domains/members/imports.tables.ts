import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'

// Apart from the members' table, since it refers to the accounts, whose table refers to the members: one file
// each keeps the tables' imports free of cycles.

export const importModes = ['all-or-nothing', 'good-only'] as const
export type ImportMode = (typeof importModes)[number]

/**
 * One row per import that wrote to the members table: who, which file (by its hash), and the counts.
 * It never holds personal data, so it can be kept as long as the audit trail.
 */
export const memberImports = pgTable(
  'member_imports',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Empty for an import from the command line (`npm run members:import`).
    createdById: uuid().references(() => users.id),
    fileName: text().notNull(),
    fileSha256: text().notNull(),
    mode: text({ enum: importModes }).notNull(),
    rowsTotal: integer().notNull(),
    inserted: integer().notNull(),
    updated: integer().notNull(),
    unchanged: integer().notNull(),
    skipped: integer().notNull(),
    // Rows of members erased after leaving, not written again (see docs/member-import.md).
    erased: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('member_imports_mode_chk', sql`${t.mode} in ('all-or-nothing', 'good-only')`),
    // Every data row of the file is counted exactly once.
    check(
      'member_imports_counts_chk',
      sql`${t.inserted} + ${t.updated} + ${t.unchanged} + ${t.skipped} + ${t.erased} = ${t.rowsTotal}`,
    ),
    index('member_imports_created_at_idx').on(t.createdAt),
  ],
)

export type MemberImport = typeof memberImports.$inferSelect
