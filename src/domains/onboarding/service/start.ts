import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { addDays, todayOf } from '../days.js'
import * as repo from '../repo.js'
import { activeSteps } from '../standard.js'
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
 * one with the steps of their KV's standard. The members come as the insert returned them, so nothing
 * is read back; the standards of all their KVs take three queries, then one statement per batch writes
 * the pipelines and their steps. Returns how many started.
 */
export async function startOnboarding(
  tx: DbOrTx,
  actor: Actor | undefined,
  newMembers: readonly NewMember[],
  now: Date,
  opts: { since?: string; requestId?: string } = {},
) {
  const since = opts.since ?? addDays(todayOf(now), -NEW_MEMBER_DAYS)
  const starters = newMembers
    .filter((m) => m.leftOn === null && m.enteredOn !== null && m.enteredOn >= since)
    .map((m) => ({ memberId: m.id, kvId: m.homeUnitId, enteredOn: m.enteredOn! }))
  if (starters.length === 0) return 0
  const districts = (await repo.listUnitsByIds(tx, [...new Set(starters.map((s) => s.kvId))])).filter(
    (u) => u.kind === 'district',
  )
  const standards = await loadStandards(tx, districts)
  let pipelines = 0
  let steps = 0
  for (let start = 0; start < starters.length; start += BATCH) {
    const batch = starters.slice(start, start + BATCH)
    const kvs = new Set(batch.map((s) => s.kvId))
    const templates = districts
      .filter((d) => kvs.has(d.id))
      .flatMap((d) =>
        activeSteps(standards.get(d.id) ?? []).map((s, i) => ({
          unitId: d.id,
          position: i + 1,
          kind: s.kind,
          title: s.title,
          dueDays: s.dueDays,
          mandatory: s.mandatory,
        })),
      )
    const written = await repo.insertPipelines(tx, batch, templates, now)
    pipelines += written.pipelines
    steps += written.steps
  }
  if (pipelines > 0)
    await recordAudit(
      tx,
      actor,
      {
        action: 'onboarding.pipelines_started',
        object: { type: 'onboarding_pipeline' },
        data: { pipelines, steps },
      },
      opts.requestId,
    )
  return pipelines
}
