import { CsvError } from 'csv-parse'
import { parse } from 'csv-parse/sync'

/** The columns a file may have, each with the header names it is known by (compared case-insensitively). */
export type CsvColumns<C extends string> = Record<C, { aliases: readonly string[]; required: boolean }>

/** Why a file cannot be read as a table at all; each domain turns the code into its own message. */
export type CsvProblem =
  | { code: 'empty' | 'notUtf8' | 'notCsv' | 'noHeader' | 'noRows' }
  | { code: 'malformed'; params: { line: number } }
  | { code: 'duplicateColumn'; params: { column: string } }
  | { code: 'missingColumns'; params: { columns: string } }

export type CsvRecord<C extends string> = { line: number; values: Partial<Record<C, string>> }

export type CsvTable<C extends string> =
  | { ok: false; problem: CsvProblem }
  | {
      ok: true
      records: CsvRecord<C>[]
      /** The header as written in the file, so a report speaks of the columns the user sees. */
      headers: Record<C, string | undefined>
      ignoredColumns: string[]
    }

/** "E-Mail", " Member Number " and "member-number" name the same column. */
const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

function decode(input: string | Buffer): string | CsvProblem {
  if (typeof input === 'string') return input
  // Binary files (spreadsheets, archives, images) carry NUL bytes; text never does.
  if (input.includes(0)) return { code: 'notCsv' }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input)
  } catch {
    return { code: 'notUtf8' }
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
 * Reads a table exported from a spreadsheet or database: UTF-8 with or without BOM, ';' or ',' as delimiter,
 * a header row naming the columns. Every record keeps the line where it starts in the file as the user sees it
 * (header = 1), also when a quoted field spans several lines.
 */
export function readCsvTable<C extends string>(input: string | Buffer, columns: CsvColumns<C>): CsvTable<C> {
  const decoded = decode(input)
  if (typeof decoded !== 'string') return { ok: false, problem: decoded }
  // One line ending for the whole file: csv-parse counts "\r\n" inside quoted fields as two lines.
  const text = decoded.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  if (text.trim() === '') return { ok: false, problem: { code: 'empty' } }
  if (text.includes('\0')) return { ok: false, problem: { code: 'notCsv' } }

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
      return { ok: false, problem: { code: 'malformed', params: { line } } }
    }
    throw err
  }

  const [header, ...rows] = parsed
  if (!header) return { ok: false, problem: { code: 'empty' } }

  const names = Object.keys(columns) as C[]
  const byAlias = new Map<string, C>(names.flatMap((c) => columns[c].aliases.map((a) => [a, c] as const)))
  const headers = Object.fromEntries(names.map((k) => [k, undefined])) as Record<C, string | undefined>
  const indexOf: [number, C][] = []
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
  if (indexOf.length === 0) return { ok: false, problem: { code: 'noHeader' } }
  if (duplicate !== undefined)
    return { ok: false, problem: { code: 'duplicateColumn', params: { column: duplicate } } }
  const missing = names.filter((c) => columns[c].required && headers[c] === undefined)
  if (missing.length > 0) {
    const list = missing.map((c) => columns[c].aliases.join('/')).join(', ')
    return { ok: false, problem: { code: 'missingColumns', params: { columns: list } } }
  }
  if (rows.length === 0) return { ok: false, problem: { code: 'noRows' } }

  const records = rows.map(({ record, raw, info }): CsvRecord<C> => {
    // `lines` is the record's last line; the line breaks inside it lead back to its first one.
    // Leading breaks in `raw` belong to skipped empty lines, the trailing one ends the record.
    const inner = raw.replace(/^\n+/, '').replace(/\n$/, '')
    let breaks = 0
    for (let i = inner.indexOf('\n'); i !== -1; i = inner.indexOf('\n', i + 1)) breaks++
    const values: Partial<Record<C, string>> = {}
    for (const [i, column] of indexOf) values[column] = record[i]
    return { line: info.lines - breaks, values }
  })
  return { ok: true, records, headers, ignoredColumns }
}

/**
 * Text a spreadsheet would run as a formula ("=HYPERLINK(…)") gets an apostrophe in front; names and
 * stories come from users. It is put at the start of the text and after every ";" or "," in it,
 * because a spreadsheet set to split on ";" (the German default) begins a cell there whatever the
 * quotes say (and after any spaces or quotes that follow). Every cell is quoted, so a reader that splits on "," keeps each value whole.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return '""'
  let s = String(value)
  if (typeof value === 'string') s = s.replace(/(^|[;,])[ "]*(?=[=+\-@\t\r])/g, "$&'")
  return `"${s.replace(/"/g, '""')}"`
}

/**
 * A table as CSV for spreadsheet programs: every cell quoted and defused as `csvCell` says, lines ended by CRLF,
 * and a byte-order mark in front, which makes spreadsheet programs read the umlauts as UTF-8.
 */
export function writeCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}
