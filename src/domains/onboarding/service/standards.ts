import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError } from '../../../platform/errors.js'
import { translator } from '../../../platform/i18n/index.js'
import { findUnit, type OrgUnit } from '../../org-units/index.js'
import { templatesFor } from '../../playbook/index.js'
import type { StepInput, WelcomeTextInput } from '../input.js'
import { authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import { defaultStandard, effectiveStandard, kindIsFree } from '../standard.js'
import { stepKinds } from '../tables.js'
import { welcomePlaceholders } from '../welcome-text.js'
import { loadStandards, reachableDistricts, stateIdOf } from './shared.js'

/** A state's or KV's standard the actor may edit; for anyone else (and any other unit) it does not exist. */
async function editableUnit(db: DbOrTx, actor: Actor, unitId: string) {
  const unit = await findUnit(db, unitId)
  if (!unit || !can(actor, 'standard.edit', { unit })) throw new NotFoundError()
  return unit
}

async function standardOf(db: DbOrTx, unit: OrgUnit) {
  if (unit.kind === 'district') {
    const steps = (await loadStandards(db, [unit])).get(unit.id) ?? []
    const stateSteps = await repo.listStepsOfUnits(db, [stateIdOf(unit.path) ?? unit.id])
    return { steps, usesDefault: stateSteps.length === 0 }
  }
  const rows = await repo.listStepsOfUnits(db, [unit.id])
  return {
    steps: effectiveStandard({ state: rows, district: [], optOuts: new Set() }),
    usesDefault: rows.length === 0,
  }
}

/**
 * The standard page of a state (its steps, or the default it follows) or of a KV (the state's steps it
 * follows or left out, its own steps, its welcome text with the placeholders it may use).
 */
export async function viewStandard(
  deps: AppDeps,
  config: Pick<Settings, 'i18n'>,
  actor: Actor,
  unitId: string,
) {
  const db = deps.database.db
  const unit = await editableUnit(db, actor, unitId)
  const { steps, usesDefault } = await standardOf(db, unit)
  const t = translator(config.i18n.defaultLocale, config.i18n.genderMark)
  const welcome =
    unit.kind === 'district'
      ? ((await repo.listWelcomeTexts(db, [unit.id]))[0] ?? {
          subject: t('onboarding.welcome.defaultSubject'),
          body: t('onboarding.welcome.defaultBody'),
          updatedAt: null,
        })
      : undefined
  const state = unit.kind === 'district' && unit.parentId ? await findUnit(db, unit.parentId) : undefined
  return {
    unit,
    state,
    steps,
    usesDefault,
    freeKinds: stepKinds.filter((k) => kindIsFree(k, steps)),
    welcome,
    placeholders: welcomePlaceholders,
    canViewQueue: can(actor, 'queue.view', { kv: unit }),
  }
}

/** Adds a step to a state's standard (which must have been adopted) or to a KV's own steps. */
export async function addStandardStep(
  deps: AppDeps,
  actor: Actor,
  unitId: string,
  input: StepInput,
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await editableUnit(tx, actor, unitId)
    await repo.lockStandard(tx, unit.id)
    const { steps, usesDefault } = await standardOf(tx, unit)
    if (unit.kind === 'state' && usesDefault) throw new ConflictError('onboarding.errors.adoptFirst')
    if (!kindIsFree(input.kind, steps)) throw new FieldError('kind', 'onboarding.errors.kindTaken')
    const own = await repo.listStepsOfUnits(tx, [unit.id])
    const [step] = await repo.insertSteps(tx, [
      {
        unitId: unit.id,
        kind: input.kind,
        title: input.title ?? null,
        dueDays: input.dueDays,
        mandatory: unit.kind === 'state' && input.mandatory,
        position: Math.max(0, ...own.map((s) => s.position)) + 1,
        createdById: actor.userId,
        createdAt: deps.now(),
      },
    ])
    await recordAudit(
      tx,
      actor,
      {
        action: 'onboarding.standard_step_added',
        object: { type: 'onboarding_step', id: step!.id },
        unit,
        data: { kind: input.kind, dueDays: input.dueDays, mandatory: step!.mandatory },
      },
      requestId,
    )
    return step!
  })
}

/** The state office takes the default standard over as its own, to change it from then on. */
export async function adoptDefaultStandard(deps: AppDeps, actor: Actor, unitId: string, requestId?: string) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await editableUnit(tx, actor, unitId)
    if (unit.kind !== 'state') throw new NotFoundError()
    await repo.lockStandard(tx, unit.id)
    if ((await repo.listStepsOfUnits(tx, [unit.id])).length > 0)
      throw new ConflictError('onboarding.errors.adopted')
    const now = deps.now()
    const rows = await repo.insertSteps(
      tx,
      defaultStandard.map((s) => ({ ...s, unitId: unit.id, createdById: actor.userId, createdAt: now })),
    )
    await recordAudit(
      tx,
      actor,
      {
        action: 'onboarding.standard_adopted',
        object: { type: 'org_unit', id: unit.id },
        unit,
        data: { steps: rows.length },
      },
      requestId,
    )
    return rows
  })
}

/**
 * Removes a unit's own step; a KV leaves an optional step of its state out, or takes it back. A
 * mandatory step of the state cannot be left out (403). Running pipelines keep the steps they started with.
 */
export async function changeStandardStep(
  deps: AppDeps,
  actor: Actor,
  unitId: string,
  stepId: string,
  action: 'remove' | 'drop' | 'restore',
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await editableUnit(tx, actor, unitId)
    await repo.lockStandard(tx, unit.id)
    const step = await repo.findStep(tx, stepId)
    if (!step) throw new NotFoundError()
    const ownStep = step.unitId === unit.id
    const stateStep = unit.kind === 'district' && step.unitId === unit.parentId
    if (action === 'remove' ? !ownStep : !stateStep) throw new NotFoundError()
    if (action === 'drop') authorize(actor, 'standard.drop', { step })
    let changed = true
    if (action === 'remove') await repo.deleteStep(tx, step.id)
    else if (action === 'drop')
      changed = await repo.insertOptOut(tx, {
        districtId: unit.id,
        stepId: step.id,
        createdById: actor.userId,
        createdAt: deps.now(),
      })
    else changed = await repo.deleteOptOut(tx, unit.id, step.id)
    if (changed)
      await recordAudit(
        tx,
        actor,
        {
          action: `onboarding.standard_step_${action === 'remove' ? 'removed' : action === 'drop' ? 'dropped' : 'restored'}`,
          object: { type: 'onboarding_step', id: step.id },
          unit,
          data: { kind: step.kind },
        },
        requestId,
      )
    return changed
  })
}

/** A KV's welcome e-mail. Unknown placeholders never get this far: the form refuses them. */
export async function saveWelcomeText(
  deps: AppDeps,
  actor: Actor,
  unitId: string,
  input: WelcomeTextInput,
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await editableUnit(tx, actor, unitId)
    if (unit.kind !== 'district') throw new NotFoundError()
    await repo.upsertWelcomeText(tx, {
      unitId: unit.id,
      subject: input.subject,
      body: input.body,
      updatedById: actor.userId,
      updatedAt: deps.now(),
    })
    await recordAudit(
      tx,
      actor,
      { action: 'onboarding.welcome_text_saved', object: { type: 'org_unit', id: unit.id }, unit },
      requestId,
    )
  })
}

/**
 * "Use this" on a welcome-mail template of the Wissenswerk: the template (only one the actor may read) and the
 * KVs whose welcome e-mail the actor may write.
 */
export async function welcomeTemplateChoice(deps: AppDeps, actor: Actor, templateId: string | undefined) {
  const db = deps.database.db
  const template = await templatesFor(deps, actor, 'welcome_mail', templateId)
  const units = (await reachableDistricts(db, actor))
    .filter((d) => can(actor, 'standard.edit', { unit: d }))
    .map((d) => ({ id: d.id, name: d.name }))
  return { used: template.used, templates: template.templates, units }
}

/** The subject and text a welcome-mail template of the Wissenswerk puts into the form, if the actor may read it. */
export async function welcomeTemplateText(deps: AppDeps, actor: Actor, templateId: string) {
  const { used, values } = await templatesFor(deps, actor, 'welcome_mail', templateId)
  if (!used || !values) return undefined
  return { used, values: { subject: values.subject ?? '', body: values.body ?? '' } }
}
