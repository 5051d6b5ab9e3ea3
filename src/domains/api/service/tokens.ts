import { createHash, randomBytes } from 'node:crypto'
import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor, Grant } from '../../../platform/auth/actor.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError } from '../../../platform/errors.js'
import { countAttempt } from '../../../platform/limits/limits.js'
import { sessionConfirmedSecondFactor, tokenSecondFactorHeldBack } from '../../accounts/index.js'
import type { CreateTokenInput } from '../input.js'
import * as repo from '../repo.js'

type Meta = { requestId?: string }

/** Tokens start with this prefix, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'bs_pat_'
const DAY = 24 * 3600_000
const TOUCH_EVERY_MS = 60_000
/** More live tokens than this for one person are a sign of tokens no one looks after. */
export const MAX_LIVE_TOKENS = 20

export function hashApiToken(token: string) {
  return createHash('sha256').update(token).digest('base64url')
}

/** The units the person may scope a token to, and their tokens (live and ended), newest first. */
export async function viewTokens(deps: AppDeps, actor: Actor) {
  const db = deps.database.db
  const memberUnits = [actor.homeUnitId].filter((id): id is string => !!id)
  const [tokens, units] = await Promise.all([
    repo.listTokensOfUser(db, actor.userId),
    repo.listScopableUnits(db, actor.userId, memberUnits),
  ])
  const now = deps.now()
  return {
    units,
    tokens: tokens.map((t) => ({
      ...t,
      state: t.revokedAt
        ? ('revoked' as const)
        : t.expiresAt <= now
          ? ('expired' as const)
          : ('live' as const),
    })),
  }
}

/**
 * Creates a personal access token and returns it in clear, the only time it is ever seen; the table keeps
 * its sha256. The unit must be one the form offers (the federation, the person's own KV or a unit of their
 * roles, the units just below them); any other unit only narrows the token, which never does more than its owner.
 */
export async function createToken(deps: AppDeps, actor: Actor, input: CreateTokenInput, meta: Meta = {}) {
  const now = deps.now()
  const db = deps.database.db
  // Any unit only narrows what the token reaches (it never sees more than its owner); the form offers the likely ones.
  if (!(await repo.openUnitExists(db, input.unitId))) throw new FieldError('unitId', 'api.errors.unit')
  const secondFactor = await sessionConfirmedSecondFactor(db, actor.sessionId)
  return db.transaction(async (tx) => {
    if ((await repo.countLiveTokens(tx, actor.userId, now)) >= MAX_LIVE_TOKENS)
      throw new ConflictError('api.errors.tooManyTokens')
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
    const row = await repo.insertToken(tx, {
      userId: actor.userId,
      name: input.name,
      tokenHash: hashApiToken(token),
      scope: input.scope,
      unitId: input.unitId,
      secondFactor,
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.days * DAY),
    })
    await recordAudit(
      tx,
      actor,
      {
        action: 'api.token_created',
        object: { type: 'api_token', id: row.id },
        data: { scope: input.scope, unitId: input.unitId, days: input.days },
      },
      meta.requestId,
    )
    return { token, row }
  })
}

/** Revokes one of the actor's own tokens; another person's token is not found. */
export async function revokeToken(deps: AppDeps, actor: Actor, id: string, meta: Meta = {}) {
  const now = deps.now()
  return deps.database.db.transaction(async (tx) => {
    const token = await repo.findTokenOfUser(tx, actor.userId, id)
    if (!token) throw new NotFoundError()
    if (token.revokedAt) return
    await repo.revokeToken(tx, id, now)
    await recordAudit(
      tx,
      actor,
      { action: 'api.token_revoked', object: { type: 'api_token', id } },
      meta.requestId,
    )
  })
}

/**
 * The grants of the owner cut to the token's subtree: one inside it stays as it is, one beside it is dropped,
 * one above it reaches only the subtree (its path becomes the token unit's) but keeps its own unit id. So a
 * check of inheritance (`holds`) stops at the token's unit, and a check of the unit a role is held on itself
 * (the volunteer pool's acting unit, an agreement's board, a report's board) still sees the unit the person
 * really speaks for: a state office's token scoped to a KV does not act as that KV's board or coordinator.
 */
export function grantsWithin(grants: readonly Grant[], unit: { id: string; path: string }): Grant[] {
  const out: Grant[] = []
  for (const g of grants) {
    if (g.unitPath.startsWith(unit.path)) out.push(g)
    else if (unit.path.startsWith(g.unitPath))
      out.push({ role: g.role, unitId: g.unitId, unitPath: unit.path })
  }
  return out
}

/**
 * The actor of a request that carries a personal access token: its owner, read from the database on every
 * request like a session, with the grants cut to the token's subtree and the membership only when it lies
 * inside it. Undefined for an unknown, revoked or expired token or a deactivated account.
 */
export function resolveTokenActorFor(deps: AppDeps, config: Settings) {
  return async (token: string): Promise<Actor | undefined> => {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return undefined
    const now = deps.now()
    const db = deps.database.db
    const row = await repo.findTokenActor(db, hashApiToken(token), now)
    if (!row) return undefined
    const all: Grant[] = row.grants.map(([role, unitId, unitPath]) => ({ role, unitId, unitPath }))
    const member = row.home_unit_id !== null && row.home_unit_path !== null && !row.left
    if (member) all.push({ role: 'member', unitId: row.home_unit_id!, unitPath: row.home_unit_path! })
    const scope = { id: row.scope_unit_id, path: row.scope_unit_path }
    const grants = grantsWithin(all, scope)
    const memberInside = member && row.home_unit_path!.startsWith(scope.path)
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS)
      await repo.touchToken(db, row.token_id, now)
    const actor: Actor = {
      userId: row.user_id,
      sessionId: `api-token:${row.token_id}`,
      email: row.email,
      displayName: row.display_name,
      memberId: memberInside ? row.member_id : null,
      homeUnitId: memberInside ? row.home_unit_id : null,
      memberUnitPath: memberInside ? (row.local_unit_path ?? row.home_unit_path) : null,
      grants,
      apiToken: { id: row.token_id, scope: row.scope, unitPath: scope.path },
      leadsActiveTeam: row.leads_active_team,
      leadPowers: true,
    }
    const held = tokenSecondFactorHeldBack(
      config,
      grants,
      row.leads_active_team,
      row.second_factor,
      row.has_two_factor,
    )
    if (!held) return actor
    return {
      ...actor,
      grants: grants.filter((g) => g.role === 'member'),
      leadPowers: false,
      secondFactor: held,
    }
  }
}

const MINUTE = 60_000

/**
 * Counts one request of the token against its budget per minute, in the database, so the limit holds
 * across processes. Returns the count of this minute, this request included.
 */
export async function countTokenRequest(deps: AppDeps, tokenId: string) {
  return countAttempt(deps.database.db, `api-token:${tokenId}`, MINUTE, deps.now())
}
