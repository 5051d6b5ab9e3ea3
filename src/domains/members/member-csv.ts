import { CsvError } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import type { MessageKey, Params } from '../../platform/i18n/index.js'

/** A message key with its parameters: what the report shows as the reason. */
export type Reason = { key: MessageKey; params?: Params }

/** The columns of the member database export, each with the header names it is known by (compared case-insensitively). */
export const memberColumns = {
  memberNumber: { aliases: ['mitgliedsnummer', 'member_number'], required: true },
  firstName: { aliases: ['vorname', 'first_name'], required: true },
  lastName: { aliases: ['nachname', 'last_name'], required: true },
  email: { aliases: ['email', 'e_mail'], required: false },
  phone: { aliases: ['telefon', 'phone'], required: false },
  postalCode: { aliases: ['plz', 'postal_code'], required: false },
  kv: { aliases: ['kv'], required: true },
  localGroup: { aliases: ['ortsverband', 'local_group'], required: false },
  enteredOn: { aliases: ['eintrittsdatum', 'entered_on'], required: true },
  leftOn: { aliases: ['austrittsdatum', 'left_on'], required: false },
} as const

export type MemberColumn = keyof typeof memberColumns
export type CsvRecord = { line: number; values: Partial<Record<MemberColumn, string>> }

export type ParsedMemberCsv =
  | { ok: false; problem: Reason }
  | {
      ok: true
      records: CsvRecord[]
      /** The header as written in the file, so the report speaks of the columns the user sees. */
      headers: Record<MemberColumn, string | undefined>
      ignoredColumns: string[]
    }

const byAlias = new Map<string, MemberColumn>(
  Object.entries(memberColumns).flatMap(([key, def]) => def.aliases.map((a) => [a, key as MemberColumn])),
)

/** "E-Mail", " Member Number " and "member-number" name the same column. */
const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

function decode(input: string | Buffer): string | Reason {
  if (typeof input === 'string') return input
  // Binary files (spreadsheets, archives, images) carry NUL bytes; text never does.
  if (input.includes(0)) return { key: 'members.import.problems.notCsv' }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input)
  } catch {
    return { key: 'members.import.problems.notUtf8' }
  }
}

/** The delimiter is whichever of ';' and ',' occurs more often in the header line (outside quotes). */
function detectDelimiter(text: string): ';' | ',' {
  let semicolons = 0
  let commas = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (!quoted && c === '\n') break
    else if (!quoted && c === ';') semicolons++
    else if (!quoted && c === ',') commas++
  }
  return semicolons > commas ? ';' : ','
}

type Parsed = { record: string[]; raw: string; info: { lines: number } }

/**
 * Reads a member export: UTF-8 with or without BOM, ';' or ',' as delimiter, a header row naming the
 * columns. Every record keeps the line where it starts in the file as the user sees it (header = 1),
 * also when a quoted field spans several lines.
 */
export function parseMemberCsv(input: string | Buffer): ParsedMemberCsv {
  const decoded = decode(input)
  if (typeof decoded !== 'string') return { ok: false, problem: decoded }
  // One line ending for the whole file: csv-parse counts "\r\n" inside quoted fields as two lines.
  const text = decoded.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  if (text.trim() === '') return { ok: false, problem: { key: 'members.import.problems.empty' } }
  if (text.includes('\0')) return { ok: false, problem: { key: 'members.import.problems.notCsv' } }

  let parsed: Parsed[]
  try {
    parsed = parse(text, {
      delimiter: detectDelimiter(text),
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as Parsed[]
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines ?? 1
      return { ok: false, problem: { key: 'members.import.problems.malformed', params: { line } } }
    }
    throw err
  }

  const [header, ...rows] = parsed
  if (!header) return { ok: false, problem: { key: 'members.import.problems.empty' } }

  const headers = Object.fromEntries(Object.keys(memberColumns).map((k) => [k, undefined])) as Record<
    MemberColumn,
    string | undefined
  >
  const indexOf: [number, MemberColumn][] = []
  const ignoredColumns: string[] = []
  let duplicate: string | undefined
  header.record.forEach((name, i) => {
    const column = byAlias.get(normaliseHeader(name))
    if (!column) {
      if (name.trim() !== '') ignoredColumns.push(name.trim())
    } else if (headers[column] !== undefined) {
      duplicate ??= name.trim()
    } else {
      headers[column] = name.trim()
      indexOf.push([i, column])
    }
  })
  if (indexOf.length === 0) return { ok: false, problem: { key: 'members.import.problems.noHeader' } }
  if (duplicate !== undefined) {
    return {
      ok: false,
      problem: { key: 'members.import.problems.duplicateColumn', params: { column: duplicate } },
    }
  }
  const missing = (Object.keys(memberColumns) as MemberColumn[]).filter(
    (c) => memberColumns[c].required && headers[c] === undefined,
  )
  if (missing.length > 0) {
    return {
      ok: false,
      problem: {
        key: 'members.import.problems.missingColumns',
        params: { columns: missing.map((c) => memberColumns[c].aliases.join('/')).join(', ') },
      },
    }
  }
  if (rows.length === 0) return { ok: false, problem: { key: 'members.import.problems.noRows' } }

  const records = rows.map(({ record, raw, info }): CsvRecord => {
    // `lines` is the record's last line; the line breaks inside it lead back to its first one.
    // Leading breaks in `raw` belong to skipped empty lines, the trailing one ends the record.
    const inner = raw.replace(/^\n+/, '').replace(/\n$/, '')
    let breaks = 0
    for (let i = inner.indexOf('\n'); i !== -1; i = inner.indexOf('\n', i + 1)) breaks++
    const values: Partial<Record<MemberColumn, string>> = {}
    for (const [i, column] of indexOf) values[column] = record[i]
    return { line: info.lines - breaks, values }
  })
  return { ok: true, records, headers, ignoredColumns }
}
