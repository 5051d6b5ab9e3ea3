import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { openStatuses } from '../../partnerships/index.js'
import { templatesFor } from '../../playbook/index.js'
import { can } from '../policy.js'
import * as repo from '../repo.js'

/**
 * "Use this" on an agreement template of the Wissenswerk: the template (only one the actor may read) and the
 * open partnerships whose agreement the actor may start or edit (a board of one side), each with where it
 * leads: its agreement, or starting one.
 */
export async function agreementTemplateChoice(deps: AppDeps, actor: Actor, templateId: string | undefined) {
  const template = await templatesFor(deps, actor, 'agreement', templateId)
  const boardUnitIds = actor.grants.filter((g) => g.role === 'board').map((g) => g.unitId)
  const rows = await repo.listPartnershipsOfUnits(deps.database.db, boardUnitIds, openStatuses)
  const targets = rows
    .filter((r) =>
      can(actor, 'agreement.edit', {
        agreement: { unitA: r.unitA, unitB: r.unitB, partnershipPublic: false, isPublished: false },
      }),
    )
    .map((r) => ({
      partnershipId: r.partnershipId,
      title: `${r.unitA.name} – ${r.unitB.name}`,
      agreementId: r.agreementId,
    }))
    .sort((a, b) => a.title.localeCompare(b.title, 'de'))
  return { used: template.used, templates: template.templates, targets }
}

/**
 * The text an agreement template of the Wissenswerk puts into the form for a new clause; nothing for a template
 * the actor may not read or one of another kind.
 */
export async function agreementTemplateClause(deps: AppDeps, actor: Actor | undefined, templateId: string) {
  const { used, values } = await templatesFor(deps, actor, 'agreement', templateId)
  if (!used || !values?.preamble) return undefined
  return { used, body: values.preamble }
}
