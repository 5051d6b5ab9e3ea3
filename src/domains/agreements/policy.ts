import { type Actor, holds, holdsAnywhere } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { Side } from './state.js'

type UnitRef = { id: string; path: string }

/** What the rules need to know: the two sides, whether the partnership is public, and the publish flag. */
export type AgreementSubject = {
  unitA: UnitRef
  unitB: UnitRef
  partnershipPublic: boolean
  isPublished: boolean
}

/**
 * An agreement belongs to the two boards: only a grant of exactly 'board' on a side itself counts.
 * Offices and boards above a side hold 'board' there by inheritance, but the agreement is not theirs;
 * the federal office is let in by its own rule below.
 */
const boardOf = (a: Actor | undefined, unit: UnitRef) =>
  !!a?.grants.some((g) => g.role === 'board' && g.unitId === unit.id)
const boardOfEither = (a: Actor | undefined, s: AgreementSubject) =>
  boardOf(a, s.unitA) || boardOf(a, s.unitB)
// A federal-office grant sits on the federation, so it covers both sides.
const federalOffice = (a: Actor | undefined, s: AgreementSubject) =>
  holds(a, 'federal_office', s.unitA.path) && holds(a, 'federal_office', s.unitB.path)
/** Minutes are addressed to the two boards, nobody else: not even the federal office. */
const ownBoardOf = boardOf

type S = { agreement: AgreementSubject }

const rules = {
  /** The two boards and the federal office; everyone once published (and the partnership itself is public). */
  'agreement.view': (a: Actor | undefined, s: S) =>
    (s.agreement.isPublished && s.agreement.partnershipPublic) ||
    boardOfEither(a, s.agreement) ||
    federalOffice(a, s.agreement),
  /** Versions, comparisons and commitments stay with the boards and the federal office, published or not. */
  'agreement.viewInternals': (a: Actor | undefined, s: S) =>
    boardOfEither(a, s.agreement) || federalOffice(a, s.agreement),
  /** Either board starts the agreement, edits it (every edit a new version) and publishes it. */
  'agreement.edit': (a: Actor | undefined, s: S) => boardOfEither(a, s.agreement),
  'agreement.publish': (a: Actor | undefined, s: S) => boardOfEither(a, s.agreement),
  /** Each side records its own ratification. */
  'agreement.ratify': (a: Actor | undefined, s: S & { side: Side }) =>
    boardOf(a, s.side === 'a' ? s.agreement.unitA : s.agreement.unitB),
  /** Retreats and link confirmations are recorded by either board. */
  'agreement.recordRetreat': (a: Actor | undefined, s: S) => boardOfEither(a, s.agreement),
  'agreement.confirmLinks': (a: Actor | undefined, s: S & { side: Side }) =>
    boardOf(a, s.side === 'a' ? s.agreement.unitA : s.agreement.unitB),
  /** Each board records the exchanges of its own side (a consultation, information given, material sent). */
  'agreement.recordExchange': (a: Actor | undefined, s: S & { side: Side }) =>
    boardOf(a, s.side === 'a' ? s.agreement.unitA : s.agreement.unitB),
  /** Minutes: only the boards of the two sides read them, never the public, offices or admins. */
  'minutes.view': (a: Actor | undefined, s: S) =>
    ownBoardOf(a, s.agreement.unitA) || ownBoardOf(a, s.agreement.unitB),
  'minutes.share': (a: Actor | undefined, s: S & { side: Side }) =>
    ownBoardOf(a, s.side === 'a' ? s.agreement.unitA : s.agreement.unitB),
  /** The federal office maintains the templates and the dates of the federal congresses. */
  'template.manage': (a: Actor | undefined, _s: Record<string, never>) => holdsAnywhere(a, 'federal_office'),
  'congress.manage': (a: Actor | undefined, _s: Record<string, never>) => holdsAnywhere(a, 'federal_office'),
} as const

export type AgreementAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)

/** What the agreement page may offer this actor; views never re-derive the rules. */
export function abilities(actor: Actor | undefined, agreement: AgreementSubject) {
  const s = { agreement }
  return {
    internals: can(actor, 'agreement.viewInternals', s),
    edit: can(actor, 'agreement.edit', s),
    publish: can(actor, 'agreement.publish', s),
    ratifyA: can(actor, 'agreement.ratify', { agreement, side: 'a' }),
    ratifyB: can(actor, 'agreement.ratify', { agreement, side: 'b' }),
    recordRetreat: can(actor, 'agreement.recordRetreat', s),
    confirmLinksA: can(actor, 'agreement.confirmLinks', { agreement, side: 'a' }),
    confirmLinksB: can(actor, 'agreement.confirmLinks', { agreement, side: 'b' }),
    recordExchangeA: can(actor, 'agreement.recordExchange', { agreement, side: 'a' }),
    recordExchangeB: can(actor, 'agreement.recordExchange', { agreement, side: 'b' }),
    manageCongresses: can(actor, 'congress.manage', {}),
    viewMinutes: can(actor, 'minutes.view', s),
    shareMinutesA: can(actor, 'minutes.share', { agreement, side: 'a' }),
    shareMinutesB: can(actor, 'minutes.share', { agreement, side: 'b' }),
  }
}

export type AgreementAbilities = ReturnType<typeof abilities>
