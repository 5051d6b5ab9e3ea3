/**
 * Who is acting. Roles are granted on a unit and inherited downward: a grant on a state
 * covers every district and local group below it. Ranks are cumulative: a board member
 * may do what a coordinator may do on the same unit.
 */
export const roles = ['member', 'coordinator', 'board', 'state_office', 'federal_office', 'admin'] as const
export type Role = (typeof roles)[number]

const rank: Record<Role, number> = {
  member: 0,
  coordinator: 1,
  board: 2,
  state_office: 3,
  federal_office: 4,
  admin: 5,
}

/**
 * A role granted on a unit. `unitId` is the unit the role is held on, the unit the person speaks for; checks of
 * a role "on the unit itself" compare it. `unitPath` is where the role reaches from, downward: the unit's path,
 * except under a personal access token scoped below that unit, where it is the token unit's path (the grant
 * reaches no further than the token). So compare ids, not paths, for a role on the unit itself.
 */
export type Grant = { role: Role; unitId: string; unitPath: string }

/** What a pending second factor holds back: the roles above member, and the powers of a team's active lead. */
export type HeldBack = Role | 'team_lead'

export type Actor = {
  userId: string
  sessionId: string
  email: string
  displayName: string
  memberId: string | null
  homeUnitId: string | null
  /**
   * The path of the unit the person's membership belongs to (the local group when there is one, else
   * the home district), null for a non-member or a member who left. Set when the actor is read from a
   * session; where it is missing, a domain that needs it reads it itself.
   */
  memberUnitPath?: string | null
  grants: readonly Grant[]
  /**
   * Set while the roles above member are held back because this session has not confirmed a second
   * factor: `step` says whether the account still has to set one up ('enrol') or only confirm it
   * ('confirm'). `grants` then holds the member role alone, so every policy treats the person as a member;
   * `heldBack` names what waits ('team_lead' for a lead of a team that runs, whose `leadPowers` are then off).
   */
  secondFactor?: { step: 'enrol' | 'confirm'; heldBack: readonly HeldBack[] }
  /**
   * Whether the powers of a team's active lead are in force (the rosters of the team's events, its help requests
   * and project calls). Only this exact `true` counts: the session and token resolvers set it whenever no second
   * factor is pending; an actor built anywhere else, or one whose second factor is pending, gets no lead powers.
   */
  leadPowers?: boolean
  /** The person's member record leads a team that has not ended (read with the session; such a person needs a second factor). */
  leadsActiveTeam?: boolean
  /**
   * Set when the request came with a personal access token instead of a session: the token's id, whether
   * it may write, and the path of the unit subtree it reaches (its grants are already cut to that subtree).
   */
  apiToken?: { id: string; scope: 'read' | 'write'; unitPath: string }
}

/**
 * The unit a person calls theirs ("Mein Kreisverband"): the home district of their membership, else, for an account
 * without a member record (a board member kept apart from the member file, say), the unit they serve on as board
 * or coordinator, the most local one first. Null when there is none.
 */
export function ownUnitId(actor: Actor | undefined): string | null {
  if (!actor) return null
  if (actor.homeUnitId) return actor.homeUnitId
  const served = actor.grants
    .filter((g) => g.role === 'board' || g.role === 'coordinator')
    .sort((a, b) => b.unitPath.length - a.unitPath.length || a.unitPath.localeCompare(b.unitPath))
  return served[0]?.unitId ?? null
}

/** True when the actor holds at least `role` on the unit with this path or on one of its ancestors. */
export function holds(actor: Actor | undefined, role: Role, unitPath: string): boolean {
  if (!actor) return false
  return actor.grants.some((g) => rank[g.role] >= rank[role] && unitPath.startsWith(g.unitPath))
}

/** True when the actor holds at least `role` anywhere (used to decide what navigation to show). */
export function holdsAnywhere(actor: Actor | undefined, role: Role): boolean {
  return !!actor && actor.grants.some((g) => rank[g.role] >= rank[role])
}

/** The strongest role the actor holds on a unit, recorded in the audit trail as the acting role. */
export function strongestRoleOn(actor: Actor | undefined, unitPath: string | undefined): Role | null {
  if (!actor) return null
  let best: Role | null = null
  for (const g of actor.grants) {
    if (unitPath !== undefined && !unitPath.startsWith(g.unitPath)) continue
    if (best === null || rank[g.role] > rank[best]) best = g.role
  }
  return best
}

/** Whether the actor may use the powers of a team's active lead now: never while a second factor is pending. */
export function leadPowersOn(actor: Actor | undefined): boolean {
  return actor?.leadPowers === true
}

export function roleRank(role: Role) {
  return rank[role]
}
