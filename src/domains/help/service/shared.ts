import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { NotFoundError } from '../../../platform/http/errors.js'
import type { OrgUnit } from '../../org-units/index.js'
import { can, type RequestSubject, type Viewer } from '../policy.js'
import * as repo from '../repo.js'
import type { HelpRequest } from '../tables.js'

export async function viewerOf(db: DbOrTx, actor: Actor | undefined): Promise<Viewer> {
  if (actor?.memberUnitPath !== undefined) return { actor, memberUnitPath: actor.memberUnitPath }
  const memberUnitPath = actor?.memberId ? await repo.memberUnitPath(db, actor.memberId) : null
  return { actor, memberUnitPath }
}

export async function subjectOf(db: DbOrTx, request: HelpRequest, unit: OrgUnit): Promise<RequestSubject> {
  return {
    unit,
    visibility: request.visibility,
    status: request.status,
    partnerUnitIds: await repo.partnerUnitIds(db, unit.id),
  }
}

/** Loads a request the actor may see; for anyone else it does not exist (404, nothing leaked). */
export async function getVisibleRequest(db: DbOrTx, actor: Actor | undefined, id: string) {
  const row = await repo.findRequestWithUnit(db, id)
  if (!row) throw new NotFoundError()
  const viewer = await viewerOf(db, actor)
  const subject = await subjectOf(db, row.request, row.unit)
  if (!can(viewer, 'request.view', { request: subject })) throw new NotFoundError()
  return { ...row, viewer, subject }
}

/** The calendar day in Germany, which is what "helped on" means to the people involved. */
export function berlinDay(at: Date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(at)
}

/** A local date and time from a form ("2026-08-15T09:00") read as Berlin time. */
export function berlinDateTime(local: string): Date {
  const asUtc = new Date(`${local}:00Z`)
  const offset = berlinOffsetMinutes(asUtc)
  const guess = new Date(asUtc.getTime() - offset * 60_000)
  // Near a DST switch the offset at the guessed instant can differ; one correction settles it.
  return new Date(asUtc.getTime() - berlinOffsetMinutes(guess) * 60_000)
}

function berlinOffsetMinutes(at: Date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Berlin',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000)
}
