import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/http/errors.js'
import { listMembersForApi } from '../../members/index.js'
import { findUnit } from '../../org-units/index.js'
import { withinToken } from './v1.js'

export type MemberApiQuery = {
  q?: string | undefined
  local?: string | undefined
  enteredFrom?: string | undefined
  enteredTo?: string | undefined
  onboarding?: 'none' | 'running' | 'done' | undefined
}

/**
 * The members of a unit inside the token's unit, for its board and the offices above it, as the board's member
 * list shows them (no contact data); anyone else, and a unit outside the token, gets 404.
 */
export async function apiListUnitMembers(deps: AppDeps, actor: Actor, unitId: string, query: MemberApiQuery) {
  const unit = await findUnit(deps.database.db, unitId)
  if (!unit || unit.kind === 'team' || !withinToken(actor, unit)) throw new NotFoundError()
  const rows = await listMembersForApi(deps, actor, unit.id, {
    q: query.q,
    local: query.local,
    team: undefined,
    enteredFrom: query.enteredFrom,
    enteredTo: query.enteredTo,
    onboarding: query.onboarding,
  })
  return rows.map((r) => ({
    id: r.id,
    memberNumber: r.memberNumber,
    firstName: r.firstName,
    lastName: r.lastName,
    postalCode: r.postalCode,
    enteredOn: r.enteredOn,
    localGroup: r.localName,
    onboarding: r.onboarding,
  }))
}
