import type { DbOrTx } from '../../../platform/db/types.js'
import { fromLocal, localDay, TIME_ZONE } from '../../../platform/time.js'
import { MIN_PEOPLE } from '../../onboarding/index.js'
import {
  type IndicatorKey,
  indicators,
  judgePeriods,
  MAX_PERIODS,
  NEW_MEMBER_MEETING_TYPE,
  nextPeriod,
  type PeriodFigure,
  type PeriodResult,
  periodsFromTo,
  REACH_WITHIN_DAYS,
} from '../indicators.js'
import * as repo from '../repo.js'

/** The instant a period ('2025-03' or '2025') begins in Berlin. */
const startOf = (period: string) => {
  const [year, month] = (period.length === 4 ? [Number(period), 1] : period.split('-').map(Number)) as [
    number,
    number,
  ]
  return fromLocal({ year, month, day: 1, hour: 0, minute: 0 })
}
const firstDayOf = (period: string) => (period.length === 4 ? `${period}-01-01` : `${period}-01`)

type Row = { unitId: string; period: string } & PeriodFigure

/** The figures of each unit and period, one query per indicator. */
async function figures(
  db: DbOrTx,
  key: IndicatorKey,
  o: { unitIds: readonly string[]; periods: readonly string[]; now: Date; current: string },
): Promise<Row[]> {
  const first = o.periods[0]!
  const after = nextPeriod(o.periods[o.periods.length - 1]!)
  switch (key) {
    case 'newMemberMeetingsMonthly':
      return (
        await repo.countEventsPerMonth(db, {
          unitIds: o.unitIds,
          type: NEW_MEMBER_MEETING_TYPE,
          from: startOf(first),
          to: startOf(after),
          timeZone: TIME_ZONE,
        })
      ).map((r) => ({ unitId: r.unitId, period: r.month, value: r.count }))
    case 'volunteerPoolSize':
      // The pool at each month's end; for the month still running, as it stands now.
      return repo.countPoolMembersAt(db, {
        unitIds: o.unitIds,
        points: o.periods.map((p) => ({ period: p, at: p === o.current ? o.now : startOf(nextPeriod(p)) })),
      })
    case 'newMembersReachedIn7Days':
      return (
        await repo.countReachedInTimePerMonth(db, {
          unitIds: o.unitIds,
          from: firstDayOf(first),
          to: firstDayOf(after),
          today: localDay(o.now),
          days: REACH_WITHIN_DAYS,
        })
      ).map((r) => ({
        unitId: r.unitId,
        period: r.period,
        value: r.base === 0 ? 0 : Math.round((100 * r.reached) / r.base),
        base: r.base,
      }))
    case 'partnershipRetreatYearly':
      return repo.countRetreatsPerYear(db, {
        unitIds: o.unitIds,
        fromYear: first,
        toYear: o.periods[o.periods.length - 1]!,
      })
  }
}

/**
 * An indicator for several units at once, period by period in Berlin time: from the period `since` falls
 * in (at most the last twelve months or five years) to the current period of `now`. Figures about people
 * resting on fewer than five people are withheld.
 */
export async function evaluateIndicator(
  db: DbOrTx,
  opts: { key: IndicatorKey; target: number; unitIds: readonly string[]; since: Date; now: Date },
): Promise<Map<string, PeriodResult[]>> {
  const definition = indicators[opts.key]
  const cut = definition.period === 'year' ? 4 : 7
  const current = localDay(opts.now).slice(0, cut)
  const first = localDay(opts.since).slice(0, cut)
  const periods = periodsFromTo(first <= current ? first : current, current, MAX_PERIODS[definition.period])
  const rows = await figures(db, opts.key, { unitIds: opts.unitIds, periods, now: opts.now, current })
  const out = new Map<string, PeriodResult[]>()
  for (const unitId of opts.unitIds) {
    const own = new Map(
      rows
        .filter((r) => r.unitId === unitId)
        .map((r) => [r.period, { value: r.value, ...(r.base === undefined ? {} : { base: r.base }) }]),
    )
    out.set(
      unitId,
      judgePeriods(periods, own, {
        target: opts.target,
        current,
        figure: definition.figure,
        minPeople: MIN_PEOPLE,
      }),
    )
  }
  return out
}
