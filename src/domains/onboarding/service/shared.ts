import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { NotFoundError } from '../../../platform/errors.js'
import { can, queueUnitIds } from '../policy.js'
import * as repo from '../repo.js'
import { effectiveStandard, type StandardStep } from '../standard.js'

/** The id of the state in a unit's path '/<federal>/<state>/…'. */
export function stateIdOf(path: string): string | undefined {
  return path.split('/').filter(Boolean)[1]
}

/** The standards of several KVs, in three queries whatever their number. */
export async function loadStandards(
  db: DbOrTx,
  districts: readonly { id: string; path: string }[],
): Promise<Map<string, StandardStep[]>> {
  const districtIds = districts.map((d) => d.id)
  const stateIds = districts.map((d) => stateIdOf(d.path)).filter((id): id is string => !!id)
  const steps = await repo.listStepsOfUnits(db, [...new Set([...stateIds, ...districtIds])])
  const optOuts = await repo.listOptOuts(db, districtIds)
  const out = new Map<string, StandardStep[]>()
  for (const d of districts) {
    const stateId = stateIdOf(d.path)
    out.set(
      d.id,
      effectiveStandard({
        state: steps.filter((s) => s.unitId === stateId),
        district: steps.filter((s) => s.unitId === d.id),
        optOuts: new Set(optOuts.filter((o) => o.districtId === d.id).map((o) => o.stepId)),
      }),
    )
  }
  return out
}

/** A pipeline the actor may manage; for anyone else it does not exist. */
export async function managedPipeline(db: DbOrTx, actor: Actor, id: string) {
  const row = await repo.findPipeline(db, id)
  if (!row || !can(actor, 'pipeline.manage', { kv: row.kv })) throw new NotFoundError()
  return row
}

/** The next new-member meeting a member of the KV is invited to: the KV's own, else one of its state for all. */
export async function nextMeetingFor(db: DbOrTx, kv: { id: string; path: string }, now: Date) {
  const stateId = stateIdOf(kv.path)
  const meetings = await repo.nextMeetings(db, [kv.id], stateId ? [stateId] : [], now)
  return meetings.get(kv.id) ?? (stateId ? meetings.get(stateId) : undefined)
}

/**
 * The KVs an actor's board-or-higher grants reach: those they hold the role on, and every KV of a state they are
 * the office (or board) of; by name. Each use filters them by its own rule.
 */
export async function reachableDistricts(db: DbOrTx, actor: Actor) {
  const districts = new Map<string, Awaited<ReturnType<typeof repo.listUnitsByIds>>[number]>()
  for (const u of await repo.listUnitsByIds(db, queueUnitIds(actor))) {
    if (u.kind === 'district') districts.set(u.id, u)
    if (u.kind === 'state')
      for (const d of await repo.listUnitsUnder(db, u.path, 'district')) districts.set(d.id, d)
  }
  return [...districts.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'))
}
