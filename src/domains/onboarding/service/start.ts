import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { addDays, todayOf } from '../days.js'
import * as repo from '../repo.js'
import { activeSteps, type StandardStep } from '../standard.js'
import { loadStandards } from './shared.js'

/**
 * Who counts as new: a member inserted with an entry date at most this many days back. An initial
 * import of a whole membership does not put people who joined years ago into anyone's queue.
 */
export const NEW_MEMBER_DAYS = 90

/** Members per statement, as the member import writes them. */
const BATCH = 1000

/**
 * Starts the onboarding of newly inserted members, inside the caller's transaction: every member of
 * the list who is still a member, entered within NEW_MEMBER_DAYS (or on or after `since`) and has no
 * pipeline yet gets one with the steps of their KV's standard. Set-based: per batch of members one
 * query finds their KVs and one statement writes all pipelines and steps. Returns how many started.
 */
export async function startOnboarding(
  tx: DbOrTx,
  actor: Actor | undefined,
  memberIds: readonly string[],
  now: Date,
  opts: { since?: string; requestId?: string } = {},
) {
  const since = opts.since ?? addDays(todayOf(now), -NEW_MEMBER_DAYS)
  const standards = new Map<string, StandardStep[]>()
  let pipelines = 0
  let steps = 0
  for (let start = 0; start < memberIds.length; start += BATCH) {
    const batch = memberIds.slice(start, start + BATCH)
    const districts = await repo.listDistrictsOfNewMembers(tx, batch, since)
    if (districts.length === 0) continue
    const unknown = districts.filter((d) => !standards.has(d.id))
    for (const [id, list] of await loadStandards(tx, unknown)) standards.set(id, list)
    const templates = districts.flatMap((d) =>
      activeSteps(standards.get(d.id) ?? []).map((s, i) => ({
        unitId: d.id,
        position: i + 1,
        kind: s.kind,
        title: s.title,
        dueDays: s.dueDays,
        mandatory: s.mandatory,
      })),
    )
    const written = await repo.insertPipelines(tx, batch, templates, since, now)
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
