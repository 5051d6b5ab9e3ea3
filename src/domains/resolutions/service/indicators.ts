import type { DbOrTx } from '../../../platform/db/types.js'
import { fromLocal, localDay } from '../../events/index.js'
import {
  INDICATOR_TIME_ZONE,
  type IndicatorKey,
  indicators,
  judgeMonths,
  MAX_MONTHS,
  type MonthResult,
  monthsFromTo,
  nextMonth,
} from '../indicators.js'
import * as repo from '../repo.js'

const startOfMonth = (month: string) => {
  const [year, m] = month.split('-').map(Number) as [number, number]
  return fromLocal({ year, month: m, day: 1, hour: 0, minute: 0 }, INDICATOR_TIME_ZONE)
}

/**
 * An indicator for several units at once, month by month in Berlin time: from the month `since` falls
 * in (at most the last twelve) to the current month of `now`.
 */
export async function evaluateIndicator(
  db: DbOrTx,
  opts: { key: IndicatorKey; target: number; unitIds: readonly string[]; since: Date; now: Date },
): Promise<Map<string, MonthResult[]>> {
  const definition = indicators[opts.key]
  const current = localDay(opts.now, INDICATOR_TIME_ZONE).slice(0, 7)
  const first = localDay(opts.since, INDICATOR_TIME_ZONE).slice(0, 7)
  const months = monthsFromTo(first <= current ? first : current, current, MAX_MONTHS)
  const rows = await repo.countEventsPerMonth(db, {
    unitIds: opts.unitIds,
    type: definition.eventType,
    from: startOfMonth(months[0]!),
    to: startOfMonth(nextMonth(months[months.length - 1]!)),
    timeZone: INDICATOR_TIME_ZONE,
  })
  const out = new Map<string, MonthResult[]>()
  for (const unitId of opts.unitIds) {
    const counts = new Map(rows.filter((r) => r.unitId === unitId).map((r) => [r.month, r.count]))
    out.set(unitId, judgeMonths(months, counts, opts.target, current))
  }
  return out
}
