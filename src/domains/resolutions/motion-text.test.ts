import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  hasBlockingProblem,
  MAX_MOTION_CHARS,
  parseMotion,
  readGermanDate,
  sectionsOf,
} from './motion-text.js'

const texts = join(import.meta.dirname, '../../demo/texts')
const workProgramme = readFileSync(join(texts, 'd-11-arbeitsprogramm-2025.txt'), 'utf8')
const mitmachPartei = readFileSync(join(texts, 'beschluss-3-3-6-mitmach-partei.txt'), 'utf8')

const codes = (text: string) => parseMotion(text).problems.map((p) => [p.code, p.sourceLine])

describe('the seeds the demo texts copy', () => {
  // The source documents lie beside the repository where the project is built; the demo texts are their copies.
  const seeds = join(import.meta.dirname, '../../../../shared/seeds')
  it.skipIf(!existsSync(seeds))('are unchanged copies', () => {
    expect(readFileSync(join(seeds, '002_cfb2b3cb51d9b6e6.txt'), 'utf8')).toBe(workProgramme)
    expect(readFileSync(join(seeds, '004_a3537330a15703fe.txt'), 'utf8')).toBe(mitmachPartei)
  })
})

describe('parseMotion on the work programme D-11 (a motion tool export)', () => {
  const parsed = parseMotion(workProgramme)

  it('reads the header block', () => {
    expect(parsed.header).toEqual({
      code: 'D-11',
      title: 'Arbeitsprogramm 2025',
      committee: expect.stringMatching(/^Benito Steiner, Sean Heller, .*Felix Hohmann$/),
      decidedOn: '2024-11-05',
      agendaItem: '#12 Dringlichkeitsanträge',
    })
  })

  it('keeps all 288 lines with their numbers, in order, without problems', () => {
    expect(parsed.numbered).toBe(true)
    expect(parsed.problems).toEqual([])
    expect(parsed.lines.map((l) => l.number)).toEqual(Array.from({ length: 288 }, (_, i) => i + 1))
    expect(parsed.lines[0]!.text).toBe(
      'Die politische Lage ist nicht rosig: Wir erleben in Niedersachsen wie auch in',
    )
    // Markdown's escapes belong to the export, not to the text.
    expect(parsed.lines[1]!.text).toContain('Faschist*innen')
    expect(parsed.lines[287]!.text).toBe(
      'werden. Dieser wird bloß organisatorisch durch den Landesvorstand begleitet.',
    )
  })

  it('finds the headed sections, also the heading the export left without its number', () => {
    const sections = sectionsOf(parsed.lines)
    expect(sections.map((s) => s.title)).toContain('Aktionstage & Bundestagswahl')
    const teams = sections.find((s) => s.title === 'Teams und Übergang')
    expect(teams).toMatchObject({ number: 149, lastLine: 181, level: 4 })
    expect(sections.find((s) => s.title === 'Aktionstage')).toMatchObject({ number: 102, lastLine: 116 })
    expect(sections[0]).toMatchObject({ number: 27, title: 'Aus Konflikten Stärke ziehen' })
    expect(sections).toHaveLength(11)
  })

  it('marks paragraphs where the export had an empty line', () => {
    expect(parsed.lines.find((l) => l.number === 9)!.paragraphStart).toBe(true)
    expect(parsed.lines.find((l) => l.number === 10)!.paragraphStart).toBe(false)
  })
})

describe('parseMotion on the resolution 3/3/6 (no line numbers)', () => {
  const parsed = parseMotion(mitmachPartei)

  it('reads title and resolution number and numbers the lines itself', () => {
    expect(parsed.header).toMatchObject({
      code: 'Beschluss 3/3/6',
      title: 'DIE LINKE in Berlin zur Mitmach-Partei entwickeln',
      decidedOn: null,
    })
    expect(parsed.numbered).toBe(false)
    expect(parsed.problems).toEqual([])
    expect(parsed.lines.map((l) => l.number)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1))
  })

  it('finds the four sections and the list of measures with its nested items', () => {
    expect(sectionsOf(parsed.lines).map((s) => s.title)).toEqual([
      'Mitgliederarbeit ausbauen',
      'Inhaltliche Weiterentwicklung',
      'Interne Kommunikation',
      'Externe Öffentlichkeitsarbeit',
    ])
    const monthly = parsed.lines.find((l) => l.text.includes('monatlich'))!
    expect(monthly).toMatchObject({ number: 4, kind: 'item', level: 1 })
    expect(monthly.text).toBe(
      'Neumitgliedertreffen auf Landesebene sollen zukünftig monatlich durchgeführt werden',
    )
    const nested = parsed.lines.filter((l) => l.kind === 'item' && l.level === 2)
    expect(nested.map((l) => l.text.slice(0, 20))).toEqual(['Bedarfsgerechter Aus', 'Bei der Auswahl von '])
    // The title repeated above the text and the empty lines of non-breaking blanks are not lines.
    expect(parsed.lines[0]!.text).toBe('Mitgliederarbeit ausbauen')
  })
})

describe('parseMotion on malformed input', () => {
  const head = '## A-1 Test\n\nBeschlussdatum: 01.02.2025\n\n### Antragstext\n\n'

  it('reports a line without its number, with the line of the text', () => {
    const text = `${head}1 eins\n2 zwei\nohne Nummer\n3 drei\n4 vier\n`
    expect(codes(text)).toEqual([['missingNumber', 9]])
    expect(hasBlockingProblem(parseMotion(text))).toBe(true)
  })

  it('reports a duplicate number and keeps the first line', () => {
    const parsed = parseMotion(`${head}1 eins\n2 zwei\n2 noch einmal zwei\n3 drei\n`)
    expect(parsed.problems).toEqual([
      { code: 'duplicateNumber', sourceLine: 9, number: 2, excerpt: '2 noch einmal zwei' },
    ])
    expect(parsed.lines.map((l) => l.text)).toEqual(['eins', 'zwei', 'drei'])
  })

  it('reports numbers going backwards and a gap; a gap alone does not block', () => {
    expect(codes(`${head}1 eins\n5 fünf\n3 drei\n6 sechs\n`)).toEqual([
      ['numberGap', 8],
      ['numberOutOfOrder', 9],
    ])
    expect(hasBlockingProblem(parseMotion(`${head}1 eins\n3 drei\n4 vier\n`))).toBe(false)
  })

  it('reads CRLF, CR and LF in one text alike, and empty lines as paragraph breaks', () => {
    const parsed = parseMotion('## A-1 Test\r\nBeschlussdatum: 01.02.2025\r\r1 eins\r\n\r\n2 zwei\n3 drei')
    expect(parsed.problems).toEqual([])
    expect(parsed.header.decidedOn).toBe('2025-02-01')
    expect(parsed.lines.map((l) => [l.number, l.text, l.paragraphStart])).toEqual([
      [1, 'eins', true],
      [2, 'zwei', true],
      [3, 'drei', false],
    ])
  })

  it('refuses an empty text, a text of nothing but blanks and a text without a title', () => {
    expect(codes('')).toEqual([['empty', 0]])
    expect(codes(' \n\u00A0\n\t\n')).toEqual([['empty', 0]])
    expect(codes('1 eins\n2 zwei\n')).toEqual([['noTitle', 1]])
  })

  it('refuses a text of a megabyte before reading it', () => {
    const huge = `${head}${'1 '.padEnd(1_000_000, 'x')}`
    expect(huge.length).toBeGreaterThan(MAX_MOTION_CHARS)
    const parsed = parseMotion(huge)
    expect(parsed.problems).toEqual([{ code: 'tooLong', sourceLine: 0 }])
    expect(parsed.lines).toEqual([])
  })

  it('refuses a header with nothing below it', () => {
    expect(codes('## A-1 Nur ein Titel\n\nGremium: Vorstand\n')).toEqual([['noLines', 0]])
  })

  it('reports a decision date that is no date, at its line', () => {
    expect(codes('Titel\nBeschlussdatum: 31.02.2025\n\nText')).toEqual([['invalidDate', 2]])
  })
})

describe('readGermanDate', () => {
  it.each([
    ['05.11.2024', '2024-11-05'],
    ['5.1.2025', '2025-01-05'],
    ['2025-03-01', '2025-03-01'],
    ['29.02.2023', null],
    ['bald', null],
  ])('%s → %s', (input, expected) => {
    expect(readGermanDate(input)).toBe(expected)
  })
})
