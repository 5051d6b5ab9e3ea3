/**
 * The indicators a measure can be tied to: what the platform counts, per which period, and when a period
 * meets the target. Pure: the counting itself is a query in `repo.ts`, run by `service/indicators.ts`.
 */

export const indicatorKeys = ['newMemberMeetingsMonthly'] as const
export type IndicatorKey = (typeof indicatorKeys)[number]

export type IndicatorDefinition = {
  /** The period the target applies to; every indicator so far counts per calendar month. */
  period: 'month'
  /** The target when the person sets none: "a meeting every month" is one per month. */
  defaultTarget: number
  /** The event type counted. */
  eventType: string
}

export const indicators: Record<IndicatorKey, IndicatorDefinition> = {
  // "Neumitgliedertreffen … sollen zukünftig monatlich durchgeführt werden" (resolution 3/3/6).
  newMemberMeetingsMonthly: { period: 'month', defaultTarget: 1, eventType: 'neumitgliedertreffen' },
}

export const INDICATOR_TIME_ZONE = 'Europe/Berlin'
/** How many months a chart shows at most, the current one included. */
export const MAX_MONTHS = 12

export type MonthResult = {
  month: string
  count: number
  /** 'running': the current month, not over yet and not yet met. */
  state: 'met' | 'missed' | 'running'
}

/** '2025-03' and the month after it. */
export function nextMonth(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** The months from one to another, both included, at most the last `max` of them. */
export function monthsFromTo(first: string, last: string, max = MAX_MONTHS) {
  const out: string[] = []
  for (let m = first; m <= last; m = nextMonth(m)) out.push(m)
  return out.slice(-max)
}

/** Each month with its count and whether it met the target; the current month is only met or running. */
export function judgeMonths(
  months: readonly string[],
  counts: ReadonlyMap<string, number>,
  target: number,
  currentMonth: string,
): MonthResult[] {
  return months.map((month) => {
    const count = counts.get(month) ?? 0
    const state = count >= target ? 'met' : month >= currentMonth ? 'running' : 'missed'
    return { month, count, state }
  })
}

/** Whether the last two finished months both missed the target (the reminder's condition). */
export function missedTwice(results: readonly MonthResult[]) {
  const finished = results.filter((r) => r.state !== 'running')
  return finished.length >= 2 && finished.slice(-2).every((r) => r.state === 'missed')
}
