import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { cursorAfter, cursorKey } from '../../../platform/http/api.js'
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * One page of the members of a unit inside the token's unit, for its board and the offices above it, as the
 * board's member list shows them (no contact data), in the order of their ids: the page is read as such from the
 * database, and the cursor carries the last id. Anyone else, and a unit outside the token, gets 404.
 */
export async function apiListUnitMembers(
  deps: AppDeps,
  actor: Actor,
  unitId: string,
  query: MemberApiQuery,
  page: { cursor: string | undefined; limit: number },
) {
  // Checked before anything is read: a cursor names a member id, or it is not one of ours.
  const after = cursorKey(page.cursor, (key) => UUID.test(key))
  const unit = await findUnit(deps.database.db, unitId)
  if (!unit || unit.kind === 'team' || !withinToken(actor, unit)) throw new NotFoundError()
  const { rows, more } = await listMembersForApi(
    deps,
    actor,
    unit.id,
    {
      q: query.q,
      local: query.local,
      team: undefined,
      enteredFrom: query.enteredFrom,
      enteredTo: query.enteredTo,
      onboarding: query.onboarding,
    },
    { after, limit: page.limit },
  )
  const items = rows.map((r) => ({
    id: r.id,
    memberNumber: r.memberNumber,
    firstName: r.firstName,
    lastName: r.lastName,
    postalCode: r.postalCode,
    enteredOn: r.enteredOn,
    localGroup: r.localName,
    onboarding: r.onboarding,
  }))
  const last = items.at(-1)
  return { items, nextCursor: more && last ? cursorAfter(last.id) : null }
}
