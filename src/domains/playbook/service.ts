import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps } from '../../platform/deps.js'
import { FieldError, NotFoundError } from '../../platform/errors.js'
import { isPubliclyVisible } from '../partnerships/index.js'
import { imageTypeOf } from './images.js'
import { type EntryInput, type ListQuery, templateFieldNames } from './input.js'
import { renderMarkdown } from './markdown.js'
import { authorize, authorizeActor, can, mayRead, readableVisibilities } from './policy.js'
import * as repo from './repo.js'
import { type TemplateTarget, templateTargets } from './tables.js'

type Deps = Pick<AppDeps, 'database' | 'now'>
type Meta = { requestId?: string }

/** The most an uploaded image may weigh. */
export const maxImageBytes = 2 * 1024 * 1024

/** The list: entries the actor may read, by search text (German), tag, kind or the form a template fills. */
export async function listPlaybook(deps: Deps, actor: Actor | undefined, query: ListQuery) {
  const entries = await repo.listEntries(deps.database.db, {
    visibilities: readableVisibilities(actor),
    q: query.q,
    tag: query.tag,
    kind: query.kind,
    templateFor: query.for,
  })
  const usable = new Set(templateTargets.filter((target) => can(actor, 'template.use', { target })))
  return { entries, query, canWrite: can(actor, 'playbook.edit', {}), usable }
}

/** The good-practice stories of a partnership that the actor may read. */
export async function storiesOf(deps: Deps, actor: Actor | undefined, partnershipId: string) {
  return repo.listEntries(deps.database.db, {
    visibilities: readableVisibilities(actor),
    kind: 'story',
    partnershipId,
  })
}

async function loadReadable(db: DbOrTx, actor: Actor | undefined, id: string) {
  const row = await repo.findEntry(db, id)
  if (!row || !mayRead(actor, row.entry.visibility)) throw new NotFoundError()
  return row
}

/** An entry with its Markdown rendered; 404 for one the actor may not read. */
export async function viewEntry(deps: Deps, actor: Actor | undefined, id: string) {
  const row = await loadReadable(deps.database.db, actor, id)
  return {
    ...row,
    html: renderMarkdown(row.entry.body),
    canWrite: can(actor, 'entry.write', row.unit),
    canUse: !!row.entry.templateFor && can(actor, 'template.use', { target: row.entry.templateFor }),
  }
}

/** The templates a form may offer ("Vorlagen aus dem Wissenswerk"), and the one chosen with its values. */
export async function templatesFor(
  deps: Deps,
  actor: Actor | undefined,
  target: TemplateTarget,
  chosenId?: string,
) {
  const db = deps.database.db
  const templates = await repo.listEntries(db, {
    visibilities: readableVisibilities(actor),
    kind: 'template',
    templateFor: target,
  })
  let values: Record<string, string> | undefined
  let used: { id: string; title: string } | undefined
  if (chosenId) {
    const row = await repo.findEntry(db, chosenId)
    if (row && mayRead(actor, row.entry.visibility) && row.entry.templateFor === target) {
      const names: readonly string[] = templateFieldNames[target]
      values = Object.fromEntries(Object.entries(row.entry.templateFields).filter(([k]) => names.includes(k)))
      used = { id: row.entry.id, title: row.entry.title }
    }
  }
  return { templates: templates.map((t) => ({ id: t.id, title: t.title })), values, used }
}

/** The units the actor may write entries for, for the form; 403 for anyone outside an editorial team. */
export async function editorialUnits(deps: Deps, actor: Actor | undefined) {
  authorize(actor, 'playbook.edit', {})
  return (await repo.listEditorialUnits(deps.database.db)).filter((u) => can(actor, 'entry.write', u))
}

function fieldsOf(input: EntryInput): Record<string, string> {
  if (!input.templateFor) return {}
  const out: Record<string, string> = {}
  for (const name of templateFieldNames[input.templateFor]) {
    const value = input[`field_${name}` as keyof EntryInput]
    if (typeof value === 'string' && value) out[name] = value
  }
  return out
}

async function checkInput(db: DbOrTx, actor: Actor | undefined, input: EntryInput) {
  const unit = (await repo.listEditorialUnits(db)).find((u) => u.id === input.unitId)
  if (!unit || !can(actor, 'entry.write', unit)) throw new FieldError('unitId', 'playbook.errors.unit')
  if (input.kind === 'story') {
    const p = input.partnershipId ? await repo.findPartnership(db, input.partnershipId) : undefined
    if (!p || !isPubliclyVisible(p)) throw new FieldError('partnershipId', 'playbook.errors.partnership')
  }
  return unit
}

const contentOf = (input: EntryInput) => ({
  kind: input.kind,
  unitId: input.unitId,
  title: input.title,
  summary: input.summary,
  body: input.body,
  tags: [...new Set(input.tags)],
  visibility: input.visibility,
  templateFor: input.kind === 'template' ? (input.templateFor ?? null) : null,
  templateFields: input.kind === 'template' ? fieldsOf(input) : {},
  partnershipId: input.kind === 'story' ? (input.partnershipId ?? null) : null,
})

/** The editorial team of the federation or a state writes an entry; the first version is kept. */
export async function createEntry(deps: Deps, actor: Actor | undefined, input: EntryInput, meta: Meta = {}) {
  const author = authorizeActor(actor, 'playbook.edit', {})
  return deps.database.db.transaction(async (tx) => {
    const unit = await checkInput(tx, author, input)
    const now = deps.now()
    const entry = await repo.insertEntry(tx, {
      ...contentOf(input),
      version: 1,
      authorId: author.userId,
      createdAt: now,
      updatedAt: now,
    })
    await repo.insertVersion(tx, { ...snapshot(entry), editedById: author.userId, editedAt: now })
    await recordAudit(
      tx,
      author,
      {
        action: 'playbook.created',
        unit,
        object: { type: 'playbook_entry', id: entry.id },
        data: { kind: entry.kind },
      },
      meta.requestId,
    )
    return entry
  })
}

const snapshot = (e: Awaited<ReturnType<typeof repo.insertEntry>>) => ({
  entryId: e.id,
  version: e.version,
  title: e.title,
  summary: e.summary,
  body: e.body,
  tags: e.tags,
  visibility: e.visibility,
  templateFields: e.templateFields,
})

/** The entry for its edit form: 404 when the actor may not read it, 403 when they may not write it. */
export async function prepareEdit(deps: Deps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const row = await loadReadable(db, actor, id)
  authorize(actor, 'entry.write', row.unit)
  const [units, images] = await Promise.all([editorialUnits(deps, actor), repo.listImages(db, id)])
  return { ...row, units, images }
}

/**
 * The editorial team saves a new version. `version` is the one the form was opened on: when someone saved in
 * between, the form says so instead of overwriting their change.
 */
export async function updateEntry(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  input: EntryInput,
  version: number,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const row = await loadReadable(tx, actor, id)
    const editor = authorizeActor(actor, 'entry.write', row.unit)
    const unit = await checkInput(tx, editor, input)
    const now = deps.now()
    const changed = (['title', 'summary', 'body', 'visibility'] as const).filter(
      (k) => row.entry[k] !== input[k],
    )
    const updated = await repo.updateEntry(tx, id, version, { ...contentOf(input), updatedAt: now })
    if (!updated) throw new FieldError('body', 'playbook.errors.conflict')
    await repo.insertVersion(tx, { ...snapshot(updated), editedById: editor.userId, editedAt: now })
    await recordAudit(
      tx,
      actor,
      {
        action: 'playbook.edited',
        unit,
        object: { type: 'playbook_entry', id },
        data: { version: updated.version, changed },
      },
      meta.requestId,
    )
    return updated
  })
}

/** Who changed what: each version with its editor and the fields that differ from the one before. */
export async function listEntryVersions(deps: Deps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const row = await loadReadable(db, actor, id)
  authorize(actor, 'entry.write', row.unit)
  const versions = await repo.listVersions(db, id)
  const fields = ['title', 'summary', 'body', 'tags', 'visibility', 'templateFields'] as const
  return {
    ...row,
    versions: versions.map((v, i) => {
      const before = versions[i + 1]?.version
      return {
        ...v,
        changed: before
          ? fields.filter((f) => JSON.stringify(v.version[f]) !== JSON.stringify(before[f]))
          : (['created'] as const),
      }
    }),
  }
}

/**
 * An image for an entry: the type is read from the bytes (PNG, JPEG, GIF, WebP); anything else, an SVG
 * among them, is refused at the field.
 */
export async function uploadImage(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  file: { data: Buffer } | undefined,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const row = await loadReadable(tx, actor, id)
    const uploader = authorizeActor(actor, 'entry.write', row.unit)
    if (!file || file.data.length === 0) throw new FieldError('image', 'playbook.errors.imageMissing')
    if (file.data.length > maxImageBytes) throw new FieldError('image', 'playbook.errors.imageTooLarge')
    const type = imageTypeOf(file.data)
    if (!type) throw new FieldError('image', 'playbook.errors.imageType')
    const image = await repo.insertImage(tx, {
      entryId: id,
      contentType: type,
      byteSize: file.data.length,
      data: file.data,
      uploadedById: uploader.userId,
      createdAt: deps.now(),
    })
    await recordAudit(
      tx,
      actor,
      {
        action: 'playbook.image_uploaded',
        unit: row.unit,
        object: { type: 'playbook_image', id: image.id },
        data: { entryId: id, type },
      },
      meta.requestId,
    )
    return image
  })
}

/** An image, for those who may read its entry. */
export async function readImage(deps: Deps, actor: Actor | undefined, id: string) {
  const row = await repo.findImage(deps.database.db, id)
  if (!row || !mayRead(actor, row.visibility)) throw new NotFoundError()
  return row.image
}
