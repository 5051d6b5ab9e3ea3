import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '../../platform/db/types.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { type MembershipStatus, teamMembers, teams } from './tables.js'

export async function insertTeam(db: DbOrTx, values: typeof teams.$inferInsert) {
  await db.insert(teams).values(values)
}

/** A team with its unit (name, path) and the unit hosting it. */
export async function findTeam(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      path: orgUnits.path,
      hostId: orgUnits.parentId,
      purpose: teams.purpose,
      joinPolicy: teams.joinPolicy,
      visibility: teams.visibility,
      createdAt: teams.createdAt,
      endedAt: teams.endedAt,
    })
    .from(teams)
    .innerJoin(orgUnits, eq(orgUnits.id, teams.unitId))
    .where(eq(teams.unitId, id))
  return row
}

/** The teams a unit hosts, running ones first. */
export async function listTeamsOfHost(db: DbOrTx, hostId: string) {
  return db
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      purpose: teams.purpose,
      joinPolicy: teams.joinPolicy,
      visibility: teams.visibility,
      endedAt: teams.endedAt,
    })
    .from(teams)
    .innerJoin(orgUnits, eq(orgUnits.id, teams.unitId))
    .where(eq(orgUnits.parentId, hostId))
    .orderBy(asc(teams.endedAt), asc(orgUnits.name))
}

/** The member's current membership (asked or active), if any. */
export async function findCurrentMembership(db: DbOrTx, teamId: string, memberId: string) {
  const [row] = await db
    .select()
    .from(teamMembers)
    .where(
      and(
        eq(teamMembers.teamId, teamId),
        eq(teamMembers.memberId, memberId),
        inArray(teamMembers.status, ['applied', 'active']),
      ),
    )
  return row
}

export async function findMembership(db: DbOrTx, id: string) {
  const [row] = await db.select().from(teamMembers).where(eq(teamMembers.id, id))
  return row
}

export async function insertMembership(db: DbOrTx, values: typeof teamMembers.$inferInsert) {
  const [row] = await db.insert(teamMembers).values(values).onConflictDoNothing().returning()
  return row
}

/** Moves a membership on from the status it is in; nothing when another request moved it first. */
export async function updateMembership(
  db: DbOrTx,
  id: string,
  from: MembershipStatus,
  values: Partial<typeof teamMembers.$inferInsert>,
) {
  const [row] = await db
    .update(teamMembers)
    .set(values)
    .where(and(eq(teamMembers.id, id), eq(teamMembers.status, from)))
    .returning()
  return row
}

/** The people in a team now, and those asking to join. */
export async function listCurrentMembers(db: DbOrTx, teamId: string) {
  return db
    .select({
      id: teamMembers.id,
      role: teamMembers.role,
      status: teamMembers.status,
      appliedAt: teamMembers.appliedAt,
      firstName: members.firstName,
      lastName: members.lastName,
    })
    .from(teamMembers)
    .innerJoin(members, eq(members.id, teamMembers.memberId))
    .where(and(eq(teamMembers.teamId, teamId), inArray(teamMembers.status, ['applied', 'active'])))
    .orderBy(asc(teamMembers.role), asc(members.lastName), asc(members.firstName))
}

export async function endTeamRow(db: DbOrTx, id: string, endedById: string, now: Date) {
  const [row] = await db
    .update(teams)
    .set({ endedAt: now, endedById })
    .where(and(eq(teams.unitId, id), isNull(teams.endedAt)))
    .returning()
  return row
}

/** The path of the unit a member belongs to: the local group if any, else the home KV. */
export async function memberUnitPath(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({ path: orgUnits.path })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, sql`coalesce(${members.localUnitId}, ${members.homeUnitId})`))
    .where(and(eq(members.id, memberId), isNull(members.leftOn)))
  return row?.path ?? null
}

/** A team as other domains need it: name, the unit hosting it, whether it ended, who leads it now. */
export type TeamWithLeads = {
  id: string
  name: string
  hostId: string
  hostName: string
  hostPath: string
  ended: boolean
  leadMemberIds: readonly string[]
}

/**
 * The teams with their names, the units hosting them and the member ids of their active leads (none for a
 * team that has ended), by team id: what the events and help domains need to let a team's leads act.
 */
export async function listTeamsWithLeads(db: DbOrTx, teamIds: readonly string[]) {
  const byId = new Map<string, TeamWithLeads>()
  if (teamIds.length === 0) return byId
  const team = alias(orgUnits, 'team_unit')
  const rows = await db
    .select({
      id: teams.unitId,
      name: team.name,
      endedAt: teams.endedAt,
      hostId: orgUnits.id,
      hostName: orgUnits.name,
      hostPath: orgUnits.path,
      leadMemberId: teamMembers.memberId,
    })
    .from(teams)
    .innerJoin(team, eq(team.id, teams.unitId))
    .innerJoin(orgUnits, eq(orgUnits.id, team.parentId))
    .leftJoin(
      teamMembers,
      and(
        eq(teamMembers.teamId, teams.unitId),
        eq(teamMembers.role, 'lead'),
        eq(teamMembers.status, 'active'),
      ),
    )
    .where(inArray(teams.unitId, [...new Set(teamIds)]))
  for (const r of rows) {
    const t = byId.get(r.id) ?? {
      id: r.id,
      name: r.name,
      hostId: r.hostId,
      hostName: r.hostName,
      hostPath: r.hostPath,
      ended: r.endedAt !== null,
      leadMemberIds: [] as string[],
    }
    if (r.leadMemberId && !r.endedAt) t.leadMemberIds = [...t.leadMemberIds, r.leadMemberId]
    byId.set(r.id, t)
  }
  return byId
}
