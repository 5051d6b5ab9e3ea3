import { createHash } from 'node:crypto'
import type { StepKind } from './tables.js'

/** One step of a standard, wherever it comes from. */
export type StandardStep = {
  /** Null for the default standard, which lives here and not in the database. */
  id: string | null
  source: 'default' | 'state' | 'district'
  kind: StepKind
  title: string | null
  dueDays: number
  mandatory: boolean
  position: number
  /** The KV left this optional step of its state out. */
  dropped: boolean
}

type StepRow = {
  id: string
  kind: StepKind
  title: string | null
  dueDays: number
  mandatory: boolean
  position: number
}

/**
 * The standard of a state that has not defined its own: the steps issue 8 and seed 004 name,
 * with the deadlines most offices work with. The state office adopts it to change it.
 */
export const defaultStandard: readonly Omit<StandardStep, 'id' | 'source' | 'dropped'>[] = [
  { kind: 'welcome_mail', title: null, dueDays: 0, mandatory: true, position: 1 },
  { kind: 'welcome_call', title: null, dueDays: 7, mandatory: true, position: 2 },
  { kind: 'meeting_invitation', title: null, dueDays: 14, mandatory: true, position: 3 },
  { kind: 'buddy', title: null, dueDays: 14, mandatory: false, position: 4 },
  { kind: 'questionnaire', title: null, dueDays: 30, mandatory: false, position: 5 },
  { kind: 'first_activity', title: null, dueDays: 60, mandatory: false, position: 6 },
]

/** Without a welcome-call step in a pipeline, "reached in time" is measured against this deadline. */
export const DEFAULT_CONTACT_DAYS = 7

const sourceRank = { default: 0, state: 0, district: 1 } as const

/**
 * The standard a KV works by: its state's steps (or the default when the state has none), minus the
 * optional ones it left out, plus its own, in the order of their deadlines. A mandatory step is never
 * dropped, whatever opt-out rows say.
 */
export function effectiveStandard(input: {
  state: readonly StepRow[]
  district: readonly StepRow[]
  optOuts: ReadonlySet<string>
}): StandardStep[] {
  const fromState: StandardStep[] =
    input.state.length === 0
      ? defaultStandard.map((s) => ({ ...s, id: null, source: 'default', dropped: false }))
      : input.state.map((s) => ({
          ...s,
          source: 'state',
          dropped: !s.mandatory && input.optOuts.has(s.id),
        }))
  const own: StandardStep[] = input.district.map((s) => ({
    ...s,
    mandatory: false,
    source: 'district',
    dropped: false,
  }))
  return [...fromState, ...own].sort(
    (a, b) => a.dueDays - b.dueDays || sourceRank[a.source] - sourceRank[b.source] || a.position - b.position,
  )
}

/** The steps a new member's pipeline is made of. */
export function activeSteps(steps: readonly StandardStep[]) {
  return steps.filter((s) => !s.dropped)
}

/** Whether a step of this kind may be added to a standard that already has these steps. */
export function kindIsFree(kind: StepKind, steps: readonly Pick<StandardStep, 'kind' | 'dropped'>[]) {
  return kind === 'custom' || !steps.some((s) => s.kind === kind && !s.dropped)
}

/** A plan's steps: the active steps of a standard, numbered in their order. */
export function planSteps(steps: readonly StandardStep[]) {
  return activeSteps(steps).map((s, i) => ({
    position: i + 1,
    kind: s.kind,
    title: s.title,
    dueDays: s.dueDays,
    mandatory: s.mandatory,
  }))
}

/** Identical steps make the same key, so pipelines started under the same standard share one plan. */
export function planKey(steps: ReturnType<typeof planSteps>) {
  return createHash('sha256').update(JSON.stringify(steps)).digest('hex')
}
