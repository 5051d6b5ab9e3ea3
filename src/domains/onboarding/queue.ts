import { addDays } from '../../platform/time.js'
import type { StepStatus } from './tables.js'

/** A step counts as due this many days before its deadline. */
export const DUE_SOON_DAYS = 7

export const queueStates = ['overdue', 'due', 'later', 'done'] as const
export type QueueState = (typeof queueStates)[number]

/**
 * Where a new member stands on a day: overdue when an open step's deadline has passed, due when one
 * falls within the next DUE_SOON_DAYS days, done when no step is open.
 */
export function queueState(
  steps: readonly { status: StepStatus; dueOn: string }[],
  today: string,
): QueueState {
  const open = steps.filter((s) => s.status === 'open').map((s) => s.dueOn)
  if (open.length === 0) return 'done'
  const first = open.sort()[0]!
  if (first < today) return 'overdue'
  return first <= addDays(today, DUE_SOON_DAYS) ? 'due' : 'later'
}

/** The state of one step on a day, for the pipeline page. */
export function stepState(step: { status: StepStatus; dueOn: string }, today: string): QueueState {
  return queueState([step], today)
}
