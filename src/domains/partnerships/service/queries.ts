import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { kreisOfPostalCode, municipalityRef } from '../../org-units/index.js'
import { abilities, can, isPubliclyVisible } from '../policy.js'
import * as repo from '../repo.js'
import { boardPaths, getVisiblePartnership, subjectOf } from './shared.js'

/** Everything the partnership page shows, for an actor who may see it (404 otherwise). */
export async function viewPartnership(deps: AppDeps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const row = await getVisiblePartnership(db, actor, id)
  const can = abilities(actor, subjectOf(row))
  const p = row.partnership
  const [history, twins, coordinators, candidatesA, candidatesB] = await Promise.all([
    repo.listStatusChanges(db, id),
    repo.listTwinTowns(db, id),
    repo.listMembersByIds(
      db,
      [p.coordinatorAMemberId, p.coordinatorBMemberId].filter((m): m is string => !!m),
    ),
    can.nameCoordinatorA ? repo.listMembersBelow(db, row.unitA.path) : Promise.resolve([]),
    can.nameCoordinatorB ? repo.listMembersBelow(db, row.unitB.path) : Promise.resolve([]),
  ])
  const twinTowns = twins.map((t) => ({
    ...t,
    municipalityAName: municipalityRef(t.municipalityAAgs)?.name ?? t.municipalityAAgs,
    municipalityBName: municipalityRef(t.municipalityBAgs)?.name ?? t.municipalityBAgs,
  }))
  // A named person's name is public once they have accepted the role; before, only the boards that
  // name the side's coordinator (and the person themselves) see who it is, everyone else the role only.
  const coordinator = (
    memberId: string | null,
    emailPublic: boolean,
    acceptedAt: Date | null,
    mayKnow: boolean,
  ) => {
    const m = coordinators.find((c) => c.id === memberId)
    if (!m) return undefined
    const accepted = acceptedAt !== null
    const known = accepted || mayKnow
    return {
      id: known ? m.id : null,
      name: known ? `${m.firstName} ${m.lastName}` : null,
      email: accepted && emailPublic ? m.email : null,
      emailPublic,
      accepted,
    }
  }
  return {
    ...row,
    history,
    twinTowns,
    coordinatorA: coordinator(
      p.coordinatorAMemberId,
      p.coordinatorAEmailPublic,
      p.coordinatorAAcceptedAt,
      can.nameCoordinatorA || can.consentA,
    ),
    coordinatorB: coordinator(
      p.coordinatorBMemberId,
      p.coordinatorBEmailPublic,
      p.coordinatorBAcceptedAt,
      can.nameCoordinatorB || can.consentB,
    ),
    candidatesA,
    candidatesB,
    can,
  }
}

export type PartnershipPageData = Awaited<ReturnType<typeof viewPartnership>>

/** The partnerships of the units the actor is board of, with the proposals that wait for their answer first. */
export async function listMyPartnerships(deps: AppDeps, actor: Actor) {
  const rows = await repo.listPartnershipsBelow(deps.database.db, boardPaths(actor))
  const visible = rows.filter((r) => can(actor, 'partnership.view', { partnership: subjectOf(r) }))
  return {
    waiting: visible.filter((r) => can(actor, 'partnership.accept', { partnership: subjectOf(r) })),
    all: visible,
  }
}

/** The units the actor may propose for, and the partner units matching a search by name or AGS. */
export async function proposalOptions(deps: AppDeps, actor: Actor, query: string | undefined) {
  const db = deps.database.db
  const grantUnitIds = actor.grants.map((g) => g.unitId)
  const own = (await repo.listUnitsByIds(db, grantUnitIds)).filter(
    (u) =>
      (u.kind === 'district' || u.kind === 'local') &&
      !u.dissolvedAt &&
      can(actor, 'partnership.propose', { unit: u }),
  )
  const results = query ? await repo.searchUnits(db, query) : []
  return { own, results }
}

/** Units matching a search by name or AGS, for pickers on public and moderation forms. */
/** KVs and local groups by name or key, and by a postal code: the KV whose territory holds its Kreis first. */
export async function searchPartnerUnits(deps: AppDeps, query: string | undefined) {
  const q = query?.trim()
  if (!q) return []
  const db = deps.database.db
  const kreis = /^[0-9]{5}$/.test(q) ? kreisOfPostalCode(q) : undefined
  const found = [
    ...(kreis ? await repo.unitsCoveringKreis(db, kreis) : []),
    ...(await repo.searchUnits(db, q)),
  ]
  return found.filter((u, i) => found.findIndex((v) => v.id === u.id) === i)
}

/**
 * What the report form starts with when it is opened from a page: a public partnership (a change to
 * report on it), or a unit (its partnership is missing). Anything else starts an empty form.
 */
export async function reportFormStart(deps: AppDeps, start: { partnership?: string; unit?: string }) {
  const db = deps.database.db
  if (start.partnership) {
    const found = await repo.findPartnershipWithUnits(db, start.partnership)
    if (found && isPubliclyVisible(found.partnership))
      return { partnership: { id: found.partnership.id, unitA: found.unitA, unitB: found.unitB } }
  }
  if (start.unit) {
    const unit = await repo.findUnitById(db, start.unit)
    if (unit && (unit.kind === 'district' || unit.kind === 'local')) return { unit }
  }
  return {}
}
