import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { defaultTemplate } from '../default-template.js'
import type { ClauseInput, TemplateInput } from '../input.js'
import { authorize } from '../policy.js'
import * as repo from '../repo.js'
import { paramsOf } from './shared.js'

function authorizeTemplates(actor: Actor) {
  authorize(actor, 'template.manage', {})
}

/**
 * Creates the default template (the clauses of the Steinfurt–Seenplatte agreement in our own
 * words) unless a default exists, and returns the default. Independent of the migrations, so the
 * demo seed and the federal office both call it; it writes no audit row itself.
 */
export async function ensureDefaultTemplate(db: DbOrTx, now: Date) {
  const existing = await repo.findDefaultTemplate(db)
  if (existing) return { template: existing, created: false }
  const template = await repo.insertTemplate(db, {
    name: defaultTemplate.name,
    description: defaultTemplate.description,
    isDefault: true,
    createdAt: now,
    updatedAt: now,
  })
  let position = 0
  for (const clause of defaultTemplate.clauses)
    await repo.insertTemplateClause(db, { templateId: template.id, position: ++position, ...clause })
  return { template, created: true }
}

/** The federal office creates the default template when there is none; a second call changes nothing. */
export async function createDefaultTemplate(deps: AppDeps, actor: Actor) {
  authorizeTemplates(actor)
  return deps.database.db.transaction(async (tx) => {
    const { template, created } = await ensureDefaultTemplate(tx, deps.now())
    if (created)
      await recordAudit(tx, actor, {
        action: 'agreement_template.default_created',
        object: { type: 'agreement_template', id: template.id },
      })
    return template
  })
}

export async function listAgreementTemplates(deps: AppDeps, actor: Actor) {
  authorizeTemplates(actor)
  return repo.listTemplates(deps.database.db)
}

/** A template with its clauses in order; only the federal office manages them. */
export async function viewTemplate(deps: AppDeps, actor: Actor, id: string) {
  authorizeTemplates(actor)
  const db = deps.database.db
  const template = await repo.findTemplate(db, id)
  if (!template) throw new NotFoundError()
  return { template, clauses: await repo.listTemplateClauses(db, id) }
}

export async function createTemplate(deps: AppDeps, actor: Actor, input: TemplateInput) {
  authorizeTemplates(actor)
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const template = await repo.insertTemplate(tx, {
      name: input.name,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
    })
    await recordAudit(tx, actor, {
      action: 'agreement_template.created',
      object: { type: 'agreement_template', id: template.id },
      data: { name: input.name },
    })
    return template
  })
}

export async function renameTemplate(deps: AppDeps, actor: Actor, id: string, input: TemplateInput) {
  authorizeTemplates(actor)
  return deps.database.db.transaction(async (tx) => {
    const updated = await repo.updateTemplate(tx, id, {
      name: input.name,
      description: input.description ?? null,
      updatedAt: deps.now(),
    })
    if (!updated) throw new NotFoundError()
    await recordAudit(tx, actor, {
      action: 'agreement_template.renamed',
      object: { type: 'agreement_template', id },
      data: { name: input.name },
    })
    return updated
  })
}

export async function addTemplateClause(deps: AppDeps, actor: Actor, id: string, input: ClauseInput) {
  authorizeTemplates(actor)
  return deps.database.db.transaction(async (tx) => {
    if (!(await repo.findTemplate(tx, id))) throw new NotFoundError()
    const clause = await repo.insertTemplateClause(tx, {
      templateId: id,
      type: input.type,
      title: input.title,
      body: input.body,
      params: paramsOf(input),
    })
    await repo.updateTemplate(tx, id, { updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'agreement_template.clause_added',
      object: { type: 'agreement_template', id },
      data: { clauseId: clause.id, type: input.type },
    })
    return clause
  })
}

export async function editTemplateClause(
  deps: AppDeps,
  actor: Actor,
  id: string,
  clauseId: string,
  input: ClauseInput,
) {
  authorizeTemplates(actor)
  return deps.database.db.transaction(async (tx) => {
    const updated = await repo.updateTemplateClause(tx, id, clauseId, {
      type: input.type,
      title: input.title,
      body: input.body,
      params: paramsOf(input),
    })
    if (!updated) throw new NotFoundError()
    await repo.updateTemplate(tx, id, { updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'agreement_template.clause_edited',
      object: { type: 'agreement_template', id },
      data: { clauseId },
    })
    return updated
  })
}

/** Swaps a clause with its neighbour above or below; at the edge nothing moves. */
export async function moveTemplateClause(
  deps: AppDeps,
  actor: Actor,
  id: string,
  clauseId: string,
  direction: 'up' | 'down',
) {
  authorizeTemplates(actor)
  return deps.database.db.transaction(async (tx) => {
    const clauses = await repo.listTemplateClauses(tx, id)
    const index = clauses.findIndex((c) => c.id === clauseId)
    if (index < 0) throw new NotFoundError()
    const other = clauses[direction === 'up' ? index - 1 : index + 1]
    const clause = clauses[index]!
    if (!other) return
    await repo.updateTemplateClause(tx, id, clause.id, { position: other.position })
    await repo.updateTemplateClause(tx, id, other.id, { position: clause.position })
    await recordAudit(tx, actor, {
      action: 'agreement_template.clause_moved',
      object: { type: 'agreement_template', id },
      data: { clauseId, direction },
    })
  })
}

export async function removeTemplateClause(deps: AppDeps, actor: Actor, id: string, clauseId: string) {
  authorizeTemplates(actor)
  return deps.database.db.transaction(async (tx) => {
    const removed = await repo.deleteTemplateClause(tx, id, clauseId)
    if (!removed) throw new NotFoundError()
    await recordAudit(tx, actor, {
      action: 'agreement_template.clause_removed',
      object: { type: 'agreement_template', id },
      data: { clauseId, title: removed.title },
    })
  })
}
