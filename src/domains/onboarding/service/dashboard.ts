import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { addDays, localDay } from '../../../platform/time.js'
import { findUnit, type OrgUnit } from '../../org-units/index.js'
import { type BenchmarkRow, benchmarkTable, emptyCounts, figuresOf } from '../benchmark.js'
import { can, dashboardUnitIds } from '../policy.js'
import * as repo from '../repo.js'

/** The default period: everyone who entered in the last twelve months. */
const DEFAULT_DAYS = 365

export type Period = { from: string; to: string }

/** The period asked for, or the last twelve months; a reversed one is turned around. */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const to = query.to ?? localDay(now)
  const from = query.from ?? addDays(to, -DEFAULT_DAYS)
  return from <= to ? { from, to } : { from: to, to: from }
}

/**
 * The benchmark's figures of the KVs under one unit (a KV, or all KVs of a state) for new members who entered
 * in the period, each withheld below MIN_PEOPLE: the board report's new-members section reads them.
 */
export async function newMemberFigures(
  db: DbOrTx,
  unitPath: string,
  period: Period,
  now: Date,
): Promise<BenchmarkRow> {
  const { total } = await repo.benchmarkCounts(db, {
    path: unitPath,
    groupBy: 'district',
    ...period,
    today: localDay(now),
    now,
  })
  return figuresOf(total ?? emptyCounts)
}

async function compare(
  deps: AppDeps,
  scope: OrgUnit,
  groups: OrgUnit[],
  groupBy: 'district' | 'state',
  period: Period,
) {
  const now = deps.now()
  const { byUnit, total } = await repo.benchmarkCounts(deps.database.db, {
    path: scope.path,
    groupBy,
    ...period,
    today: localDay(now),
    now,
  })
  return benchmarkTable(
    groups.map((unit) => ({ key: unit, counts: byUnit.get(unit.id) ?? emptyCounts })),
    total ?? emptyCounts,
  )
}

/**
 * What the dashboard link opens: the comparison of all states for the federal office, else the list of
 * the actor's states, the first of them compared right away.
 */
export async function viewDashboardHome(deps: AppDeps, actor: Actor, period: Period) {
  const db = deps.database.db
  const units = await repo.listUnitsByIds(db, dashboardUnitIds(actor))
  const federation = units.find(
    (u) => u.kind === 'federal' && can(actor, 'dashboard.federal', { federation: u }),
  )
  if (federation) {
    const states = await repo.listUnitsUnder(db, federation.path, 'state')
    return {
      kind: 'federal' as const,
      unit: federation,
      period,
      table: await compare(deps, federation, states, 'state', period),
      otherStates: [] as OrgUnit[],
    }
  }
  const states = units
    .filter((u) => u.kind === 'state' && can(actor, 'dashboard.view', { state: u }))
    .sort((a, b) => a.name.localeCompare(b.name, 'de'))
  const first = states[0]
  if (!first) return { kind: 'none' as const }
  return { ...(await compareState(deps, first, period)), otherStates: states.slice(1) }
}

async function compareState(deps: AppDeps, state: OrgUnit, period: Period) {
  const kvs = await repo.listUnitsUnder(deps.database.db, state.path, 'district')
  return {
    kind: 'state' as const,
    unit: state,
    period,
    table: await compare(deps, state, kvs, 'district', period),
  }
}

/** A state's KVs compared, for its office and the federal office. */
export async function viewStateDashboard(deps: AppDeps, actor: Actor, stateId: string, period: Period) {
  const state = await findUnit(deps.database.db, stateId)
  if (!state || !can(actor, 'dashboard.view', { state })) throw new NotFoundError()
  return { ...(await compareState(deps, state, period)), otherStates: [] as OrgUnit[] }
}
