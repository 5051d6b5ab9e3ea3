import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError, opens } from '../../../platform/errors.js'
import type { OrgUnit } from '../../org-units/index.js'
import { findUnit } from '../../org-units/index.js'
import { findVisibleTeam, listTeamsWithLeads, type TeamWithLeads } from '../../teams/index.js'
import type { ProjectEditInput, ProjectInput } from '../input.js'
import { authorize, can, consentCovers } from '../policy.js'
import * as repo from '../repo.js'
import type { VolunteerProject } from '../tables.js'
import { withSkills } from './search.js'
import { actingUnit, actingUnits, placeOf } from './shared.js'

type ProjectRow = { project: VolunteerProject; unit: OrgUnit; team?: TeamWithLeads | null }

/** The rows with the team each call is of (null for a unit's own call), read at once for all of them. */
async function withTeams<R extends { project: VolunteerProject }>(db: DbOrTx, rows: readonly R[]) {
  const teams = await listTeamsWithLeads(
    db,
    rows.flatMap((r) => (r.project.teamId ? [r.project.teamId] : [])),
  )
  return rows.map((r) => ({ ...r, team: r.project.teamId ? (teams.get(r.project.teamId) ?? null) : null }))
}

/** A call with its unit and team; undefined when there is none. */
async function findProjectWithTeam(db: DbOrTx, id: string) {
  const row = await repo.findProject(db, id)
  return row ? (await withTeams(db, [row]))[0] : undefined
}

/**
 * Who sees a call: those who run it (the posting unit's coordinators, a team's active leads), members who
 * applied, and pool members whose current consent covers the posting unit (the same rule as the search: if
 * the unit may find you, you see its calls).
 */
async function projectAccess(db: DbOrTx, actor: Actor, row: ProjectRow, applied: boolean) {
  const manage = can(actor, 'project.manage', { unit: row.unit, team: row.team ?? null })
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

/**
 * The team a new call is to be of, and the unit hosting it (the call's unit): NotFoundError for no team or one
 * the actor may not see, ForbiddenError unless the actor leads it or speaks for the unit hosting it,
 * ConflictError once it has ended.
 */
async function teamForNewProject(db: DbOrTx, actor: Actor, teamId: string) {
  const team = await findVisibleTeam(db, actor, teamId)
  const unit = await findUnit(db, team.hostId)
  if (!unit) throw new NotFoundError()
  authorize(actor, 'project.post', { unit, team })
  if (team.ended) throw new ConflictError('volunteers.errors.teamEnded')
  return { team, unit }
}

/** The form for a team's new call: the team, the unit hosting it and the skills to choose from. */
export async function teamProjectOptions(deps: AppDeps, actor: Actor, teamId: string) {
  const db = deps.database.db
  const { team, unit } = await teamForNewProject(db, actor, teamId)
  return { team, unit, units: [unit], skills: await repo.listSkills(db) }
}

/**
 * Those who speak for a unit post a call in its name; with `teamId`, the call of a team the unit hosts,
 * posted by the team's active leads (or those who speak for the unit) for the unit. Who sees the call and
 * whose consent its matches follow stay the unit's.
 */
export async function postProject(
  deps: AppDeps,
  actor: Actor,
  input: ProjectInput,
  requestId?: string,
  opts: { teamId?: string } = {},
) {
  const skillIds = [...new Set(input.skillIds)]
  return deps.database.db.transaction(async (tx) => {
    const forTeam = opts.teamId ? await teamForNewProject(tx, actor, opts.teamId) : null
    const team = forTeam?.team ?? null
    const unit = forTeam ? forTeam.unit : await actingUnit(tx, actor, input.unitId)
    if (unit.id !== input.unitId) throw new FieldError('unitId', 'volunteers.errors.unit')
    authorize(actor, 'project.post', { unit, team })
    if ((await repo.countSkillsByIds(tx, skillIds)) !== skillIds.length)
      throw new FieldError('skillIds', 'volunteers.errors.skill')
    const project = await repo.insertProject(
      tx,
      {
        unitId: unit.id,
        teamId: team?.id ?? null,
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
      {
        action: 'volunteer.project.posted',
        object: { type: 'volunteer_project', id: project.id },
        unit,
        ...(team ? { data: { teamId: team.id } } : {}),
      },
      requestId,
    )
    return project
  })
}

/** The calls an actor may see: their units' own, and open ones their consent reaches. */
export async function listVisibleProjects(deps: AppDeps, actor: Actor) {
  const db = deps.database.db
  const rows = await withTeams(db, await repo.listProjects(db))
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
  const row = await findProjectWithTeam(db, id)
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
  // The matches are the unit's search within its members' consent: for those who speak for it, not a team's leads.
  const showMatches = access.manage && can(actor, 'project.matches', { unit: row.unit })
  const base = {
    ...row,
    team: row.team && { id: row.team.id, name: row.team.name, hostName: row.team.hostName },
    skills,
    manage: access.manage,
    showMatches,
    myApplication: mine?.application,
    canApply:
      !mine && can(actor, 'project.apply', { open: row.project.status === 'open', covered: access.covered }),
  }
  if (!access.manage) return { ...base, matches: [], applications: [] }
  return db.transaction(async (tx) => {
    const hits = showMatches
      ? await repo.listPoolMembersWithAnySkill(
          tx,
          await placeOf(tx, row.unit),
          skills.map((s) => s.id),
        )
      : []
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
    const row = await findProjectWithTeam(tx, id)
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

/**
 * A call the actor runs: 404 for one they may not see, 403 for one they see but do not run (a pool member, a
 * member of the team who does not lead it, a lead once the team has ended).
 */
async function managedProject(tx: DbOrTx, actor: Actor, id: string) {
  const { row } = await loadVisibleProject(tx, actor, id)
  authorize(actor, 'project.manage', { unit: row.unit, team: row.team ?? null })
  return row
}

/**
 * A call its edit page may change: one the actor may post (as a new call of its unit or team is authorized:
 * those who speak for the unit, a team's active leads while the team runs), while it is open. 404 for a call the
 * actor may not see, 403 for one they see but may not post, 409 once it is finished.
 */
async function editableProject(db: DbOrTx, actor: Actor, id: string) {
  const { row } = await loadVisibleProject(db, actor, id)
  authorize(actor, 'project.post', { unit: row.unit, team: row.team ?? null })
  if (row.project.status !== 'open') throw new ConflictError('volunteers.errors.finished')
  return row
}

/**
 * The edit page of a call: the call, its unit and team, the skills to choose from and those it asks for. A skill
 * retired since stays on the form, ticked and marked, so saving keeps it.
 */
export async function projectEditForm(deps: AppDeps, actor: Actor, id: string) {
  const db = deps.database.db
  const row = await editableProject(db, actor, id)
  const [offered, chosen] = await Promise.all([repo.listSkills(db), repo.listProjectSkills(db, [id])])
  const chosenSkills = chosen.get(id) ?? []
  const offeredIds = new Set(offered.map((s) => s.id))
  return {
    project: row.project,
    unit: row.unit,
    team: row.team && { id: row.team.id, name: row.team.name },
    skills: [
      ...offered.map((s) => ({ id: s.id, name: s.name, retired: false })),
      ...chosenSkills.filter((s) => !offeredIds.has(s.id)).map((s) => ({ ...s, retired: true })),
    ],
    skillIds: chosenSkills.map((s) => s.id),
  }
}

/**
 * Changes a call's title, description, skills, duration, hours and deadline, authorized as posting it is, in one
 * transaction with an audit row naming the fields that changed. A skill newly chosen must be one offered now; one
 * the call already asks for stays choosable after it was retired. Who sees the call stays the unit's.
 */
export async function editProject(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: ProjectEditInput,
  requestId?: string,
) {
  const skillIds = [...new Set(input.skillIds)]
  return deps.database.db.transaction(async (tx) => {
    const row = await editableProject(tx, actor, id)
    const before = (await repo.listProjectSkills(tx, [id])).get(id)?.map((s) => s.id) ?? []
    const added = skillIds.filter((s) => !before.includes(s))
    if ((await repo.countSkillsByIds(tx, added)) !== added.length)
      throw new FieldError('skillIds', 'volunteers.errors.skill')
    const values = {
      title: input.title,
      description: input.description,
      weeks: input.weeks,
      hours: input.hours,
      deadline: input.deadline,
    }
    const updated = await repo.updateProject(tx, id, values, skillIds)
    if (!updated) throw new ConflictError('volunteers.errors.finished')
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter(
      (k) => row.project[k] !== values[k],
    )
    const sameSkills = before.length === skillIds.length && before.every((s) => skillIds.includes(s))
    await recordAudit(
      tx,
      actor,
      {
        action: 'volunteer.project.edited',
        object: { type: 'volunteer_project', id },
        unit: row.unit,
        data: {
          changed: sameSkills ? changed : [...changed, 'skills'],
          ...(row.team ? { teamId: row.team.id } : {}),
        },
      },
      requestId,
    )
    return updated
  })
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
      {
        action: 'volunteer.project.finished',
        object: { type: 'volunteer_project', id },
        unit: row.unit,
        ...(row.team ? { data: { teamId: row.team.id } } : {}),
      },
      requestId,
    )
    return updated
  })
}

/**
 * The section on a team's page: the team's calls the actor may see (open ones to the pool members the unit's
 * consent reaches, every one to those who run it or applied), and whether the actor may post one for it.
 */
export async function teamProjectSection(deps: AppDeps, actor: Actor | undefined, teamId: string) {
  const db = deps.database.db
  const team = (await listTeamsWithLeads(db, [teamId])).get(teamId)
  if (!team || !actor) return null
  const unit = await findUnit(db, team.hostId)
  if (!unit) return null
  const applied = new Set(
    actor.memberId ? (await repo.listApplicationsOfMember(db, actor.memberId)).map((a) => a.project.id) : [],
  )
  const projects: ProjectRow[] = []
  for (const row of await withTeams(db, await repo.listProjects(db, { teamId }))) {
    if ((await projectAccess(db, actor, row, applied.has(row.project.id))).visible) projects.push(row)
  }
  const canPost = !team.ended && can(actor, 'project.post', { unit, team })
  return { projects: projects.map((r) => r.project), canPost }
}
