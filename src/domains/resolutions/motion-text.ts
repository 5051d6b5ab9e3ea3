/**
 * Reads a motion or resolution given as text: the export of a motion tool (a header block with code,
 * title, committee, decision date and agenda item, then lines each starting with its number, headings
 * marked with '#') or plain text without numbers, whose lines are numbered here. Pure: no database,
 * no clock. Whatever cannot be read is reported with the line of the text it stands on.
 */

export const MAX_MOTION_CHARS = 200_000
export const MAX_MOTION_LINES = 5_000

export type MotionLineKind = 'text' | 'heading' | 'item'

export type MotionLine = {
  /** The line number of the motion (as exported, or given here when the text had none). */
  number: number
  kind: MotionLineKind
  /** Heading level 1–6 for headings, nesting depth 1… for list items, 0 otherwise. */
  level: number
  /** The first line after an empty line: a new paragraph. */
  paragraphStart: boolean
  text: string
}

export type MotionProblemCode =
  | 'empty'
  | 'tooLong'
  | 'tooManyLines'
  | 'noTitle'
  | 'noLines'
  | 'missingNumber'
  | 'duplicateNumber'
  | 'numberOutOfOrder'
  | 'numberGap'
  | 'invalidDate'

/** Errors keep the text from being saved; warnings are shown and may be accepted. */
export const blockingProblems: ReadonlySet<MotionProblemCode> = new Set([
  'empty',
  'tooLong',
  'tooManyLines',
  'noTitle',
  'noLines',
  'missingNumber',
  'duplicateNumber',
  'numberOutOfOrder',
])

export type MotionProblem = {
  code: MotionProblemCode
  /** The line of the given text (1-based) the problem stands on; 0 for the text as a whole. */
  sourceLine: number
  /** The motion's line number involved (a duplicate, the first of a gap), when there is one. */
  number?: number
  /** The text of the source line, shortened, so the person finds it. */
  excerpt?: string
}

export type MotionHeader = {
  code: string | null
  title: string | null
  committee: string | null
  /** ISO date, when the decision date could be read. */
  decidedOn: string | null
  agendaItem: string | null
}

export type ParsedMotion = {
  header: MotionHeader
  /** Whether the lines carried their numbers (false: numbered by the importer). */
  numbered: boolean
  lines: MotionLine[]
  problems: MotionProblem[]
}

export function hasBlockingProblem(parsed: Pick<ParsedMotion, 'problems'>) {
  return parsed.problems.some((p) => blockingProblems.has(p.code))
}

/** The sections of a motion: each heading with the range of lines up to the next heading. */
export function sectionsOf(lines: readonly MotionLine[]) {
  const out: { number: number; level: number; title: string; lastLine: number }[] = []
  for (const line of lines) {
    if (line.kind === 'heading')
      out.push({ number: line.number, level: line.level, title: line.text, lastLine: line.number })
    else if (out.length > 0) out[out.length - 1]!.lastLine = line.number
  }
  return out
}

const headerKeys: Record<string, keyof Omit<MotionHeader, 'title' | 'code'>> = {
  gremium: 'committee',
  beschlussdatum: 'decidedOn',
  datum: 'decidedOn',
  tagesordnungspunkt: 'agendaItem',
  top: 'agendaItem',
}

// "D-11 Arbeitsprogramm 2025", "A1 Satzung", "WP-3: Wahlprogramm": a short code of capitals and digits first.
const codedTitle = /^([A-ZÄÖÜ]{1,4}[- ]?\d{1,4}[a-z]?)(?::\s*|\s+)(\S.*)$/
const resolutionNumber = /^Beschluss(?:\s+Nr\.?)?\s+(\d+(?:\s*[/.-]\s*\d+)*)$/i
const headerField = /^([A-Za-zÄÖÜäöü]+)\s*:\s*(.*)$/
const markdownHeading = /^(#{1,6})\s+(.*)$/
const numberedText = /^(\d{1,5})(?:\s+(.*))?$/
const bullet = /^([•◦▪‣*·-])\s+(.*)$/
const bodyMarker = /^(?:antragstext|beschlusstext)$/i

/** Markdown's escapes (\*, \_, …) and hard line breaks (two blanks at the end) are the export's, not the text's. */
function cleanText(s: string) {
  return s
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
    .replace(/\s+$/, '')
    .trim()
}

function excerptOf(s: string) {
  const t = s.trim()
  return t.length > 80 ? `${t.slice(0, 79)}…` : t
}

/** "05.11.2024" or "2024-11-05" to an ISO date when it is a real date. */
export function readGermanDate(value: string): string | null {
  const m = /(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(value) ?? null
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(value)
  const [y, mo, d] = m
    ? [Number(m[3]), Number(m[2]), Number(m[1])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : []
  if (y === undefined || mo === undefined || d === undefined) return null
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}

/** The source's lines: one kind of line ending, no byte-order mark, non-breaking blanks as blanks. */
function sourceLines(text: string) {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .split('\n')
}

const isBlank = (s: string) => s.trim() === ''

export function parseMotion(text: string): ParsedMotion {
  const header: MotionHeader = { code: null, title: null, committee: null, decidedOn: null, agendaItem: null }
  const problems: MotionProblem[] = []
  const result = (numbered: boolean, lines: MotionLine[]): ParsedMotion => ({
    header,
    numbered,
    lines,
    problems,
  })

  if (text.length > MAX_MOTION_CHARS) {
    problems.push({ code: 'tooLong', sourceLine: 0 })
    return result(false, [])
  }
  const source = sourceLines(text)
  if (source.every(isBlank)) {
    problems.push({ code: 'empty', sourceLine: 0 })
    return result(false, [])
  }
  if (source.length > MAX_MOTION_LINES) {
    problems.push({ code: 'tooManyLines', sourceLine: 0 })
    return result(false, [])
  }

  // ---- the header block ----
  let i = 0
  while (i < source.length && isBlank(source[i]!)) i++
  const first = source[i]!.trim()
  // A text that starts with its numbered lines has no header.
  if (!numberedText.test(first)) {
    const heading = markdownHeading.exec(first)
    const title = cleanText(heading ? heading[2]! : first)
    const coded = codedTitle.exec(title)
    header.code = coded ? coded[1]! : null
    header.title = coded ? coded[2]! : title
    i++
    for (; i < source.length; i++) {
      const raw = source[i]!.trim()
      if (raw === '') continue
      const line = cleanText(raw.replace(/^#{1,6}\s+/, ''))
      if (bodyMarker.test(line)) {
        i++
        break
      }
      const number = resolutionNumber.exec(line)
      if (number) {
        header.code ??= `Beschluss ${number[1]!.replace(/\s+/g, '')}`
        continue
      }
      // The title repeated above the text, as documents of a party office often have it.
      if (line === header.title) continue
      const field = headerField.exec(line)
      const key = field ? headerKeys[field[1]!.toLowerCase()] : undefined
      if (!field || !key) break
      const value = field[2]!.trim()
      if (key === 'decidedOn') {
        header.decidedOn = readGermanDate(value)
        if (!header.decidedOn)
          problems.push({ code: 'invalidDate', sourceLine: i + 1, excerpt: excerptOf(raw) })
      } else {
        header[key] = value || null
      }
    }
  }
  if (!header.title) problems.push({ code: 'noTitle', sourceLine: 1 })

  // ---- the body ----
  const body = source.slice(i).map((s, k) => ({ raw: s, sourceLine: i + k + 1 }))
  const nonBlank = body.filter((b) => !isBlank(b.raw))
  const carriesNumber = (s: string) => {
    const t = s.trim()
    const h = markdownHeading.exec(t)
    return numberedText.test(h ? h[2]! : t)
  }
  const numberedCount = nonBlank.filter((b) => carriesNumber(b.raw)).length
  const numbered = nonBlank.length > 0 && numberedCount * 2 >= nonBlank.length
  const lines = numbered ? readNumbered(body, problems) : readUnnumbered(body)
  if (lines.length === 0) problems.push({ code: 'noLines', sourceLine: 0 })
  return result(numbered, lines)
}

type BodyLine = { raw: string; sourceLine: number }

function readNumbered(body: BodyLine[], problems: MotionProblem[]): MotionLine[] {
  const lines: MotionLine[] = []
  const seen = new Set<number>()
  let paragraphStart = true
  // The number a numbered line carries, looked ahead for headings that lost theirs.
  const numberAt = (k: number): number | undefined => {
    for (let j = k; j < body.length; j++) {
      const t = body[j]!.raw.trim()
      if (t === '') continue
      const h = markdownHeading.exec(t)
      const n = numberedText.exec(h ? h[2]! : t)
      return n ? Number(n[1]) : undefined
    }
    return undefined
  }
  for (let k = 0; k < body.length; k++) {
    const { raw, sourceLine } = body[k]!
    const t = raw.trim()
    if (t === '') {
      paragraphStart = true
      continue
    }
    const heading = markdownHeading.exec(t)
    const content = heading ? heading[2]! : t
    const n = numberedText.exec(content)
    const previous = lines.length > 0 ? lines[lines.length - 1]!.number : 0
    let number: number
    let lineText: string
    if (n) {
      number = Number(n[1])
      lineText = n[2] ?? ''
    } else if (heading && numberAt(k + 1) === previous + 2) {
      // A heading the export left without its number, between two lines one number apart: it is that line.
      number = previous + 1
      lineText = content
    } else {
      problems.push({ code: 'missingNumber', sourceLine, excerpt: excerptOf(t) })
      continue
    }
    if (seen.has(number)) {
      problems.push({ code: 'duplicateNumber', sourceLine, number, excerpt: excerptOf(t) })
      continue
    }
    if (number < previous) {
      problems.push({ code: 'numberOutOfOrder', sourceLine, number, excerpt: excerptOf(t) })
      continue
    }
    if (number > previous + 1)
      problems.push({ code: 'numberGap', sourceLine, number: previous + 1, excerpt: excerptOf(t) })
    seen.add(number)
    const item = heading ? null : bullet.exec(lineText.trim())
    lines.push({
      number,
      kind: heading ? 'heading' : item ? 'item' : 'text',
      level: heading ? heading[1]!.length : item ? 1 : 0,
      paragraphStart: paragraphStart || !!heading,
      text: cleanText(item ? item[2]! : lineText),
    })
    paragraphStart = !!heading
  }
  return lines
}

/** Short, without closing punctuation, alone between empty lines: a heading of a plain document. */
function looksLikeHeading(body: BodyLine[], k: number) {
  const t = body[k]!.raw.trim()
  const before = k === 0 || isBlank(body[k - 1]!.raw)
  const after = k === body.length - 1 || isBlank(body[k + 1]!.raw)
  return before && after && t.length <= 80 && !/[.:,;!?…)]$/.test(t) && !bullet.test(t)
}

function readUnnumbered(body: BodyLine[]): MotionLine[] {
  const lines: MotionLine[] = []
  let paragraphStart = true
  for (let k = 0; k < body.length; k++) {
    const raw = body[k]!.raw.replace(/\s+$/, '')
    const t = raw.trim()
    if (t === '') {
      paragraphStart = true
      continue
    }
    const number = lines.length + 1
    const heading = markdownHeading.exec(t)
    if (heading || looksLikeHeading(body, k)) {
      lines.push({
        number,
        kind: 'heading',
        level: heading ? heading[1]!.length : 2,
        paragraphStart: true,
        text: cleanText(heading ? heading[2]! : t),
      })
      paragraphStart = true
      continue
    }
    const item = bullet.exec(t)
    if (item) {
      // Two blanks of indentation per level, as word processors and mail clients write nested lists.
      const indent = raw.length - raw.trimStart().length
      const level = Math.max(1, Math.floor(indent / 2))
      lines.push({
        number,
        kind: 'item',
        level: Math.min(level, 6),
        paragraphStart,
        text: cleanText(item[2]!),
      })
    } else {
      lines.push({ number, kind: 'text', level: 0, paragraphStart, text: cleanText(t) })
    }
    paragraphStart = false
  }
  return lines
}
