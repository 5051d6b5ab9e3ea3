import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { type Category, categories, dbName, inventory, type TableEntry } from '../inventory.js'
import { authorize } from '../policy.js'
import { type PersonIds, selectActorRows, selectSubjectRows, tableName } from '../repo.js'

type Json = Record<string, unknown>

/** Written where a row names someone other than the person asking: their ids are not theirs to have. */
export const OTHER_PERSON = 'other-person'

export type ExportedTable = {
  category: Category
  /** Rows about the person, whole, less the withheld columns. */
  rows: Json[]
  /** Records of the organisation the person acted on: what and when. */
  actedOn: Json[]
  /** Columns never exported: credentials, which say nothing about the person but open their account. */
  withheld: string[]
}

export type PersonalDataExport = {
  format: 'brueckenschlag.personal-data/1'
  generatedAt: string
  person: { userId: string | null; memberId: string | null }
  tables: Record<string, ExportedTable>
}

const unique = (rows: Json[]) => {
  const seen = new Set<string>()
  return rows.filter((r) => {
    const key = JSON.stringify(r)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Replaces the ids of other people in a row about the person. */
function maskOthers(entry: TableEntry, ids: PersonIds, row: Json) {
  for (const ref of entry.references) {
    if (ref.through) continue
    const value = row[dbName(ref.column)]
    if (value != null && value !== ids[ref.person]) row[dbName(ref.column)] = OTHER_PERSON
  }
  return row
}

/** Everything the inventory names about one person, table by table; tables without a row are left out. */
export async function collectPersonalData(
  db: DbOrTx,
  ids: PersonIds,
  now: Date,
): Promise<PersonalDataExport> {
  const tables: Record<string, ExportedTable> = {}
  for (const entry of inventory()) {
    const rows: Json[] = []
    const actedOn: Json[] = []
    for (const ref of entry.references) {
      if (ref.role === 'subject') {
        for (const row of await selectSubjectRows(db, entry, ref, ids)) rows.push(maskOthers(entry, ids, row))
      } else {
        actedOn.push(...(await selectActorRows(db, entry, ref, ids)))
      }
    }
    if (rows.length === 0 && actedOn.length === 0) continue
    tables[tableName(entry)] = {
      category: entry.category,
      rows: unique(rows),
      actedOn: unique(actedOn),
      withheld: (entry.secret ?? []).map((c) => dbName(c)),
    }
  }
  return {
    format: 'brueckenschlag.personal-data/1',
    generatedAt: now.toISOString(),
    person: { userId: ids.user, memberId: ids.member },
    tables,
  }
}

/** Per category, how many entries the export holds, and whether credentials were held back. */
export function summarise(data: PersonalDataExport) {
  const counts = new Map<Category, { entries: number; tables: string[] }>(
    categories.map((c) => [c, { entries: 0, tables: [] }]),
  )
  for (const [name, table] of Object.entries(data.tables)) {
    const c = counts.get(table.category)!
    c.entries += table.rows.length + table.actedOn.length
    c.tables.push(name)
  }
  return categories.map((category) => ({ category, ...counts.get(category)! }))
}

export type DataSummary = ReturnType<typeof summarise>

const idsOf = (actor: Actor): PersonIds => ({ user: actor.userId, member: actor.memberId })

/** The summary page of "My data": which categories hold how many entries. Reading it is not recorded. */
export async function viewMyData(deps: AppDeps, actor: Actor) {
  authorize(actor, 'privacy.exportOwn', {})
  const data = await collectPersonalData(deps.database.db, idsOf(actor), deps.now())
  return { summary: summarise(data), hasMember: actor.memberId !== null }
}

/**
 * The download of "My data" (Art. 15 GDPR): everything the platform holds about the signed-in person,
 * read in one transaction so the file is consistent, with an audit row that holds counts only.
 */
export async function exportMyData(deps: AppDeps, actor: Actor, requestId?: string) {
  authorize(actor, 'privacy.exportOwn', {})
  return deps.database.db.transaction(async (tx) => {
    const data = await collectPersonalData(tx, idsOf(actor), deps.now())
    await recordAudit(
      tx,
      actor,
      {
        action: 'privacy.data_exported',
        object: { type: 'user', id: actor.userId },
        data: { tables: Object.keys(data.tables).length },
      },
      requestId,
    )
    return data
  })
}
