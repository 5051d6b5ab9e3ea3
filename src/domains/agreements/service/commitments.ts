import type { DbOrTx } from '../../../platform/db/types.js'
import { addDays, localDay } from '../../../platform/time.js'
import { type Clause, type ExchangeKind, exchangeKinds } from '../clauses.js'
import { CONSULTATION_WINDOW_DAYS, evaluateCommitments } from '../commitments.js'
import * as repo from '../repo.js'
import type { AgreementState, Side } from '../state.js'
import type { AgreementRatification } from '../tables.js'
import { type LoadedAgreement, sideOfUnit } from './shared.js'

/**
 * The commitments of the version in force, evaluated at `now` from the recorded retreats,
 * minutes, link confirmations and coordinators. Undefined while no version is in force.
 */
export async function commitmentsOf(
  db: DbOrTx,
  now: Date,
  loaded: LoadedAgreement,
  state: AgreementState,
  ratifications: readonly AgreementRatification[],
) {
  if (state.inForceVersion === null) return undefined
  const inForce = state.inForceVersion
  const version = await repo.findVersion(db, loaded.agreement.id, inForce)
  const adopted = ratifications.filter((r) => r.versionNumber === inForce).map((r) => r.ratifiedOn)
  const inForceSince = adopted.sort()[adopted.length - 1]!
  const firstInForceSince = firstAdoption(ratifications)
  const pid = loaded.partnership.id
  const a = loaded.unitA
  const b = loaded.unitB
  // This year in Germany, with a day's margin on each side for the events' instants (evaluated by Berlin day).
  const year = Number(localDay(now).slice(0, 4))
  const [from, to] = [`${year}-01-01`, `${year + 1}-01-01`]
  const [fromInstant, toInstant] = [
    new Date(`${year - 1}-12-31T00:00:00Z`),
    new Date(`${year + 1}-01-02T00:00:00Z`),
  ]
  const stateOf = (unit: { ags: string | null }) => unit.ags?.slice(0, 2) ?? null
  const states = [stateOf(a), stateOf(b)].filter((s): s is string => s !== null)
  // The congresses of this year and those of the next whose consultation may already have begun.
  const congressRange = { from, to: addDays(`${year + 1}-01-01`, CONSULTATION_WINDOW_DAYS + 1) }
  // One after the other: the reminder job evaluates inside its transaction, whose connection runs one query at a time.
  const retreats = await repo.listRetreats(db, pid)
  const sharing = await repo.listMinutesSharing(db, pid)
  const confirmations = await repo.listLinkConfirmations(db, pid)
  const help = await repo.listHelpBetween(db, a.id, b.id, from, to)
  const elections = await repo.listElections(db, [...new Set(states)], from, to)
  const jointEvents = await repo.listJointEvents(db, a.id, b.id, fromInstant, toInstant)
  const visits = await repo.listVisits(db, a.id, b.id, fromInstant, toInstant)
  const exchanges = await repo.listExchanges(db, pid)
  const congresses = await repo.listCongresses(db, congressRange)
  const electionsOf = (unit: { ags: string | null }) =>
    elections.filter((e) => e.stateAgs === stateOf(unit)).map((e) => ({ kind: e.kind, heldOn: e.heldOn }))
  const withSide = <T>(rows: T[], unitOf: (r: T) => string) =>
    rows.flatMap((r) => {
      const side = sideOfUnit(loaded, unitOf(r))
      return side ? [{ row: r, side }] : []
    })
  const result = evaluateCommitments({
    now,
    clauses: version?.clauses ?? [],
    inForceSince,
    firstInForceSince,
    retreats: withSide(retreats, (r) => r.hostUnitId).map(({ row, side }) => ({
      heldOn: row.heldOn,
      hostSide: side,
    })),
    coordinators: {
      a: !!loaded.partnership.coordinatorAMemberId,
      b: !!loaded.partnership.coordinatorBMemberId,
    } satisfies Record<Side, boolean>,
    minutes: withSide(sharing, (m) => m.fromUnitId).map(({ row, side }) => ({
      side,
      sharedAt: row.sharedAt,
    })),
    linkConfirmations: withSide(confirmations, (c) => c.unitId).map(({ row, side }) => ({
      side,
      confirmedOn: row.confirmedOn,
    })),
    help: withSide(help, (h) => h.helperUnitId).map(({ row, side }) => ({
      from: side,
      helpedOn: row.helpedOn,
      people: row.people,
      personMinutes: row.personMinutes,
    })),
    elections: { a: electionsOf(a), b: electionsOf(b) },
    jointEvents,
    visits: withSide(visits, (v) => v.hostUnitId).map(({ row, side }) => ({ ...row, host: side })),
    exchanges: withSide(exchanges, (e) => e.unitId).map(({ row, side }) => ({
      kind: row.kind,
      side,
      heldOn: row.heldOn,
      note: row.note,
    })),
    congresses: congresses.map((c) => ({ name: c.name, startsOn: c.startsOn, endsOn: c.endsOn })),
  })
  return { ...result, inForceSince, retreats, confirmations, exchangeKinds: kindsInForce(version?.clauses) }
}

/** The kinds of exchange the version in force asks for, in the order of its clauses. */
function kindsInForce(clauses: readonly Clause[] | undefined): ExchangeKind[] {
  const kinds = (clauses ?? []).map((c) => c.type).filter((t): t is ExchangeKind => isExchangeKind(t))
  return [...new Set(kinds)]
}

/** The day the first version both sides ratified came into force: the later of its two ratifications. */
function firstAdoption(ratifications: readonly AgreementRatification[]) {
  const byVersion = new Map<number, string[]>()
  for (const r of ratifications)
    byVersion.set(r.versionNumber, [...(byVersion.get(r.versionNumber) ?? []), r.ratifiedOn])
  const adoptions = [...byVersion.values()]
    .filter((days) => days.length >= 2)
    .map((days) => days.sort()[days.length - 1]!)
  return adoptions.sort()[0]!
}

const isExchangeKind = (t: string): t is ExchangeKind => (exchangeKinds as readonly string[]).includes(t)

export type CommitmentsView = NonNullable<Awaited<ReturnType<typeof commitmentsOf>>>
