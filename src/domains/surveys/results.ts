/**
 * The results of one version of a questionnaire, from the counts the database aggregated: per question, for
 * everyone and per KV. Pure functions only, so the page, the CSV and the tests share one reading.
 *
 * A cell (one question, one group of respondents) resting on fewer than MIN_ANSWERS answers is withheld. The
 * total is the sum of the KVs, so one withheld KV could be worked out as the total minus the others: while the
 * withheld KVs of a question are exactly one, or rest on fewer than MIN_ANSWERS answers together, the shown KV
 * with the fewest answers is withheld too (as the onboarding benchmark does).
 */
import { type Question, type Questionnaire, SCALE } from './questionnaire.js'

export const MIN_ANSWERS = 5

/** What the database counted: one row per question, KV and option or value (`o`, `v`), or text answers. */
export type CountRow = { q: string; u: string | null; o: string | null; v: number | null; n: number }
/** How many respondents answered a question, per KV. */
export type BaseRow = { q: string; u: string | null; n: number }

export type Withheld = 'none' | 'small' | 'complementary'

export type Bar = { key: string; label: string; n: number; share: number }

export type Cell = {
  /** Respondents who answered the question in this group. */
  base: number
  withheld: Withheld
  /** Options, or scale values 1–5, with counts and shares of the base (empty when withheld or free). */
  bars: Bar[]
  /** The mean of a scale or number question. */
  mean: number | null
}

export type QuestionResult = { question: Question; number: number; total: Cell; byUnit: Map<string, Cell> }

/** The key of respondents without a KV (a member whose home KV was not known). */
export const NO_UNIT = ''

const emptyCell = (base: number, withheld: Withheld): Cell => ({ base, withheld, bars: [], mean: null })

/** The choices a question's answers are counted by: its options, or the scale's five values. */
export function barsOf(question: Question): { key: string; label: string }[] {
  if (question.kind === 'single' || question.kind === 'multiple') return question.options
  if (question.kind === 'scale')
    return SCALE.map((n) => ({
      key: String(n),
      label:
        n === 1 && question.scale?.low
          ? `1 (${question.scale.low})`
          : n === 5 && question.scale?.high
            ? `5 (${question.scale.high})`
            : String(n),
    }))
  return []
}

function cellOf(question: Question, base: number, rows: CountRow[]): Cell {
  if (base === 0) return emptyCell(0, 'none')
  if (base < MIN_ANSWERS) return emptyCell(base, 'small')
  const choices = barsOf(question)
  const count = (key: string) =>
    rows
      .filter((r) => (question.kind === 'scale' ? String(r.v) === key : r.o === key))
      .reduce((s, r) => s + r.n, 0)
  const bars = choices.map((c) => {
    const n = count(c.key)
    return { key: c.key, label: c.label, n, share: n / base }
  })
  let mean: number | null = null
  if (question.kind === 'scale' || question.kind === 'number') {
    const numbered = rows.filter((r) => r.v !== null)
    const n = numbered.reduce((s, r) => s + r.n, 0)
    mean = n > 0 ? numbered.reduce((s, r) => s + r.n * r.v!, 0) / n : null
  }
  return { base, withheld: 'none', bars, mean }
}

/**
 * Withholds, for one question, the KVs below MIN_ANSWERS and then, while the total would reveal them (one
 * withheld KV, or withheld KVs on fewer than MIN_ANSWERS answers together), the shown KV with the fewest answers.
 */
export function suppress(total: Cell, byUnit: Map<string, Cell>): Map<string, Cell> {
  const out = new Map(byUnit)
  if (total.withheld !== 'none') {
    for (const [u, c] of out) if (c.base > 0) out.set(u, emptyCell(c.base, 'small'))
    return out
  }
  for (;;) {
    const withheld = [...out.values()].filter((c) => c.withheld !== 'none' && c.base > 0)
    const sum = withheld.reduce((s, c) => s + c.base, 0)
    if (withheld.length === 0 || (withheld.length > 1 && sum >= MIN_ANSWERS)) break
    const next = [...out.entries()]
      .filter(([, c]) => c.withheld === 'none' && c.base > 0)
      .sort((a, b) => a[1].base - b[1].base || a[0].localeCompare(b[0]))[0]
    if (!next) break
    out.set(next[0], emptyCell(next[1].base, 'complementary'))
  }
  return out
}

/**
 * The results of every question of a version, from the database's counts. The rows are grouped by question and
 * KV once, so the work grows with the rows, not with rows times KVs (400 KVs read about 17,000 rows).
 */
export function buildResults(
  questionnaire: Questionnaire,
  counts: CountRow[],
  bases: BaseRow[],
): QuestionResult[] {
  const rowsOf = new Map<string, Map<string, CountRow[]>>()
  for (const r of counts) {
    let perUnit = rowsOf.get(r.q)
    if (!perUnit) {
      perUnit = new Map()
      rowsOf.set(r.q, perUnit)
    }
    const key = r.u ?? NO_UNIT
    const rows = perUnit.get(key)
    if (rows) rows.push(r)
    else perUnit.set(key, [r])
  }
  const basesOf = new Map<string, BaseRow[]>()
  for (const b of bases) {
    const list = basesOf.get(b.q)
    if (list) list.push(b)
    else basesOf.set(b.q, [b])
  }
  return questionnaire.questions.map((question, i) => {
    const perUnit = rowsOf.get(question.key) ?? new Map<string, CountRow[]>()
    const units = basesOf.get(question.key) ?? []
    const totalBase = units.reduce((s, b) => s + b.n, 0)
    const total = cellOf(question, totalBase, [...perUnit.values()].flat())
    const byUnit = new Map<string, Cell>()
    for (const b of units) {
      const key = b.u ?? NO_UNIT
      byUnit.set(key, cellOf(question, b.n, perUnit.get(key) ?? []))
    }
    return { question, number: i + 1, total, byUnit: suppress(total, byUnit) }
  })
}

/** Respondents per KV, withheld like the cells: the count of a small KV is itself a cell. */
export function respondentsByUnit(rows: { u: string | null; n: number }[]) {
  const totalBase = rows.reduce((s, r) => s + r.n, 0)
  const total: Cell =
    totalBase < MIN_ANSWERS && totalBase > 0 ? emptyCell(totalBase, 'small') : emptyCell(totalBase, 'none')
  const byUnit = new Map<string, Cell>()
  for (const r of rows)
    byUnit.set(r.u ?? NO_UNIT, r.n < MIN_ANSWERS ? emptyCell(r.n, 'small') : emptyCell(r.n, 'none'))
  return { total, byUnit: suppress(total, byUnit) }
}

/** Whether a cell's figures may be shown. */
export const shown = (c: Cell | undefined): boolean => !!c && c.withheld === 'none' && c.base > 0
