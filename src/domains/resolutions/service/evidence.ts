import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { opens } from '../../../platform/errors.js'
import { agreementOpensFor } from '../../agreements/index.js'
import { viewEvent } from '../../events/index.js'
import { viewHelpRequest } from '../../help/index.js'
import { reportOpensFor } from '../../reports/index.js'
import { projectOpensFor } from '../../volunteers/index.js'
import { type EvidenceKind, evidenceTarget, type PlatformEvidenceKind } from '../evidence.js'

type Opens = (deps: AppDeps, actor: Actor | undefined, id: string) => Promise<boolean>

/** Whether a reader may open the page of each kind of platform object: that page's own rule. */
const openers: Record<PlatformEvidenceKind, Opens> = {
  event: (deps, actor, id) => opens(() => viewEvent(deps, actor, id)),
  help_request: (deps, actor, id) => opens(() => viewHelpRequest(deps, actor, id)),
  project: projectOpensFor,
  report: reportOpensFor,
  agreement: agreementOpensFor,
}

/**
 * The notes whose evidence this reader may follow, by id. A document elsewhere (https) is shown to whoever reads
 * the measure; a page of the platform only when that page would let this reader in. Anything else (a link that
 * names nothing, an object gone, a kind without a rule) is not shown as a link: deny by default.
 */
export async function evidenceShownTo(
  deps: AppDeps,
  actor: Actor | undefined,
  notes: readonly { id: string; evidenceKind: EvidenceKind | null; evidenceUrl: string | null }[],
): Promise<Set<string>> {
  const shown = new Set<string>()
  for (const n of notes) {
    if (!n.evidenceKind || !n.evidenceUrl) continue
    const target = evidenceTarget(n.evidenceKind, n.evidenceUrl)
    if (!target) continue
    if (target.kind === 'document') shown.add(n.id)
    else if (Object.hasOwn(openers, target.kind) && (await openers[target.kind](deps, actor, target.id)))
      shown.add(n.id)
  }
  return shown
}
