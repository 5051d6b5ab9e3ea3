import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import type { SkillInput, SkillNameInput } from '../input.js'
import { authorize } from '../policy.js'
import * as repo from '../repo.js'

function requireManager(actor: Actor) {
  authorize(actor, 'skill.manage', {})
}

/** The admin's list of skills: every one, retired ones last, with how many profiles and calls name it. */
export async function listSkillsForAdmin(deps: AppDeps, actor: Actor) {
  requireManager(actor)
  return repo.listSkillsWithUse(deps.database.db)
}

/**
 * The federal office or an admin adds a skill to the list the pool offers. A name the list has already
 * (in any case, retired ones too) is a field error: restore that one instead.
 */
export async function addSkill(deps: AppDeps, actor: Actor, input: SkillInput) {
  requireManager(actor)
  return deps.database.db.transaction(async (tx) => {
    if (await repo.findSkillByName(tx, input.name))
      throw new FieldError('name', 'volunteers.errors.skillExists')
    // A concurrent add of the same name meets the unique index and inserts nothing.
    const skill = await repo.insertSkill(tx, {
      name: input.name,
      takesDetail: input.takesDetail,
      createdById: actor.userId,
    })
    if (!skill) throw new FieldError('name', 'volunteers.errors.skillExists')
    await recordAudit(tx, actor, {
      action: 'volunteer.skill.added',
      object: { type: 'skill', id: skill.id },
      data: { name: skill.name },
    })
    return skill
  })
}

/** Renames a skill; every profile and call that names it shows the new name at once (they refer to its id). */
export async function renameSkill(deps: AppDeps, actor: Actor, id: string, input: SkillNameInput) {
  requireManager(actor)
  return deps.database.db.transaction(async (tx) => {
    const skill = await repo.findSkill(tx, id)
    if (!skill) throw new NotFoundError()
    const same = await repo.findSkillByName(tx, input.name)
    if (same && same.id !== id) throw new FieldError('name', 'volunteers.errors.skillExists')
    if (skill.name === input.name) return skill
    const renamed = await repo.updateSkill(tx, id, { name: input.name })
    await recordAudit(tx, actor, {
      action: 'volunteer.skill.renamed',
      object: { type: 'skill', id },
      data: { from: skill.name, to: renamed.name },
    })
    return renamed
  })
}

/**
 * Retires a skill (or brings it back): it is offered no more for profiles, searches and calls, while the
 * members and calls that chose it keep it, so nothing they said is lost and it can be restored.
 */
export async function setSkillRetired(deps: AppDeps, actor: Actor, id: string, retired: boolean) {
  requireManager(actor)
  return deps.database.db.transaction(async (tx) => {
    const skill = await repo.findSkill(tx, id)
    if (!skill) throw new NotFoundError()
    if ((skill.retiredAt !== null) === retired) return skill
    const updated = await repo.updateSkill(tx, id, { retiredAt: retired ? deps.now() : null })
    await recordAudit(tx, actor, {
      action: retired ? 'volunteer.skill.retired' : 'volunteer.skill.restored',
      object: { type: 'skill', id },
      data: { name: skill.name },
    })
    return updated
  })
}
