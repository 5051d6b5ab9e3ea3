import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { municipalityRef } from '../../org-units/index.js'
import type {
  AcceptCoordinatorInput,
  CoordinatorConsentInput,
  NameCoordinatorInput,
  TwinTownInput,
} from '../input.js'
import { authorize } from '../policy.js'
import * as repo from '../repo.js'
import { getVisiblePartnership, subjectOf } from './shared.js'

/**
 * The board of one side names that side's coordinator: a member whose home unit or local group
 * is that side or lies below it. Naming someone resets the acceptance and the e-mail consent,
 * because both belong to the person, not to the role: the public sees the name only once the
 * person has accepted.
 */
export async function nameCoordinator(deps: AppDeps, actor: Actor, id: string, input: NameCoordinatorInput) {
  return deps.database.db.transaction(async (tx) => {
    const row = await getVisiblePartnership(tx, actor, id)
    authorize(actor, 'partnership.nameCoordinator', { partnership: subjectOf(row), side: input.side })
    const side = input.side === 'a' ? row.unitA : row.unitB
    const found = await repo.findMemberWithUnits(tx, input.memberId)
    const belongs =
      !!found &&
      !found.member.leftOn &&
      (found.homePath.startsWith(side.path) || !!found.localPath?.startsWith(side.path))
    if (!belongs) throw new FieldError('memberId', 'partnerships.errors.member')
    const values =
      input.side === 'a'
        ? {
            coordinatorAMemberId: input.memberId,
            coordinatorAEmailPublic: false,
            coordinatorAAcceptedAt: null,
          }
        : {
            coordinatorBMemberId: input.memberId,
            coordinatorBEmailPublic: false,
            coordinatorBAcceptedAt: null,
          }
    const updated = await repo.updatePartnership(tx, id, { ...values, updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'partnership.coordinator_named',
      unit: side,
      object: { type: 'partnership', id },
      data: { side: input.side, memberId: input.memberId },
    })
    return updated
  })
}

/** The named coordinator accepts the role; from then on the public sees their name. */
export async function acceptCoordinatorRole(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: AcceptCoordinatorInput,
) {
  return deps.database.db.transaction(async (tx) => {
    const row = await getVisiblePartnership(tx, actor, id)
    authorize(actor, 'partnership.setCoordinatorConsent', { partnership: subjectOf(row), side: input.side })
    const acceptedAt =
      input.side === 'a' ? row.partnership.coordinatorAAcceptedAt : row.partnership.coordinatorBAcceptedAt
    if (acceptedAt) return row.partnership
    const values =
      input.side === 'a' ? { coordinatorAAcceptedAt: deps.now() } : { coordinatorBAcceptedAt: deps.now() }
    const updated = await repo.updatePartnership(tx, id, { ...values, updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'partnership.coordinator_accepted',
      unit: input.side === 'a' ? row.unitA : row.unitB,
      object: { type: 'partnership', id },
      data: { side: input.side },
    })
    return updated
  })
}

/** Only the coordinator themselves decides whether their e-mail address is shown publicly. */
export async function setCoordinatorEmailConsent(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: CoordinatorConsentInput,
) {
  return deps.database.db.transaction(async (tx) => {
    const row = await getVisiblePartnership(tx, actor, id)
    authorize(actor, 'partnership.setCoordinatorConsent', { partnership: subjectOf(row), side: input.side })
    const values =
      input.side === 'a'
        ? { coordinatorAEmailPublic: input.emailPublic }
        : { coordinatorBEmailPublic: input.emailPublic }
    const updated = await repo.updatePartnership(tx, id, { ...values, updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: input.emailPublic
        ? 'partnership.coordinator_email_shown'
        : 'partnership.coordinator_email_hidden',
      unit: input.side === 'a' ? row.unitA : row.unitB,
      object: { type: 'partnership', id },
      data: { side: input.side },
    })
    return updated
  })
}

/** Links a pair of municipalities (8-digit AGS from gemeinden.csv) that are twin towns. */
export async function addTwinTown(deps: AppDeps, actor: Actor, id: string, input: TwinTownInput) {
  if (!municipalityRef(input.municipalityAAgs))
    throw new FieldError('municipalityAAgs', 'partnerships.errors.unknownMunicipality')
  if (!municipalityRef(input.municipalityBAgs))
    throw new FieldError('municipalityBAgs', 'partnerships.errors.unknownMunicipality')
  if (input.municipalityAAgs === input.municipalityBAgs)
    throw new FieldError('municipalityBAgs', 'partnerships.errors.sameMunicipality')
  return deps.database.db.transaction(async (tx) => {
    const row = await getVisiblePartnership(tx, actor, id)
    authorize(actor, 'partnership.manageTwinTowns', { partnership: subjectOf(row) })
    const twin = await repo.insertTwinTown(tx, { partnershipId: id, ...input })
    await recordAudit(tx, actor, {
      action: 'partnership.twin_town_added',
      unit: row.unitA,
      object: { type: 'partnership', id },
      data: { twinTownId: twin.id, ...input },
    })
    return twin
  })
}

/** Removes a twin-town link; a link of another partnership is not found. */
export async function removeTwinTown(deps: AppDeps, actor: Actor, id: string, twinId: string) {
  return deps.database.db.transaction(async (tx) => {
    const row = await getVisiblePartnership(tx, actor, id)
    authorize(actor, 'partnership.manageTwinTowns', { partnership: subjectOf(row) })
    const removed = await repo.deleteTwinTown(tx, id, twinId)
    if (!removed) throw new NotFoundError()
    await recordAudit(tx, actor, {
      action: 'partnership.twin_town_removed',
      unit: row.unitA,
      object: { type: 'partnership', id },
      data: { municipalityAAgs: removed.municipalityAAgs, municipalityBAgs: removed.municipalityBAgs },
    })
  })
}
