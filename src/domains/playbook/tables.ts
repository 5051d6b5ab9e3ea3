import { sql } from 'drizzle-orm'
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { partnerships } from '../partnerships/tables.js'

export const entryKinds = ['article', 'template', 'story'] as const
export type EntryKind = (typeof entryKinds)[number]
export const visibilities = ['public', 'members', 'boards'] as const
export type Visibility = (typeof visibilities)[number]
/** The forms a template pre-fills with "use this". */
export const templateTargets = ['agreement', 'help_request', 'welcome_mail', 'event_checklist'] as const
export type TemplateTarget = (typeof templateTargets)[number]
/** Tags by capability. */
export const playbookTags = [
  'partnership',
  'help',
  'onboarding',
  'inclusive_events',
  'volunteer_pool',
  'campaign',
  'agreement',
  'events',
] as const
export type PlaybookTag = (typeof playbookTags)[number]

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
})

/** The text the German full-text search reads: title, summary and body. */
export const searchDocument = (t: { title: unknown; summary: unknown; body: unknown }) =>
  sql`to_tsvector('german', ${t.title} || ' ' || ${t.summary} || ' ' || ${t.body})`

/**
 * The "Wissenswerk": tips and how-tos (article), templates that pre-fill a form (template) and good-practice
 * stories of a partnership (story), written in Markdown. Kept by the editorial team of the unit it belongs to
 * (the federation or a state). `version` counts the saves; each one is a row of `playbook_versions`.
 */
export const playbookEntries = pgTable(
  'playbook_entries',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: entryKinds }).notNull(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    title: text().notNull(),
    summary: text().notNull().default(''),
    body: text().notNull(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    visibility: text({ enum: visibilities }).notNull(),
    templateFor: text({ enum: templateTargets }),
    /** What "use this" puts into the form's fields, by field name. */
    templateFields: jsonb().$type<Record<string, string>>().notNull().default({}),
    partnershipId: uuid().references(() => partnerships.id),
    version: integer().notNull().default(1),
    authorId: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('playbook_entries_kind_chk', sql`${t.kind} in ('article', 'template', 'story')`),
    check('playbook_entries_visibility_chk', sql`${t.visibility} in ('public', 'members', 'boards')`),
    // A template names the form it fills; only a template does.
    check('playbook_entries_template_chk', sql`(${t.kind} = 'template') = (${t.templateFor} is not null)`),
    index('playbook_entries_search_idx').using('gin', searchDocument(t)),
    index('playbook_entries_tags_idx').using('gin', t.tags),
    index('playbook_entries_partnership_idx').on(t.partnershipId),
  ],
)

/** Every saved state of an entry, with who saved it: "versions with who changed what". */
export const playbookVersions = pgTable(
  'playbook_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    entryId: uuid()
      .notNull()
      .references(() => playbookEntries.id),
    version: integer().notNull(),
    title: text().notNull(),
    summary: text().notNull(),
    body: text().notNull(),
    tags: text().array().notNull(),
    visibility: text({ enum: visibilities }).notNull(),
    templateFields: jsonb().$type<Record<string, string>>().notNull().default({}),
    editedById: uuid().references(() => users.id),
    editedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('playbook_versions_entry_version_uq').on(t.entryId, t.version)],
)

export const imageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const
export type ImageType = (typeof imageTypes)[number]

/**
 * Images of an entry, uploaded to the platform (never hot-linked): the type is read from the bytes, the file
 * is served with that type, `nosniff` and `Content-Disposition`, to those who may read the entry.
 */
export const playbookImages = pgTable(
  'playbook_images',
  {
    id: uuid().primaryKey().defaultRandom(),
    entryId: uuid()
      .notNull()
      .references(() => playbookEntries.id),
    contentType: text({ enum: imageTypes }).notNull(),
    byteSize: integer().notNull(),
    data: bytea().notNull(),
    uploadedById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'playbook_images_type_chk',
      sql`${t.contentType} in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')`,
    ),
    index('playbook_images_entry_idx').on(t.entryId),
  ],
)

export type PlaybookEntry = typeof playbookEntries.$inferSelect
export type PlaybookVersion = typeof playbookVersions.$inferSelect
