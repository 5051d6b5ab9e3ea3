import { type Actor, holds } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { SurveyStatus } from './tables.js'

/** A survey as the rules see it: the unit it belongs to and whether it takes answers. */
export type SurveySubject = { unit: { path: string }; status: SurveyStatus }

/** The member whose membership (KV or local group) lies in the unit: the survey's audience. */
const memberUnder = (a: Actor | undefined, unit: { path: string }) =>
  !!a?.memberId && !!a.memberUnitPath && a.memberUnitPath.startsWith(unit.path)

const rules = {
  /** The board of a unit, or an office above it, builds the unit's surveys, opens and closes them, reads results. */
  'survey.manage': (a: Actor | undefined, unit: { path: string }) => holds(a, 'board', unit.path),
  /** Surveys belong to the units of the party's structure (KV, state, federation), not to teams. */
  'survey.create': (a: Actor | undefined, unit: { path: string; kind: string }) =>
    unit.kind !== 'team' && holds(a, 'board', unit.path),
  /** A member of the unit's subtree answers while the survey is open (once: the service checks the mark). */
  'survey.answer': (a: Actor | undefined, s: SurveySubject) => s.status === 'open' && memberUnder(a, s.unit),
  /** Who sees that the survey exists: its audience and its owners. */
  'survey.view': (a: Actor | undefined, s: SurveySubject) =>
    holds(a, 'board', s.unit.path) || (s.status !== 'draft' && memberUnder(a, s.unit)),
} as const

type Rules = typeof rules
export type SurveyAction = keyof Rules

export const { can, authorize, authorizeActor } = definePolicy(rules)
