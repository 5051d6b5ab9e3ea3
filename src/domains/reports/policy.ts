import { type Actor, holds, roleRank } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { BoardReportAudience, BoardReportStatus } from './tables.js'

type UnitRef = { id: string; path: string }

/** The unit's own board (a grant of board or higher on the unit itself): it writes the unit's reports. */
function boardOf(a: Actor | undefined, unit: UnitRef) {
  return !!a && a.grants.some((g) => g.unitId === unit.id && roleRank(g.role) >= roleRank('board'))
}

/**
 * The unit's board or one above it (a KV's board for its local groups, the state office and up for its KVs):
 * it reads drafts; only the unit's own board writes.
 */
function officeAbove(a: Actor | undefined, unit: UnitRef) {
  return holds(a, 'board', unit.path)
}

/** A member whose membership (home KV or local group) lies in the unit. */
function memberOf(a: Actor | undefined, unit: UnitRef) {
  const path = a?.memberUnitPath
  return !!a?.memberId && !!path && path.startsWith(unit.path)
}

const rules = {
  /** Starting, editing and publishing: the unit's own board only. */
  'report.write': (a: Actor | undefined, s: { unit: UnitRef }) => boardOf(a, s.unit),
  /**
   * A draft: its board and the offices above; a published report also the unit's members, and everyone when it
   * was published to the public.
   */
  'report.read': (
    a: Actor | undefined,
    s: { unit: UnitRef; status: BoardReportStatus; audience: BoardReportAudience },
  ) =>
    boardOf(a, s.unit) ||
    officeAbove(a, s.unit) ||
    (s.status === 'published' && (s.audience === 'public' || memberOf(a, s.unit))),
} as const

export type ReportAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)

/** The overview of which KVs have reported: the offices of a state or the federation (and the admin). */
export const seesOverview = (a: Actor | undefined, unit: UnitRef & { kind: string }) =>
  (unit.kind === 'state' || unit.kind === 'federal') && holds(a, 'state_office', unit.path)

/**
 * Which of a unit's reports the actor finds in its list: all (drafts too) for its board and the offices above, the
 * published ones for its members, the public ones for everyone else.
 */
export function reportsSeen(a: Actor | undefined, unit: UnitRef): 'all' | 'published' | 'public' {
  if (boardOf(a, unit) || officeAbove(a, unit)) return 'all'
  return memberOf(a, unit) ? 'published' : 'public'
}
