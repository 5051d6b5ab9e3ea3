import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import type { AppDeps } from '../../platform/deps.js'
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import type { GrantRoleInput, RolesQuery } from './input.js'
import { can, grantScope } from './policy.js'
import {
  countUnitsByKind,
  findActiveGrant,
  findGrant,
  findGranteeByEmail,
  findGranteeById,
  findUnit,
  getUnit,
  insertRoleGrant,
  listActiveGrantsOfUser,
  listChildren,
  listUnitsMatching,
  revokeGrantRow,
} from './repo.js'

type Meta = { requestId?: string }

/**
 * What the role administration shows: the person found by e-mail, the roles they hold now
 * (each marked whether this admin may revoke it), and the units matching a search, limited to
 * the subtrees in which this admin may grant roles.
 */
export async function viewRoleAssignments(deps: AppDeps, actor: Actor | undefined, query: RolesQuery) {
  const db = deps.database.db
  const grantee = query.email ? await findGranteeByEmail(db, query.email) : undefined
  const grants = grantee ? await listActiveGrantsOfUser(db, grantee.id) : []
  const unitOptions =
    grantee && query.unitQ
      ? await listUnitsMatching(db, query.unitQ, { withinPaths: grantScope(actor), limit: 30 })
      : []
  return {
    grantee,
    grants: grants.map((g) => ({ ...g, canRevoke: can(actor, 'unit.grantRoles', { unit: g.unit }) })),
    unitOptions,
  }
}

export async function findGrantee(deps: AppDeps, userId: string) {
  return findGranteeById(deps.database.db, userId)
}

/**
 * An admin grants a person a role on a unit; it applies to the unit and everything below it.
 * Throws NotFoundError for an unknown person or unit, ForbiddenError unless the actor is an admin on
 * the unit or an ancestor, FieldError('role', alreadyGranted) when the same grant is already active.
 */
export async function grantRole(
  deps: AppDeps,
  actor: Actor | undefined,
  input: GrantRoleInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const grantee = await findGranteeById(tx, input.userId)
    if (!grantee) throw new NotFoundError()
    const unit = await getUnit(tx, input.unitId)
    if (!actor || !can(actor, 'unit.grantRoles', { unit })) throw new ForbiddenError('unit.grantRoles')
    const alreadyGranted = new FieldError('role', 'orgUnits.roles.errors.alreadyGranted')
    if (await findActiveGrant(tx, grantee.id, unit.id, input.role)) throw alreadyGranted
    const grant = await insertRoleGrant(tx, {
      userId: grantee.id,
      unitId: unit.id,
      role: input.role,
      grantedById: actor.userId,
      grantedAt: deps.now(),
    })
    // A concurrent identical grant won the race for role_grants_active_uq.
    if (!grant) throw alreadyGranted
    await recordAudit(
      tx,
      actor,
      {
        action: 'role.granted',
        unit,
        object: { type: 'role_grant', id: grant.id },
        // Ids only: the trail is append-only and outlives the account's erasure.
        data: { userId: grantee.id, role: input.role, unitName: unit.name },
      },
      meta.requestId,
    )
    return { grant, grantee, unit }
  })
}

/**
 * An admin ends a person's role on a unit. The next request of that person is already refused,
 * because roles are read on every request.
 * Throws NotFoundError for an unknown grant, ForbiddenError unless the actor is an admin on the
 * unit or an ancestor, ConflictError when the grant was revoked already.
 */
export async function revokeRole(deps: AppDeps, actor: Actor | undefined, grantId: string, meta: Meta = {}) {
  return deps.database.db.transaction(async (tx) => {
    const grant = await findGrant(tx, grantId)
    if (!grant) throw new NotFoundError()
    const unit = await getUnit(tx, grant.unitId)
    if (!actor || !can(actor, 'unit.grantRoles', { unit })) throw new ForbiddenError('unit.grantRoles')
    const revoked = await revokeGrantRow(tx, grant.id, actor.userId, deps.now())
    if (!revoked) throw new ConflictError('orgUnits.roles.errors.alreadyRevoked')
    const grantee = await findGranteeById(tx, grant.userId)
    await recordAudit(
      tx,
      actor,
      {
        action: 'role.revoked',
        unit,
        object: { type: 'role_grant', id: grant.id },
        data: { userId: grant.userId, role: grant.role, unitName: unit.name },
      },
      meta.requestId,
    )
    return { grant: revoked, grantee, unit }
  })
}

/** The home page's figures: how many districts and states the federation has. */
export async function viewHome(deps: AppDeps) {
  const counts = await countUnitsByKind(deps.database.db)
  return { districts: counts.district ?? 0, states: counts.state ?? 0 }
}

/** Units whose name matches the search, at most 50; nothing for an empty search. */
export async function searchUnits(deps: AppDeps, q: string) {
  return q ? listUnitsMatching(deps.database.db, q, { limit: 50 }) : []
}

/** A unit with its parent and children, for its page (404 when there is none). */
export async function viewUnit(deps: AppDeps, id: string) {
  const db = deps.database.db
  const unit = await getUnit(db, id)
  const parent = unit.parentId ? await findUnit(db, unit.parentId) : undefined
  const children = await listChildren(db, unit.id)
  return { unit, parent, children }
}
