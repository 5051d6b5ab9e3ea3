import { type Actor, holds, holdsAnywhere } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { PartnershipStatus } from './tables.js'

type UnitRef = { path: string }

/** What the rules need to know about a partnership: its state and the two sides. */
export type PartnershipSubject = {
  status: PartnershipStatus
  isPublic: boolean
  unitA: UnitRef
  unitB: UnitRef
  coordinatorAMemberId: string | null
  coordinatorBMemberId: string | null
}

export type Side = 'a' | 'b'

/** The status changes a partnership may go through after it was agreed. */
export const statusTransitions: Readonly<Record<PartnershipStatus, readonly PartnershipStatus[]>> = {
  proposed: [],
  declined: [],
  agreed: ['active', 'ended'],
  active: ['dormant', 'ended'],
  dormant: ['active', 'ended'],
  ended: [],
}

export const publicStatuses = [
  'agreed',
  'active',
  'dormant',
  'ended',
] as const satisfies readonly PartnershipStatus[]
export type PublicStatus = (typeof publicStatuses)[number]

/** Public partnerships are those both sides agreed to and nobody hid: the map and directory show them. */
export function isPubliclyVisible(p: Pick<PartnershipSubject, 'status' | 'isPublic'>) {
  return p.isPublic && (publicStatuses as readonly PartnershipStatus[]).includes(p.status)
}

const boardOf = (a: Actor | undefined, unit: UnitRef) => holds(a, 'board', unit.path)
const boardOfEither = (a: Actor | undefined, p: PartnershipSubject) =>
  boardOf(a, p.unitA) || boardOf(a, p.unitB)
// A federal-office grant sits on the federation, so it covers both sides of every partnership.
const federalOffice = (a: Actor | undefined, p: PartnershipSubject) =>
  holds(a, 'federal_office', p.unitA.path) && holds(a, 'federal_office', p.unitB.path)
const sideUnit = (p: PartnershipSubject, side: Side) => (side === 'a' ? p.unitA : p.unitB)
const isOpen = (p: PartnershipSubject) => !['declined', 'ended'].includes(p.status)

type P = { partnership: PartnershipSubject }

const rules = {
  /** Public partnerships for everyone; proposals, declined and hidden ones only for the boards of both sides and the federal office. */
  'partnership.view': (a: Actor | undefined, s: P) =>
    isPubliclyVisible(s.partnership) || boardOfEither(a, s.partnership) || federalOffice(a, s.partnership),
  /** The board of a unit (or anyone above it) proposes on that unit's behalf. */
  'partnership.propose': (a: Actor | undefined, s: { unit: UnitRef }) => boardOf(a, s.unit),
  /** The federal office enters partnerships between any two units, e.g. ones that existed before the platform. */
  'partnership.create': (a: Actor | undefined, s: { unitA: UnitRef; unitB: UnitRef }) =>
    holds(a, 'federal_office', s.unitA.path) && holds(a, 'federal_office', s.unitB.path),
  /** Only the side that was asked answers a proposal. */
  'partnership.accept': (a: Actor | undefined, s: P) =>
    s.partnership.status === 'proposed' && boardOf(a, s.partnership.unitB),
  'partnership.decline': (a: Actor | undefined, s: P) =>
    s.partnership.status === 'proposed' && boardOf(a, s.partnership.unitB),
  /** Either side's board or the federal office moves an agreed partnership along its lifecycle. */
  'partnership.changeStatus': (a: Actor | undefined, s: P & { to: PartnershipStatus }) =>
    statusTransitions[s.partnership.status].includes(s.to) &&
    (boardOfEither(a, s.partnership) || federalOffice(a, s.partnership)),
  'partnership.edit': (a: Actor | undefined, s: P) =>
    boardOfEither(a, s.partnership) || federalOffice(a, s.partnership),
  /** Each side names its own coordinator; the federal office may help out. */
  'partnership.nameCoordinator': (a: Actor | undefined, s: P & { side: Side }) =>
    isOpen(s.partnership) && (boardOf(a, sideUnit(s.partnership, s.side)) || federalOffice(a, s.partnership)),
  /** Whether a coordinator's e-mail address is public is that person's own decision, nobody else's. */
  'partnership.setCoordinatorConsent': (a: Actor | undefined, s: P & { side: Side }) => {
    const coordinator =
      s.side === 'a' ? s.partnership.coordinatorAMemberId : s.partnership.coordinatorBMemberId
    return !!a?.memberId && coordinator === a.memberId
  },
  'partnership.manageTwinTowns': (a: Actor | undefined, s: P) =>
    isOpen(s.partnership) && (boardOfEither(a, s.partnership) || federalOffice(a, s.partnership)),
  /** Reports from the public form are moderated by the federal office. */
  'report.moderate': (a: Actor | undefined, _s: Record<string, never>) => holdsAnywhere(a, 'federal_office'),
} as const

export type PartnershipAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)

/** What a partnership page may offer this actor; views never re-derive the rules. */
export function abilities(actor: Actor | undefined, partnership: PartnershipSubject) {
  const s = { partnership }
  return {
    accept: can(actor, 'partnership.accept', s),
    decline: can(actor, 'partnership.decline', s),
    statusTargets: statusTransitions[partnership.status].filter((to) =>
      can(actor, 'partnership.changeStatus', { partnership, to }),
    ),
    edit: can(actor, 'partnership.edit', s),
    nameCoordinatorA: can(actor, 'partnership.nameCoordinator', { partnership, side: 'a' }),
    nameCoordinatorB: can(actor, 'partnership.nameCoordinator', { partnership, side: 'b' }),
    consentA: can(actor, 'partnership.setCoordinatorConsent', { partnership, side: 'a' }),
    consentB: can(actor, 'partnership.setCoordinatorConsent', { partnership, side: 'b' }),
    manageTwinTowns: can(actor, 'partnership.manageTwinTowns', s),
  }
}

export type PartnershipAbilities = ReturnType<typeof abilities>
