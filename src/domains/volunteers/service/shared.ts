import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { NotFoundError } from '../../../platform/errors.js'
import type { OrgUnit } from '../../org-units/index.js'
import { findUnit } from '../../org-units/index.js'
import { actingUnitIds, authorize, roleFor, type SearcherPlace } from '../policy.js'
import * as repo from '../repo.js'

/** Works out where a unit sits for the consent rule: its KV, its state and the partners of either. */
export async function placeOf(db: DbOrTx, unit: OrgUnit): Promise<SearcherPlace> {
  const ancestorIds = unit.path.split('/').filter(Boolean)
  const chain = await repo.listUnitsByIds(db, ancestorIds)
  const district = chain.find((u) => u.kind === 'district') ?? null
  const state = chain.find((u) => u.kind === 'state') ?? null
  const partnerIds = await repo.listPartnerIds(
    db,
    [unit.id, district?.id].filter((id): id is string => !!id),
  )
  return { unitId: unit.id, districtId: district?.id ?? null, statePath: state?.path ?? null, partnerIds }
}

/**
 * The unit an actor acts for, with the role they hold on it: only a unit with a grant of at least
 * 'coordinator' on the unit itself (a role inherited from above does not let anyone speak in a KV's
 * name); else the policy's refusal of `unit.speakFor` (403, `volunteers.errors.actingUnit`), 404 for no such unit.
 */
export async function actingUnit(db: DbOrTx, actor: Actor, unitId: string) {
  const unit = await findUnit(db, unitId)
  if (!unit) throw new NotFoundError()
  authorize(actor, 'unit.speakFor', { unit })
  return { ...unit, role: roleFor(actor, unit.id)! }
}

/** Units in the order the "acting for" choice shows them. */
export function sortUnits<U extends { name: string }>(units: U[]) {
  return units.sort((a, b) => a.name.localeCompare(b.name, 'de'))
}

/** The units offered in the "acting for" choice of the search and project forms. */
export async function actingUnits(db: DbOrTx, actor: Actor) {
  return sortUnits(await repo.listUnitsByIds(db, actingUnitIds(actor)))
}

export function requireMemberId(actor: Actor) {
  if (!actor.memberId) throw new NotFoundError()
  return actor.memberId
}

/** Skill names with the languages a member named beside the skill that asks "which?" ("Sprachen"). */
export function skillLabels(
  list: { name: string; takesDetail: boolean }[] | undefined,
  languages: string | null,
) {
  return (list ?? []).map((s) => (s.takesDetail && languages ? `${s.name} (${languages})` : s.name))
}
