import { type Actor, holds, holdsAnywhere } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'

type UnitRef = { path: string }

const rules = {
  /** A KV's seeking profile is shown to every board and office: they are the ones who look for partners. */
  'profile.view': (a: Actor | undefined, _u: UnitRef) => holdsAnywhere(a, 'board'),
  /** The KV's own board (or an office above it) says what the KV looks for. */
  'profile.edit': (a: Actor | undefined, u: UnitRef) => holds(a, 'board', u.path),
  /** Suggestions for a KV, and proposing one: its board and the offices above it. */
  'suggestions.view': (a: Actor | undefined, u: UnitRef) => holds(a, 'board', u.path),
  /** The overview of KVs with no or few partners, the weights, the election calendar, the twin towns. */
  'matchmaking.manage': (a: Actor | undefined, _s: Record<string, never>) =>
    holdsAnywhere(a, 'federal_office'),
} as const

type Rules = typeof rules
export type MatchmakingAction = keyof Rules

export const { can, authorize } = definePolicy(rules)
