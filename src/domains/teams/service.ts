import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import { memberIdOf } from '../../platform/auth/policy.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps } from '../../platform/deps.js'
import { BadRequestError, ConflictError, NotFoundError } from '../../platform/errors.js'
import { getUnit, insertUnit } from '../org-units/index.js'
import type { CreateTeamInput } from './input.js'
import { abilities, authorize, authorizeActor, can, type TeamSubject } from './policy.js'
import * as repo from './repo.js'
import type { TeamRole } from './tables.js'

type Deps = Pick<AppDeps, 'database' | 'now'>
type Meta = { requestId?: string }

/** The actor with the path of the unit their membership belongs to, read when the session did not carry it. */
async function withMemberPath(db: DbOrTx, actor: Actor | undefined): Promise<Actor | undefined> {
  if (!actor?.memberId || actor.memberUnitPath !== undefined) return actor
  return { ...actor, memberUnitPath: await repo.memberUnitPath(db, actor.memberId) }
}

/** The team and what the rules need about it; 404 when there is none or the actor may not see it. */
async function loadTeam(db: DbOrTx, rawActor: Actor | undefined, id: string) {
  const team = await repo.findTeam(db, id)
  if (!team?.hostId) throw new NotFoundError()
  const host = await getUnit(db, team.hostId)
  const actor = await withMemberPath(db, rawActor)
  const mine = actor?.memberId ? await repo.findCurrentMembership(db, team.id, actor.memberId) : undefined
  const subject: TeamSubject = {
    host,
    visibility: team.visibility,
    endedAt: team.endedAt,
    mine: mine ?? null,
  }
  if (!can(actor, 'team.view', subject)) throw new NotFoundError()
  return { team, host, actor, mine, subject }
}

/**
 * A team as the domains that act for it (its events, help requests, project calls) need it: the team with its
 * host and active leads, for an actor who may see it. 404 when there is none or the actor may not see it, so
 * those domains refuse (403) only those who see the team; the team page answers by the same rule.
 */
export async function findVisibleTeam(
  db: DbOrTx,
  actor: Actor | undefined,
  id: string,
): Promise<repo.TeamWithLeads> {
  await loadTeam(db, actor, id)
  const team = (await repo.listTeamsWithLeads(db, [id])).get(id)
  if (!team) throw new NotFoundError()
  return team
}

/**
 * A board creates a team or working group on its unit (a KV's AG, a state's campaign team): a unit of kind
 * `team` below it, open to join or by application. The creator, when a member, leads it.
 * ForbiddenError unless the actor holds the board role on the unit or above.
 */
export async function createTeam(
  deps: Deps,
  actor: Actor | undefined,
  hostId: string,
  input: CreateTeamInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const host = await getUnit(tx, hostId)
    if (host.kind === 'team') throw new NotFoundError()
    const by = authorizeActor(actor, 'team.create', host)
    const now = deps.now()
    const unit = await insertUnit(tx, { kind: 'team', name: input.name, parentId: host.id, createdAt: now })
    await repo.insertTeam(tx, {
      unitId: unit.id,
      purpose: input.purpose,
      joinPolicy: input.joinPolicy,
      visibility: input.visibility,
      createdById: by.userId,
      createdAt: now,
    })
    if (by.memberId) {
      await repo.insertMembership(tx, {
        teamId: unit.id,
        memberId: by.memberId,
        role: 'lead',
        status: 'active',
        appliedAt: now,
        joinedAt: now,
        decidedById: by.userId,
      })
    }
    await recordAudit(
      tx,
      by,
      {
        action: 'team.created',
        unit: host,
        object: { type: 'team', id: unit.id },
        data: { joinPolicy: input.joinPolicy, visibility: input.visibility },
      },
      meta.requestId,
    )
    return unit
  })
}

/** A unit's page for creating a team: 404 for a team, 403 for anyone but its board. */
export async function prepareTeamCreation(deps: Deps, actor: Actor | undefined, hostId: string) {
  const host = await getUnit(deps.database.db, hostId)
  if (host.kind === 'team') throw new NotFoundError()
  authorize(actor, 'team.create', host)
  return host
}

/** The team page: purpose, leads and members (applications for those who decide on them), what the actor may do. */
export async function viewTeam(deps: Deps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const { team, host, actor: a, mine, subject } = await loadTeam(db, actor, id)
  const can = abilities(a, subject)
  const people = await repo.listCurrentMembers(db, team.id)
  return {
    team,
    host,
    mine: mine ?? null,
    can,
    members: people.filter((p) => p.status === 'active'),
    applications: can.seeApplications ? people.filter((p) => p.status === 'applied') : [],
  }
}

/**
 * A member joins an open team, or asks to join one by application. ForbiddenError for a member outside the
 * host's territory who can see the team anyway, ConflictError when already in it or asking.
 */
export async function joinTeam(deps: Deps, actor: Actor | undefined, id: string, meta: Meta = {}) {
  return deps.database.db.transaction(async (tx) => {
    const { team, host, actor: a, subject } = await loadTeam(tx, actor, id)
    if (subject.mine && !can(a, 'team.join', subject)) throw new ConflictError('teams.errors.alreadyIn')
    authorize(a, 'team.join', subject)
    const now = deps.now()
    const open = team.joinPolicy === 'open'
    const row = await repo.insertMembership(tx, {
      teamId: team.id,
      memberId: memberIdOf(a, 'team.join'),
      role: 'member',
      status: open ? 'active' : 'applied',
      appliedAt: now,
      joinedAt: open ? now : null,
    })
    if (!row) throw new ConflictError('teams.errors.alreadyIn')
    await recordAudit(
      tx,
      a,
      {
        action: open ? 'team.joined' : 'team.applied',
        unit: host,
        object: { type: 'team_member', id: row.id },
        data: { teamId: team.id },
      },
      meta.requestId,
    )
    return row
  })
}

/** A member leaves a team, or withdraws the application. Their earlier membership stays as history. */
export async function leaveTeam(deps: Deps, actor: Actor | undefined, id: string, meta: Meta = {}) {
  return deps.database.db.transaction(async (tx) => {
    const { team, host, actor: a, mine, subject } = await loadTeam(tx, actor, id)
    if (!mine || !can(a, 'team.leave', subject)) throw new ConflictError('teams.errors.notIn')
    const row = await repo.updateMembership(tx, mine.id, mine.status, { status: 'left', leftAt: deps.now() })
    if (!row) throw new ConflictError('teams.errors.notIn')
    await recordAudit(
      tx,
      a,
      {
        action: 'team.left',
        unit: host,
        object: { type: 'team_member', id: row.id },
        data: { teamId: team.id },
      },
      meta.requestId,
    )
    return row
  })
}

/** A lead (or the board hosting the team) accepts or declines an application. */
export async function decideApplication(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  membershipId: string,
  accept: boolean,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { team, host, actor: loadedActor, subject } = await loadTeam(tx, actor, id)
    const a = authorizeActor(loadedActor, 'team.lead', subject)
    const application = await repo.findMembership(tx, membershipId)
    if (!application || application.teamId !== team.id) throw new NotFoundError()
    const now = deps.now()
    const row = await repo.updateMembership(tx, application.id, 'applied', {
      status: accept ? 'active' : 'declined',
      joinedAt: accept ? now : null,
      decidedById: a.userId,
    })
    if (!row) throw new ConflictError('teams.errors.alreadyDecided')
    await recordAudit(
      tx,
      a,
      {
        action: accept ? 'team.application_accepted' : 'team.application_declined',
        unit: host,
        object: { type: 'team_member', id: row.id },
        data: { teamId: team.id },
      },
      meta.requestId,
    )
    return row
  })
}

/**
 * A lead (or the board hosting the team) makes an active member a lead, or a lead a plain member again.
 * 404 for a membership of another team or one that is not active; nothing changes when the role is already so.
 */
export async function setMemberRole(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  membershipId: string,
  role: TeamRole | undefined,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { team, host, actor: loadedActor, subject } = await loadTeam(tx, actor, id)
    const a = authorizeActor(loadedActor, 'team.appoint', subject)
    // The page's buttons send `lead` or `member`; anything else is a form made by hand.
    if (!role) throw new BadRequestError()
    const membership = await repo.findMembership(tx, membershipId)
    if (!membership || membership.teamId !== team.id || membership.status !== 'active')
      throw new NotFoundError()
    if (membership.role === role) return membership
    const row = await repo.updateMembership(tx, membership.id, 'active', { role })
    if (!row) throw new NotFoundError()
    await recordAudit(
      tx,
      a,
      {
        action: role === 'lead' ? 'team.lead_appointed' : 'team.lead_stepped_down',
        unit: host,
        object: { type: 'team_member', id: row.id },
        data: { teamId: team.id, memberId: row.memberId },
      },
      meta.requestId,
    )
    return row
  })
}

/** A lead or the board ends a team ("Übergang"): nobody joins any more, its members and history stay. */
export async function endTeam(deps: Deps, actor: Actor | undefined, id: string, meta: Meta = {}) {
  return deps.database.db.transaction(async (tx) => {
    const { team, host, actor: loadedActor, subject } = await loadTeam(tx, actor, id)
    const a = authorizeActor(loadedActor, 'team.lead', subject)
    const row = await repo.endTeamRow(tx, team.id, a.userId, deps.now())
    if (!row) throw new ConflictError('teams.errors.ended')
    await recordAudit(
      tx,
      a,
      { action: 'team.ended', unit: host, object: { type: 'team', id: team.id } },
      meta.requestId,
    )
    return row
  })
}

/** The teams a unit hosts, for its page: shown to those who may see them, with the board's link to create one. */
export async function unitTeamsSection(
  deps: Deps,
  actor: Actor | undefined,
  unit: { id: string; path: string; kind: string },
) {
  if (unit.kind === 'team' || !actor) return null
  const db = deps.database.db
  const a = await withMemberPath(db, actor)
  const canCreate = can(a, 'team.create', unit)
  // Each team as its rules say: a member of another KV finds here the teams open to the whole party.
  const teams = (await repo.listTeamsOfHost(db, unit.id)).filter((team) =>
    can(a, 'team.view', { host: unit, visibility: team.visibility, endedAt: team.endedAt, mine: null }),
  )
  if (teams.length === 0 && !canCreate) return null
  return { teams, canCreate }
}
