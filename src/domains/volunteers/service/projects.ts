import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError, opens } from '../../../platform/errors.js'
import type { OrgUnit } from '../../org-units/index.js'
import type { ProjectInput } from '../input.js'
import { authorize, can, consentCovers } from '../policy.js'
import * as repo from '../repo.js'
import type { VolunteerProject } from '../tables.js'
import { withSkills } from './search.js'
import { actingUnit, actingUnits, placeOf } from './shared.js'

type ProjectRow = { project: VolunteerProject; unit: OrgUnit }

/**
 * Who sees a call: the posting unit's coordinators, members who applied, and pool members whose current
 * consent covers the posting unit (the same rule as the search: if the unit may find you, you see its calls).
 */
async function projectAccess(db: DbOrTx, actor: Actor, row: ProjectRow, applied: boolean) {
  const manage = can(actor, 'project.manage', { unit: row.unit })
  let covered = false
  if (actor.memberId) {
    const member = await repo.findPoolMember(db, actor.memberId)
    covered = !!member && consentCovers(member, await placeOf(db, row.unit))
  }
  const visible = manage || applied || (covered && row.project.status === 'open')
  return { manage, covered, visible }
}

export async function newProjectOptions(deps: AppDeps, actor: Actor) {
  const db = deps.database.db
  const [units, skills] = await Promise.all([actingUnits(db, actor), repo.listSkills(db)])
  return { units, skills }
}

export async function postProject(deps: AppDeps, actor: Actor, input: ProjectInput, requestId?: string) {
  const skillIds = [...new Set(input.skillIds)]
  return deps.database.db.transaction(async (tx) => {
    const unit = await actingUnit(tx, actor, input.unitId)
    authorize(actor, 'project.post', { unit })
    if ((await repo.countSkillsByIds(tx, skillIds)) !== skillIds.length)
      throw new FieldError('skillIds', 'volunteers.errors.skill')
    const project = await repo.insertProject(
      tx,
      {
        unitId: unit.id,
        createdById: actor.userId,
        title: input.title,
        description: input.description,
        weeks: input.weeks,
        hours: input.hours,
        deadline: input.deadline,
        createdAt: deps.now(),
      },
      skillIds,
    )
    await recordAudit(
      tx,
      actor,
      { action: 'volunteer.project.posted', object: { type: 'volunteer_project', id: project.id }, unit },
      requestId,
    )
    return project
  })
}

/** The calls an actor may see: their units' own, and open ones their consent reaches. */
export async function listVisibleProjects(deps: AppDeps, actor: Actor) {
  const db = deps.database.db
  const rows = await repo.listProjects(db)
  const applied = new Set(
    actor.memberId ? (await repo.listApplicationsOfMember(db, actor.memberId)).map((a) => a.project.id) : [],
  )
  const visible: ProjectRow[] = []
  for (const row of rows) {
    if ((await projectAccess(db, actor, row, applied.has(row.project.id))).visible) visible.push(row)
  }
  const skills = await repo.listProjectSkills(
    db,
    visible.map((r) => r.project.id),
  )
  return visible.map((r) => ({ ...r, skills: skills.get(r.project.id) ?? [] }))
}

/**
 * A call's page. For the posting unit: the matching pool members (skill overlap within their consent,
 * shown like search results and audited like a search) and the applications. For a member: whether and
 * how they applied.
 */
/** A call with the actor's application and access; 404 for one the actor may not see. */
async function loadVisibleProject(db: DbOrTx, actor: Actor, id: string) {
  const row = await repo.findProject(db, id)
  if (!row) throw new NotFoundError()
  const mine = actor.memberId
    ? (await repo.listApplicationsOfMember(db, actor.memberId)).find((a) => a.project.id === id)
    : undefined
  const access = await projectAccess(db, actor, row, !!mine)
  if (!access.visible) throw new NotFoundError()
  return { row, mine, access }
}

/** Whether the actor may open the call's page (signed in, and as `viewProject` decides), without its matches. */
export async function projectOpensFor(deps: AppDeps, actor: Actor | undefined, id: string) {
  return !!actor && (await opens(() => loadVisibleProject(deps.database.db, actor, id)))
}

export async function viewProject(deps: AppDeps, actor: Actor, id: string, requestId?: string) {
  const db = deps.database.db
  const { row, mine, access } = await loadVisibleProject(db, actor, id)
  const skills = (await repo.listProjectSkills(db, [id])).get(id) ?? []
  const base = {
    ...row,
    skills,
    manage: access.manage,
    myApplication: mine?.application,
    canApply:
      !mine && can(actor, 'project.apply', { open: row.project.status === 'open', covered: access.covered }),
  }
  if (!access.manage) return { ...base, matches: [], applications: [] }
  return db.transaction(async (tx) => {
    const place = await placeOf(tx, row.unit)
    const hits = await repo.listPoolMembersWithAnySkill(
      tx,
      place,
      skills.map((s) => s.id),
    )
    const applications = []
    for (const a of await repo.listApplications(tx, id)) {
      const contact =
        a.application.status === 'accepted' ? await repo.findContact(tx, a.application.memberId) : undefined
      applications.push({ ...a, contact })
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'volunteer.project.viewed',
        object: { type: 'volunteer_project', id },
        unit: row.unit,
        data: {
          matchCount: hits.length,
          contactsShown: applications.filter((a) => a.contact).map((a) => a.application.id),
        },
      },
      requestId,
    )
    return { ...base, matches: await withSkills(tx, hits), applications }
  })
}

export async function applyToProject(
  deps: AppDeps,
  actor: Actor,
  id: string,
  message: string | undefined,
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.findProject(tx, id)
    if (!row || !actor.memberId) throw new NotFoundError()
    const access = await projectAccess(tx, actor, row, false)
    if (!access.visible) throw new NotFoundError()
    authorize(actor, 'project.apply', { open: row.project.status === 'open', covered: access.covered })
    const application = await repo.insertApplication(tx, {
      projectId: id,
      memberId: actor.memberId,
      message: message ?? null,
      createdAt: deps.now(),
    })
    if (!application) throw new ConflictError('volunteers.errors.alreadyApplied')
    await recordAudit(
      tx,
      actor,
      {
        action: 'volunteer.project.applied',
        object: { type: 'volunteer_application', id: application.id },
        unit: row.unit,
        data: { projectId: id },
      },
      requestId,
    )
    return application
  })
}

async function managedProject(tx: DbOrTx, actor: Actor, id: string) {
  const row = await repo.findProject(tx, id)
  if (!row) throw new NotFoundError()
  if (!can(actor, 'project.manage', { unit: row.unit })) throw new NotFoundError()
  return row
}

export async function decideApplication(
  deps: AppDeps,
  actor: Actor,
  projectId: string,
  applicationId: string,
  decision: 'accept' | 'decline',
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const row = await managedProject(tx, actor, projectId)
    const application = await repo.findApplication(tx, applicationId)
    if (!application || application.projectId !== projectId) throw new NotFoundError()
    const status = decision === 'accept' ? 'accepted' : 'declined'
    const updated = await repo.decideApplication(tx, applicationId, status, deps.now())
    if (!updated) throw new ConflictError('volunteers.errors.answered')
    await recordAudit(
      tx,
      actor,
      {
        action: `volunteer.application.${status}`,
        object: { type: 'volunteer_application', id: applicationId },
        unit: row.unit,
        data: { projectId },
      },
      requestId,
    )
    return updated
  })
}

export async function finishVolunteerProject(deps: AppDeps, actor: Actor, id: string, requestId?: string) {
  return deps.database.db.transaction(async (tx) => {
    const row = await managedProject(tx, actor, id)
    const updated = await repo.finishProject(tx, id, deps.now())
    if (!updated) throw new ConflictError('volunteers.errors.finished')
    await recordAudit(
      tx,
      actor,
      { action: 'volunteer.project.finished', object: { type: 'volunteer_project', id }, unit: row.unit },
      requestId,
    )
    return updated
  })
}
