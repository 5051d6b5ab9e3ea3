import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import { memberIdOf } from '../../../platform/auth/policy.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import type { OrgUnit } from '../../org-units/index.js'
import type { DriveInput, PledgeInput } from '../input.js'
import { authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import { viewerOf } from './shared.js'

/** A coordinator of the collecting unit starts a drive among its members for another unit. */
export async function startDonationDrive(deps: AppDeps, actor: Actor, input: DriveInput) {
  return deps.database.db.transaction(async (tx) => {
    const collecting = await repo.findUnit(tx, input.collectingUnitId)
    if (!collecting) throw new FieldError('collectingUnitId', 'help.errors.unit')
    const beneficiary = await repo.findUnit(tx, input.beneficiaryUnitId)
    if (!beneficiary) throw new FieldError('beneficiaryUnitId', 'help.errors.unit')
    if (beneficiary.id === collecting.id) throw new FieldError('beneficiaryUnitId', 'help.errors.samePair')
    const viewer = await viewerOf(tx, actor)
    authorize(viewer, 'drive.create', { collecting })
    const drive = await repo.insertDrive(tx, {
      collectingUnitId: collecting.id,
      beneficiaryUnitId: beneficiary.id,
      requestId: input.requestId ?? null,
      title: input.title,
      description: input.description ?? null,
      targetCents: input.target,
      createdById: actor.userId,
    })
    await recordAudit(tx, actor, {
      action: 'help.drive.started',
      unit: collecting,
      object: { type: 'donation_drive', id: drive.id },
      data: { beneficiaryUnitId: beneficiary.id, targetCents: input.target },
    })
    return drive
  })
}

async function visibleDrive(deps: AppDeps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const row = await repo.findDrive(db, id)
  if (!row) throw new NotFoundError()
  const viewer = await viewerOf(db, actor)
  if (!can(viewer, 'drive.view', row)) throw new NotFoundError()
  return { ...row, viewer }
}

/** The drive page: total promised and received, progress, pledges (anonymous ones without a name). */
export async function viewDonationDrive(deps: AppDeps, actor: Actor | undefined, id: string) {
  const { drive, collecting, beneficiary, viewer } = await visibleDrive(deps, actor, id)
  const pledges = await repo.listPledges(deps.database.db, drive.id)
  const total = pledges.reduce((n, p) => n + p.pledge.amountCents, 0)
  const received = pledges
    .filter((p) => p.pledge.status === 'received')
    .reduce((n, p) => n + p.pledge.amountCents, 0)
  return {
    drive,
    collecting,
    beneficiary,
    total,
    received,
    pledges: pledges.map((p) => ({
      id: p.pledge.id,
      amountCents: p.pledge.amountCents,
      status: p.pledge.status,
      name: p.pledge.anonymous ? null : `${p.firstName} ${p.lastName}`,
      mine: p.pledge.memberId === actor?.memberId,
    })),
    can: {
      pledge: can(viewer, 'drive.pledge', { collecting, beneficiary }),
      markReceived: can(viewer, 'drive.markReceived', { collecting }),
    },
  }
}

export type DrivePageData = Awaited<ReturnType<typeof viewDonationDrive>>

export async function pledgeDonation(deps: AppDeps, actor: Actor, driveId: string, input: PledgeInput) {
  const { drive, collecting, beneficiary, viewer } = await visibleDrive(deps, actor, driveId)
  authorize(viewer, 'drive.pledge', { collecting, beneficiary })
  const memberId = memberIdOf(actor, 'drive.pledge')
  return deps.database.db.transaction(async (tx) => {
    const pledge = await repo.insertPledge(tx, {
      driveId: drive.id,
      memberId,
      amountCents: input.amount,
      anonymous: input.anonymous,
    })
    await recordAudit(tx, actor, {
      action: 'help.pledge.promised',
      unit: collecting,
      object: { type: 'donation_pledge', id: pledge.id },
      data: { driveId: drive.id, amountCents: input.amount },
    })
    return pledge
  })
}

/** The coordinator of the collecting unit marks a pledge as received once the treasurer booked it. */
export async function markPledgeReceived(deps: AppDeps, actor: Actor, driveId: string, pledgeId: string) {
  const { drive, collecting, viewer } = await visibleDrive(deps, actor, driveId)
  authorize(viewer, 'drive.markReceived', { collecting })
  return deps.database.db.transaction(async (tx) => {
    const pledge = await repo.findPledge(tx, pledgeId)
    if (!pledge || pledge.driveId !== drive.id) throw new NotFoundError()
    if (pledge.status === 'received') return pledge
    const updated = await repo.markPledgeReceived(tx, pledge.id, deps.now())
    await recordAudit(tx, actor, {
      action: 'help.pledge.received',
      unit: collecting,
      object: { type: 'donation_pledge', id: pledge.id },
      data: { driveId: drive.id },
    })
    return updated
  })
}

/** For the drive form: the units the actor may collect for, and the unit it is for. */
export async function driveFormOptions(deps: AppDeps, actor: Actor) {
  const db = deps.database.db
  const viewer = await viewerOf(db, actor)
  const units: OrgUnit[] = []
  for (const g of actor.grants) {
    const unit = await repo.findUnit(db, g.unitId)
    if (
      unit &&
      ['district', 'local'].includes(unit.kind) &&
      can(viewer, 'drive.create', { collecting: unit })
    )
      units.push(unit)
  }
  const partners: OrgUnit[] = []
  for (const unit of units) {
    for (const id of await repo.partnerUnitIds(db, unit.id)) {
      const partner = await repo.findUnit(db, id)
      if (partner && !partners.some((p) => p.id === id)) partners.push(partner)
    }
  }
  return { units, partners }
}
