/**
 * The indicators a measure can be tied to: what the platform counts, per which period, and when a period
 * meets the target. Pure: the counting itself is a query in `repo.ts`, run by `service/indicators.ts`.
 */

export const indicatorKeys = [
  'newMemberMeetingsMonthly',
  'volunteerPoolSize',
  'newMembersReachedIn7Days',
  'partnershipRetreatYearly',
] as const
export type IndicatorKey = (typeof indicatorKeys)[number]

export type IndicatorDefinition = {
  /** The period the target applies to: a calendar month or a calendar year, in Berlin time. */
  period: 'month' | 'year'
  /** The target when the person sets none ("a meeting every month" is one per month). */
  defaultTarget: number
  /**
   * What the figure is: a number of things (events, retreats), a number of people, or a share of people in
   * percent. Figures about people are withheld below a minimum of people; figures about units never are.
   */
  figure: 'count' | 'people' | 'percent'
}

export const indicators: Record<IndicatorKey, IndicatorDefinition> = {
  // "Neumitgliedertreffen … sollen zukünftig monatlich durchgeführt werden" (resolution 3/3/6).
  newMemberMeetingsMonthly: { period: 'month', defaultTarget: 1, figure: 'count' },
  // The volunteer pool open to all structures: members with a current consent to the pool, at the month's end.
  volunteerPoolSize: { period: 'month', defaultTarget: 10, figure: 'people' },
  // New members reached by phone within seven days of their entry, by the month they entered.
  newMembersReachedIn7Days: { period: 'month', defaultTarget: 80, figure: 'percent' },
  // The partnership agreement's commitment to a joint board retreat once a year.
  partnershipRetreatYearly: { period: 'year', defaultTarget: 1, figure: 'count' },
}

/** The event type the monthly-meeting indicator counts. */
export const NEW_MEMBER_MEETING_TYPE = 'neumitgliedertreffen'
/** Days from entry within which a new member counts as reached in time. */
export const REACH_WITHIN_DAYS = 7

/** How many periods a chart shows at most, the current one included. */
export const MAX_PERIODS = { month: 12, year: 5 } as const

export type PeriodResult = {
  /** '2025-03' for a month, '2025' for a year. */
  period: string
  /** The figure; null when it is withheld (it rests on fewer people than the minimum). */
  value: number | null
  /** The people a share rests on (new members who entered in the month and whose week is over). */
  base?: number
  /** 'running': the current period, not over yet and not yet met; 'withheld': too few people to judge. */
  state: 'met' | 'missed' | 'running' | 'withheld'
}

/** '2025-03' and the month after it; '2025' and the year after it. */
export function nextPeriod(period: string) {
  if (period.length === 4) return String(Number(period) + 1)
  const [y, m] = period.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** The periods from one to another, both included, at most the last `max` of them. */
export function periodsFromTo(first: string, last: string, max: number) {
  const out: string[] = []
  for (let p = first; p <= last; p = nextPeriod(p)) out.push(p)
  return out.slice(-max)
}

export type PeriodFigure = { value: number; base?: number }

/**
 * Each period with its figure and whether it met the target; the current period is only met or running.
 * A share resting on fewer than `minPeople` people, and a number of people between one and `minPeople`,
 * is withheld; a withheld share is not judged at all.
 */
export function judgePeriods(
  periods: readonly string[],
  figures: ReadonlyMap<string, PeriodFigure>,
  opts: { target: number; current: string; figure: IndicatorDefinition['figure']; minPeople: number },
): PeriodResult[] {
  return periods.map((period) => {
    const f = figures.get(period) ?? { value: 0, ...(opts.figure === 'percent' ? { base: 0 } : {}) }
    if (opts.figure === 'percent' && (f.base ?? 0) < opts.minPeople)
      return { period, value: null, base: f.base ?? 0, state: 'withheld' }
    const state = f.value >= opts.target ? 'met' : period >= opts.current ? 'running' : 'missed'
    const hidden = opts.figure === 'people' && f.value > 0 && f.value < opts.minPeople
    return {
      period,
      value: hidden ? null : f.value,
      ...(f.base === undefined ? {} : { base: f.base }),
      state,
    }
  })
}

/** Whether the last two finished periods both missed the target (the reminder's condition). */
export function missedTwice(results: readonly PeriodResult[]) {
  const finished = results.filter((r) => r.state !== 'running')
  return finished.length >= 2 && finished.slice(-2).every((r) => r.state === 'missed')
}
