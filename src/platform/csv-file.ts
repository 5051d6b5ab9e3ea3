import { readFileSync } from 'node:fs'

const COMMA = 44
const QUOTE = 34
const CR = 13
const LF = 10

/**
 * The records of a CSV text (RFC 4180: fields separated by commas, quoted with double quotes, a quote inside
 * doubled, line breaks inside quotes kept, lines ending in LF or CRLF). A byte order mark and empty lines are
 * skipped. Throws on a quote left open or text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  const n = text.length
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  while (i < n) {
    const row: string[] = []
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let value = ''
        i++
        for (;;) {
          const q = text.indexOf('"', i)
          if (q === -1) throw new Error('CSV: a quoted field is not closed')
          value += text.slice(i, q)
          i = q + 1
          if (text.charCodeAt(i) !== QUOTE) break
          value += '"'
          i++
        }
        row.push(value)
      } else {
        let j = i
        for (; j < n; j++) {
          const c = text.charCodeAt(j)
          if (c === COMMA || c === LF || c === CR) break
        }
        row.push(text.slice(i, j))
        i = j
      }
      const c = text.charCodeAt(i)
      if (c === COMMA) {
        i++
        continue
      }
      if (c === CR && text.charCodeAt(i + 1) === LF) i += 2
      else if (c === LF) i++
      else if (i < n) throw new Error(`CSV: unexpected text after a quoted field at offset ${i}`)
      break
    }
    if (row.length > 1 || row[0] !== '') rows.push(row)
  }
  return rows
}

/**
 * A CSV file with a header line as one object per record, keyed by the header's names (what the geodata
 * files shipped in the repository are read with). Throws when a record has more or fewer fields than the header.
 */
export function readCsvFile(file: URL | string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'))
  if (!header) return []
  return rows.map((row, index) => {
    if (row.length !== header.length)
      throw new Error(
        `CSV ${String(file)}: record ${index + 1} has ${row.length} fields, the header ${header.length}`,
      )
    const record: Record<string, string> = {}
    for (let c = 0; c < header.length; c++) record[header[c]!] = row[c]!
    return record
  })
}
