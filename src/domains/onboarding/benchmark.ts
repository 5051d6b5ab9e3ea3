/** A figure built on fewer people than this is not shown: too small to mean anything, and too close to a person. */
export const MIN_PEOPLE = 5

/** What the database counts for one group of new members (a KV, a state or everyone). */
export type BenchmarkCounts = {
  /** New members who entered in the period. */
  people: number
  /** Of those, reached by phone at least once, and the median days from entry to that first contact. */
  reached: number
  medianDays: number | null
  /** Whose contact deadline has passed or who were reached before it, and how many of those in time. */
  contactBase: number
  reachedInTime: number
  withBuddy: number
  /** Whose first 60 days are over or who were at an event within them, and how many were at one. */
  eventBase: number
  atEvent: number
}

export type Figure = {
  /** A share from 0 to 1, a number of days or of people; null when suppressed or there is nobody. */
  value: number | null
  /** How many people the figure is built on. */
  base: number
  suppressed: 'none' | 'small' | 'complementary'
}

export type BenchmarkRow = {
  people: Figure
  medianDays: Figure
  reachedInTime: Figure
  withBuddy: Figure
  atEvent: Figure
}

export const figureNames = ['people', 'medianDays', 'reachedInTime', 'withBuddy', 'atEvent'] as const
export type FigureName = (typeof figureNames)[number]

/** Figures that add up from the KVs to the state: a suppressed one could be worked out from the total. */
const additive: readonly FigureName[] = ['people', 'reachedInTime', 'withBuddy', 'atEvent']

function figure(value: number | null, base: number): Figure {
  if (base === 0) return { value: null, base, suppressed: 'none' }
  if (base < MIN_PEOPLE) return { value: null, base, suppressed: 'small' }
  return { value, base, suppressed: 'none' }
}

/** The figures of one group, each withheld when it rests on fewer than MIN_PEOPLE people. */
export function figuresOf(c: BenchmarkCounts): BenchmarkRow {
  return {
    people: figure(c.people, c.people),
    medianDays: figure(c.medianDays, c.reached),
    reachedInTime: figure(c.contactBase ? c.reachedInTime / c.contactBase : null, c.contactBase),
    withBuddy: figure(c.people ? c.withBuddy / c.people : null, c.people),
    atEvent: figure(c.eventBase ? c.atEvent / c.eventBase : null, c.eventBase),
  }
}

/**
 * Secondary suppression. When exactly one group's additive figure is withheld and the total is shown,
 * the total minus the others would reveal it; so the shown group with the fewest people for that figure
 * is withheld too. Two withheld groups only reveal their sum, which rests on at least two groups.
 */
export function suppressComplementary<R extends { figures: BenchmarkRow }>(
  rows: R[],
  total: BenchmarkRow,
): R[] {
  const out = rows.map((r) => ({ ...r, figures: { ...r.figures } }))
  for (const name of additive) {
    if (total[name].value === null) continue
    const withheld = out.filter((r) => r.figures[name].suppressed !== 'none' && r.figures[name].base > 0)
    if (withheld.length !== 1) continue
    const shown = out
      .filter((r) => r.figures[name].suppressed === 'none' && r.figures[name].base > 0)
      .sort((a, b) => a.figures[name].base - b.figures[name].base)[0]
    if (shown) shown.figures[name] = { ...shown.figures[name], value: null, suppressed: 'complementary' }
  }
  return out
}

/** Figures for each group and their total, with both kinds of suppression applied. */
export function benchmarkTable<K>(
  groups: readonly { key: K; counts: BenchmarkCounts }[],
  total: BenchmarkCounts,
): { rows: { key: K; figures: BenchmarkRow }[]; total: BenchmarkRow } {
  const totalFigures = figuresOf(total)
  const rows = groups.map((g) => ({ key: g.key, figures: figuresOf(g.counts) }))
  return { rows: suppressComplementary(rows, totalFigures), total: totalFigures }
}

export const emptyCounts: BenchmarkCounts = {
  people: 0,
  reached: 0,
  medianDays: null,
  contactBase: 0,
  reachedInTime: 0,
  withBuddy: 0,
  eventBase: 0,
  atEvent: 0,
}
