import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor, Role } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import * as repo from '../repo.js'
import type { OidcIdentityRow, Session, User } from '../tables.js'
import type { Meta } from './env.js'

export type AccountOverview = {
  user: User
  homeUnit: { id: string; name: string } | undefined
  roles: { role: Role; unitId: string; unitName: string }[]
  sessions: Session[]
  currentSessionId: string
  /** The logins of the party's provider linked to the account. */
  linkedLogins: OidcIdentityRow[]
}

/** What the account page shows: the person, their home district, their roles and where they are logged in. */
export async function viewAccount(deps: AppDeps, actor: Actor): Promise<AccountOverview> {
  const db = deps.database.db
  const user = await repo.findUserById(db, actor.userId)
  if (!user) throw new NotFoundError()
  const home = user.memberId ? await repo.findHomeUnitOfMember(db, user.memberId) : undefined
  const homeUnit = home && !home.leftOn ? { id: home.id, name: home.name } : undefined
  const explicit = await repo.listRoleGrantsWithUnits(db, user.id)
  const roles = [
    ...(homeUnit ? [{ role: 'member' as const, unitId: homeUnit.id, unitName: homeUnit.name }] : []),
    ...explicit.map((g) => ({ role: g.role as Role, unitId: g.unitId, unitName: g.unitName })),
  ]
  const sessions = await repo.listActiveSessions(db, user.id, deps.now())
  const linkedLogins = await repo.listOidcIdentitiesOfUser(db, user.id)
  return { user, homeUnit, roles, sessions, currentSessionId: actor.sessionId, linkedLogins }
}

/**
 * Ends one of the actor's own sessions (a lost phone, a shared computer). Another person's session
 * is answered as not found. Returns whether it was the session of this very request.
 */
export async function endSession(deps: AppDeps, actor: Actor, sessionId: string, meta: Meta) {
  const now = deps.now()
  return deps.database.db.transaction(async (tx) => {
    const session = await repo.findSession(tx, sessionId)
    if (!session || session.userId !== actor.userId) throw new NotFoundError()
    await repo.revokeSession(tx, session.id, now)
    await recordAudit(
      tx,
      actor,
      { action: 'account.session_ended', object: { type: 'user', id: actor.userId } },
      meta.requestId,
    )
    return { wasCurrent: session.id === actor.sessionId }
  })
}

/** Ends every session of the actor except the one making this request. Returns how many ended. */
export async function endOtherSessions(deps: AppDeps, actor: Actor, meta: Meta) {
  const now = deps.now()
  return deps.database.db.transaction(async (tx) => {
    const ended = await repo.revokeOtherSessionsOfUser(tx, actor.userId, actor.sessionId, now)
    await recordAudit(
      tx,
      actor,
      { action: 'account.other_sessions_ended', object: { type: 'user', id: actor.userId }, data: { ended } },
      meta.requestId,
    )
    return ended
  })
}
