import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { addDays, localDay } from '../../../platform/time.js'
import * as repo from '../repo.js'
import { planKey, planSteps } from '../standard.js'
import { loadStandards } from './shared.js'

/**
 * Who counts as new: a member inserted with an entry date at most this many days back. An initial
 * import of a whole membership does not put people who joined years ago into anyone's queue.
 */
export const NEW_MEMBER_DAYS = 90

/** Members per statement, as the member import writes them. */
const BATCH = 1000

/** A member as the insert that created them returned it. */
export type NewMember = { id: string; homeUnitId: string; enteredOn: string | null; leftOn: string | null }

/**
 * Starts the onboarding of newly inserted members, inside the caller's transaction: every one who is
 * still a member, entered within NEW_MEMBER_DAYS (or on or after `since`) and has no pipeline yet gets
 * one on the plan of their KV's standard (the steps as they stand today, shared with everyone who started
 * under the same steps). The members come as the insert returned them, so nothing is read back; the plans
 * of all their KVs take a few queries, then one statement per batch writes one row per member.
 * Returns how many started.
 */
export async function startOnboarding(
  tx: DbOrTx,
  actor: Actor | undefined,
  newMembers: readonly NewMember[],
  now: Date,
  opts: { since?: string; requestId?: string } = {},
) {
  const since = opts.since ?? addDays(localDay(now), -NEW_MEMBER_DAYS)
  const fresh = newMembers.filter((m) => m.leftOn === null && m.enteredOn !== null && m.enteredOn >= since)
  if (fresh.length === 0) return 0
  const districts = (await repo.listUnitsByIds(tx, [...new Set(fresh.map((m) => m.homeUnitId))])).filter(
    (u) => u.kind === 'district',
  )
  const standards = await loadStandards(tx, districts)
  const plans = await repo.ensurePlans(
    tx,
    districts.map((d) => {
      const steps = planSteps(standards.get(d.id) ?? [])
      return { unitId: d.id, stepsKey: planKey(steps), steps }
    }),
    now,
  )
  const starters = fresh.flatMap((m) => {
    const planId = plans.get(m.homeUnitId)
    return planId ? [{ memberId: m.id, planId, enteredOn: m.enteredOn! }] : []
  })
  let pipelines = 0
  for (let start = 0; start < starters.length; start += BATCH)
    pipelines += await repo.insertPipelines(tx, starters.slice(start, start + BATCH), now)
  if (pipelines > 0)
    await recordAudit(
      tx,
      actor,
      {
        action: 'onboarding.pipelines_started',
        object: { type: 'onboarding_pipeline' },
        data: { pipelines },
      },
      opts.requestId,
    )
  return pipelines
}
