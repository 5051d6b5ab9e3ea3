import { type Actor, holds, type Role, roleRank } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'

type UnitRef = { kind: string; path: string }

const depth = (path: string) => path.split('/').filter(Boolean).length

/**
 * At least `role` on the unit through a grant on a state or below it. A new member's pipeline is for
 * the people who welcome them: their KV's board and the offices of their state. A grant on the
 * federation reaches every KV by inheritance, but not these pages: the federal office and instance
 * admins see the figures, not the people.
 */
function holdsWithinState(actor: Actor | undefined, role: Role, path: string) {
  return (
    !!actor &&
    actor.grants.some(
      (g) => roleRank(g.role) >= roleRank(role) && path.startsWith(g.unitPath) && depth(g.unitPath) >= 2,
    )
  )
}

const rules = {
  /** A KV's queue and every pipeline in it: its board and the boards and offices of its state. */
  'queue.view': (a: Actor | undefined, s: { kv: UnitRef }) =>
    s.kv.kind === 'district' && holdsWithinState(a, 'board', s.kv.path),
  'pipeline.manage': (a: Actor | undefined, s: { kv: UnitRef }) =>
    s.kv.kind === 'district' && holdsWithinState(a, 'board', s.kv.path),
  /**
   * A state's standard is set by its office; a KV's additions, opt-outs and welcome text by its board
   * (and the offices above it, who may help). Standards hold no personal data.
   */
  'standard.edit': (a: Actor | undefined, s: { unit: UnitRef }) =>
    s.unit.kind === 'state'
      ? holds(a, 'state_office', s.unit.path)
      : s.unit.kind === 'district' && holds(a, 'board', s.unit.path),
  /** The comparison of a state's KVs: its office and the federal office. */
  'dashboard.view': (a: Actor | undefined, s: { state: UnitRef }) =>
    s.state.kind === 'state' && holds(a, 'state_office', s.state.path),
  /** The comparison of all states. */
  'dashboard.federal': (a: Actor | undefined, s: { federation: UnitRef }) =>
    s.federation.kind === 'federal' && holds(a, 'federal_office', s.federation.path),
  /** A KV opts out of its state's optional steps; a step the state made mandatory binds every KV of it. */
  'standard.drop': (_a: Actor | undefined, s: { step: { mandatory: boolean } }) => !s.step.mandatory,
  /** A step of a pipeline may be skipped unless the state made it mandatory. */
  'step.skip': (_a: Actor | undefined, s: { step: { mandatory: boolean } }) => !s.step.mandatory,
  /** A member answers their own questionnaire and nobody else's. */
  'questionnaire.answer': (a: Actor | undefined, s: { memberId: string }) =>
    !!a?.memberId && a.memberId === s.memberId,
} as const

export type OnboardingAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)

/** The units whose new members an actor welcomes: every board-or-higher grant on a state or below. */
export function queueUnitIds(actor: Actor | undefined): string[] {
  return [
    ...new Set(
      (actor?.grants ?? [])
        .filter((g) => roleRank(g.role) >= roleRank('board') && depth(g.unitPath) >= 2)
        .map((g) => g.unitId),
    ),
  ]
}

/** The states and the federation whose dashboards an actor may open, from their grants. */
export function dashboardUnitIds(actor: Actor | undefined): string[] {
  return [
    ...new Set(
      (actor?.grants ?? [])
        .filter((g) => roleRank(g.role) >= roleRank('state_office') && depth(g.unitPath) <= 2)
        .map((g) => g.unitId),
    ),
  ]
}
