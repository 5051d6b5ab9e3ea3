import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import type { OrgUnit } from '../../org-units/index.js'
import { listMyPartnerships, type Partnership, viewPartnership } from '../../partnerships/index.js'
import { withinToken } from './v1.js'

type Row = { partnership: Partnership; unitA: OrgUnit; unitB: OrgUnit }

const partnershipOut = ({ partnership: p, unitA, unitB }: Row) => ({
  id: p.id,
  kind: p.kind,
  status: p.status,
  unitA: { id: unitA.id, name: unitA.name },
  unitB: { id: unitB.id, name: unitB.name },
  startedOn: p.startedOn,
  story: p.story,
  tags: p.tags,
  isPublic: p.isPublic,
})

/** A partnership reaches into the token's unit when one of its two sides lies inside it. */
const reaches = (actor: Actor | undefined, row: Row) =>
  withinToken(actor, row.unitA) || withinToken(actor, row.unitB)

/** The partnerships of the units the owner is board of, as their partnerships page lists them. */
export async function apiListPartnerships(deps: AppDeps, actor: Actor) {
  const { all } = await listMyPartnerships(deps, actor)
  return all.filter((row) => reaches(actor, row)).map(partnershipOut)
}

/** One partnership the owner may see, one side of it inside the token's unit. */
export async function apiGetPartnership(deps: AppDeps, actor: Actor | undefined, id: string) {
  const row = await viewPartnership(deps, actor, id)
  if (!reaches(actor, row)) throw new NotFoundError()
  return partnershipOut(row)
}
