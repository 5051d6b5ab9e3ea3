import { describe, expect, test } from 'vitest'
import { buildCalendar, foldLine } from './ics.js'

const octets = (s: string) => Buffer.byteLength(s, 'utf8')

describe('foldLine', () => {
  test('a line of at most 75 octets stays as it is', () => {
    expect(foldLine('SUMMARY:Infostand')).toBe('SUMMARY:Infostand')
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75))
    expect(foldLine('SUMMARY:Übergabe der Flyer')).toBe('SUMMARY:Übergabe der Flyer')
  })

  test.each([
    ['ASCII', `DESCRIPTION:${'Haustürwahlkampf '.replace('ü', 'u').repeat(12)}`],
    ['umlauts', `LOCATION:${'Marktplatz Gößnitz, Bürgerhaus '.repeat(6)}`],
    ['three-octet characters', `SUMMARY:${'€ Spenden – Sammlung '.repeat(8)}`],
    ['characters of four octets', `DESCRIPTION:${'Treffpunkt 🚲 am Rathaus '.repeat(7)}`],
    ['a multi-octet character at the fold', `${'x'.repeat(74)}ä${'y'.repeat(80)}`],
  ])(
    '%s: 75 octets on the first line, 74 after the space on the others, never inside a character',
    (_, line) => {
      const folded = foldLine(line)
      const parts = folded.split('\r\n ')
      expect(parts.length).toBeGreaterThan(1)
      expect(octets(parts[0]!)).toBeLessThanOrEqual(75)
      for (const part of parts.slice(1)) expect(octets(part)).toBeLessThanOrEqual(74)
      // Each part is whole characters: joined again, it is the line.
      expect(parts.join('')).toBe(line)
      for (const part of parts) expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part)
    },
  )
})

test('time stamps in UTC are written as RFC 5545 writes them', () => {
  const text = buildCalendar({
    name: 'Test',
    now: new Date('2026-03-04T05:06:07.890Z'),
    events: [
      {
        uid: 'shift-1@example.org',
        title: 'Schicht',
        url: 'https://example.org/help/1',
        startsAt: new Date('2026-03-10T09:00:00Z'),
        endsAt: new Date('2026-03-10T13:00:00Z'),
        updatedAt: new Date('2026-12-31T23:59:59.999Z'),
        sequence: 0,
      },
    ],
  })
  expect(text).toContain('\r\nDTSTAMP:20260304T050607Z\r\n')
  expect(text).toContain('\r\nLAST-MODIFIED:20261231T235959Z\r\n')
})
