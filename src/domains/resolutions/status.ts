import type { MeasureStatus } from './tables.js'

export type ShownStatus = MeasureStatus | 'overdue'

/** A measure still open or in progress after its due date (a Berlin calendar day, 'YYYY-MM-DD') is overdue. */
export function shownStatus(
  measure: { status: MeasureStatus; dueOn: string | null },
  today: string,
): ShownStatus {
  if (
    (measure.status === 'open' || measure.status === 'in_progress') &&
    measure.dueOn &&
    measure.dueOn < today
  )
    return 'overdue'
  return measure.status
}

/** The share done of one measure as shown: a done measure counts fully, whatever was last reported. */
export const shownProgress = (m: { status: MeasureStatus; progress: number }) =>
  m.status === 'done' ? 100 : m.progress

/** The share done of a resolution: the mean of its measures' progress, done ones counting fully, dropped ones not at all. */
export function shareDone(measures: readonly { status: MeasureStatus; progress: number }[]) {
  const counted = measures.filter((m) => m.status !== 'dropped')
  if (counted.length === 0) return null
  const sum = counted.reduce((s, m) => s + shownProgress(m), 0)
  return Math.round(sum / counted.length)
}
