import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import { listVisibleRequests, signUpForShift, viewHelpRequest } from '../../help/index.js'
import { withinToken } from './v1.js'

type RequestRow = {
  id: string
  unitId: string
  kind: string
  title: string
  description: string | null
  visibility: string
  status: string
  createdAt: Date
}

const requestOut = (r: RequestRow) => ({
  id: r.id,
  unitId: r.unitId,
  kind: r.kind,
  title: r.title,
  description: r.description,
  visibility: r.visibility,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
})

/** The open help requests the owner may see, of units inside the token's subtree, newest first on the pages. */
export async function apiListHelpRequests(deps: AppDeps, actor: Actor | undefined) {
  const rows = await listVisibleRequests(deps, actor)
  return rows.filter((r) => withinToken(actor, r.unit)).map((r) => requestOut(r.request))
}

/** One help request with its shifts, as its page shows it to the owner. */
export async function apiGetHelpRequest(deps: AppDeps, actor: Actor | undefined, id: string) {
  const page = await viewHelpRequest(deps, actor, id)
  if (!withinToken(actor, page.unit)) throw new NotFoundError()
  return {
    ...requestOut(page.request),
    shifts: page.shifts.map(({ shift, confirmed, waitlisted }) => ({
      id: shift.id,
      startsAt: shift.startsAt.toISOString(),
      endsAt: shift.endsAt.toISOString(),
      capacity: shift.capacity,
      confirmed,
      waitlisted,
      meetingPoint: shift.meetingPoint,
      mySignup: page.mySignups.get(shift.id)?.status ?? null,
    })),
  }
}

/**
 * The token's owner signs up for a shift of a request inside the token's subtree, with the page's rules
 * (confirmed while there is room, else waitlisted; a repeated request returns the same sign-up), with
 * the same mails.
 */
export async function apiSignUpForShift(
  deps: AppDeps,
  actor: Actor,
  requestId: string,
  shiftId: string,
  links: { publicUrl: string },
) {
  const before = await apiGetHelpRequest(deps, actor, requestId)
  if (!before.shifts.some((s) => s.id === shiftId)) throw new NotFoundError()
  const outcome = await signUpForShift(deps, actor, shiftId, links)
  return { shiftId, status: outcome.signup.status, created: outcome.created }
}
