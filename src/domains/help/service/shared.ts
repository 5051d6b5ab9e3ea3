import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { NotFoundError } from '../../../platform/errors.js'
import type { OrgUnit } from '../../org-units/index.js'
import { listTeamsWithLeads } from '../../teams/index.js'
import { can, type RequestSubject, type Viewer } from '../policy.js'
import * as repo from '../repo.js'
import type { HelpRequest } from '../tables.js'

export async function viewerOf(db: DbOrTx, actor: Actor | undefined): Promise<Viewer> {
  if (actor?.memberUnitPath !== undefined) return { actor, memberUnitPath: actor.memberUnitPath }
  const memberUnitPath = actor?.memberId ? await repo.memberUnitPath(db, actor.memberId) : null
  return { actor, memberUnitPath }
}

/** What the rules need to know of a request, with its unit's partners already read. */
export function requestSubject(
  request: HelpRequest,
  unit: OrgUnit,
  partnerUnitIds: string[],
): RequestSubject {
  return { unit, visibility: request.visibility, status: request.status, partnerUnitIds }
}

export async function subjectOf(db: DbOrTx, request: HelpRequest, unit: OrgUnit): Promise<RequestSubject> {
  return requestSubject(request, unit, await repo.partnerUnitIds(db, unit.id))
}

/** The team a request is a team's of, with the unit hosting it and its active leads; null for none. */
export async function teamOf(db: DbOrTx, request: HelpRequest) {
  if (!request.teamId) return null
  return (await listTeamsWithLeads(db, [request.teamId])).get(request.teamId) ?? null
}

/**
 * Loads a request the actor may see, with its team; for anyone else it does not exist (404, nothing leaked).
 * Outside its circle, the actor's own sign-ups are read: someone signed up before the circle narrowed still sees it.
 */
export async function getVisibleRequest(db: DbOrTx, actor: Actor | undefined, id: string) {
  const row = await repo.findRequestWithUnit(db, id)
  if (!row) throw new NotFoundError()
  const viewer = await viewerOf(db, actor)
  const subject = {
    ...(await subjectOf(db, row.request, row.unit)),
    team: await teamOf(db, row.request),
    signedUp: false,
  }
  if (!can(viewer, 'request.view', { request: subject }) && actor?.memberId)
    subject.signedUp = (await repo.signupsOfMember(db, id, actor.memberId)).length > 0
  if (!can(viewer, 'request.view', { request: subject })) throw new NotFoundError()
  return { ...row, viewer, subject }
}
