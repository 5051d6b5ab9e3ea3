import { and, arrayContains, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../platform/db/types.js'
import { users } from '../accounts/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { partnerships } from '../partnerships/tables.js'
import {
  type EntryKind,
  type PlaybookTag,
  playbookEntries,
  playbookImages,
  playbookVersions,
  searchDocument,
  type TemplateTarget,
  type Visibility,
} from './tables.js'

/**
 * A search text as a German prefix query: each word (letters and digits only, so the query's syntax cannot
 * be broken) stemmed and matched as a prefix, all of them required. "haustür" finds "Haustürwahlkampf".
 */
export function germanPrefixQuery(q: string): string | null {
  const words = q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8)
  return words.length === 0 ? null : words.map((w) => `${w}:*`).join(' & ')
}

const listColumns = {
  id: playbookEntries.id,
  kind: playbookEntries.kind,
  title: playbookEntries.title,
  summary: playbookEntries.summary,
  tags: playbookEntries.tags,
  visibility: playbookEntries.visibility,
  templateFor: playbookEntries.templateFor,
  updatedAt: playbookEntries.updatedAt,
}

export async function listEntries(
  db: DbOrTx,
  f: {
    visibilities: Visibility[]
    q?: string
    tag?: PlaybookTag
    kind?: EntryKind
    templateFor?: TemplateTarget
    partnershipId?: string
  },
) {
  const query = f.q ? germanPrefixQuery(f.q) : null
  const doc = searchDocument(playbookEntries)
  const where = [
    inArray(playbookEntries.visibility, f.visibilities),
    f.tag ? arrayContains(playbookEntries.tags, [f.tag]) : undefined,
    f.kind ? eq(playbookEntries.kind, f.kind) : undefined,
    f.templateFor ? eq(playbookEntries.templateFor, f.templateFor) : undefined,
    f.partnershipId ? eq(playbookEntries.partnershipId, f.partnershipId) : undefined,
    query ? sql`${doc} @@ to_tsquery('german', ${query})` : undefined,
  ].filter((c) => c !== undefined)
  return db
    .select(listColumns)
    .from(playbookEntries)
    .where(and(...where))
    .orderBy(
      ...(query ? [desc(sql`ts_rank(${doc}, to_tsquery('german', ${query}))`)] : []),
      asc(playbookEntries.title),
      asc(playbookEntries.id),
    )
    .limit(200)
}

export async function findEntry(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      entry: playbookEntries,
      unit: { id: orgUnits.id, name: orgUnits.name, path: orgUnits.path, kind: orgUnits.kind },
      authorName: users.displayName,
    })
    .from(playbookEntries)
    .innerJoin(orgUnits, eq(orgUnits.id, playbookEntries.unitId))
    .leftJoin(users, eq(users.id, playbookEntries.authorId))
    .where(eq(playbookEntries.id, id))
  return row
}

export async function insertEntry(db: DbOrTx, values: typeof playbookEntries.$inferInsert) {
  const [row] = await db.insert(playbookEntries).values(values).returning()
  return row!
}

export async function updateEntry(
  db: DbOrTx,
  id: string,
  version: number,
  values: Partial<typeof playbookEntries.$inferInsert>,
) {
  const [row] = await db
    .update(playbookEntries)
    .set({ ...values, version: version + 1 })
    .where(and(eq(playbookEntries.id, id), eq(playbookEntries.version, version)))
    .returning()
  return row
}

export async function insertVersion(db: DbOrTx, values: typeof playbookVersions.$inferInsert) {
  await db.insert(playbookVersions).values(values)
}

export async function listVersions(db: DbOrTx, entryId: string) {
  return db
    .select({ version: playbookVersions, editorName: users.displayName })
    .from(playbookVersions)
    .leftJoin(users, eq(users.id, playbookVersions.editedById))
    .where(eq(playbookVersions.entryId, entryId))
    .orderBy(desc(playbookVersions.version))
}

export async function insertImage(db: DbOrTx, values: typeof playbookImages.$inferInsert) {
  const [row] = await db
    .insert(playbookImages)
    .values(values)
    .returning({ id: playbookImages.id, contentType: playbookImages.contentType })
  return row!
}

export async function findImage(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ image: playbookImages, visibility: playbookEntries.visibility })
    .from(playbookImages)
    .innerJoin(playbookEntries, eq(playbookEntries.id, playbookImages.entryId))
    .where(eq(playbookImages.id, id))
  return row
}

export async function listImages(db: DbOrTx, entryId: string) {
  return db
    .select({
      id: playbookImages.id,
      contentType: playbookImages.contentType,
      byteSize: playbookImages.byteSize,
    })
    .from(playbookImages)
    .where(eq(playbookImages.entryId, entryId))
    .orderBy(asc(playbookImages.createdAt))
}

/** The units whose entries an actor may write: the federation and the states. */
export async function listEditorialUnits(db: DbOrTx) {
  return db
    .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path, kind: orgUnits.kind })
    .from(orgUnits)
    .where(and(inArray(orgUnits.kind, ['federal', 'state']), isNull(orgUnits.dissolvedAt)))
    .orderBy(asc(orgUnits.path))
}

export async function findPartnership(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: partnerships.id, status: partnerships.status, isPublic: partnerships.isPublic })
    .from(partnerships)
    .where(eq(partnerships.id, id))
  return row
}
