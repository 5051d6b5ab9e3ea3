import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { expect, test } from 'vitest'
import { parseCsv, readCsvFile } from './csv-file.js'

const geodata = new URL('../../geodata/', import.meta.url)

test('every CSV file shipped in geodata/ reads as csv-parse reads it', () => {
  const files = readdirSync(geodata).filter((f) => f.endsWith('.csv'))
  expect(files.length).toBeGreaterThanOrEqual(5)
  for (const file of files) {
    const url = new URL(file, geodata)
    const expected = parse(readFileSync(url), { columns: true, skip_empty_lines: true, bom: true })
    expect(readCsvFile(url), file).toEqual(expected)
  }
})

test('quotes, doubled quotes, commas and line breaks inside quotes, CRLF, a BOM and empty lines', () => {
  const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""",\r\n\r\n"two\nlines",,z\n'
  expect(parseCsv(text)).toEqual([
    ['a', 'b', 'c'],
    ['x, y', 'say "hi"', ''],
    ['two\nlines', '', 'z'],
  ])
})

test('a quote left open, text after a closing quote and a short record are refused', () => {
  expect(() => parseCsv('a,"b\n')).toThrow(/not closed/)
  expect(() => parseCsv('a,"b"c\n')).toThrow(/after a quoted field/)
})
