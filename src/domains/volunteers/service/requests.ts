import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, NotFoundError } from '../../../platform/errors.js'
import { translator } from '../../../platform/i18n/index.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import type { OrgUnit } from '../../org-units/index.js'
import type { AskInput } from '../input.js'
import { can, consentCovers } from '../policy.js'
import * as repo from '../repo.js'
import { actingUnit, actingUnits, placeOf, requireMemberId, skillLabels } from './shared.js'

/** A pool member the unit may see under the member's current consent; anyone else does not exist (404). */
async function visiblePoolMember(db: DbOrTx, unit: OrgUnit, memberId: string) {
  const member = await repo.findPoolMember(db, memberId)
  if (!member || !consentCovers(member, await placeOf(db, unit))) throw new NotFoundError()
  return member
}

/** The "ask" form: the member as a search shows them, for a unit the actor acts for. */
export async function viewAskForm(deps: AppDeps, actor: Actor, memberId: string, unitId: string | undefined) {
  const db = deps.database.db
  const units = await actingUnits(db, actor)
  const chosen = unitId ?? units[0]?.id
  if (!chosen) throw new NotFoundError()
  const unit = await actingUnit(db, actor, chosen)
  const member = await visiblePoolMember(db, unit, memberId)
  const skills = await repo.skillsOfMembers(db, [memberId])
  return {
    units,
    unitId: unit.id,
    member: {
      memberId,
      firstName: member.firstName,
      unitName: member.homeName,
      skills: skillLabels(skills.get(memberId), member.languages),
    },
  }
}

/**
 * A coordinator asks a pool member through the platform. The member gets an e-mail naming only the
 * asking unit and the message; who asked and how to reach them stays inside the platform.
 */
export async function askVolunteer(
  deps: AppDeps,
  actor: Actor,
  memberId: string,
  input: AskInput,
  links: { publicUrl: string },
  requestId?: string,
) {
  const db = deps.database.db
  return db.transaction(async (tx) => {
    const unit = await actingUnit(tx, actor, input.unitId)
    await visiblePoolMember(tx, unit, memberId)
    const request = await repo.insertRequest(tx, {
      memberId,
      unitId: unit.id,
      askedById: actor.userId,
      askedAs: unit.role,
      message: input.message,
      createdAt: deps.now(),
    })
    await recordAudit(
      tx,
      actor,
      {
        action: 'volunteer.request.sent',
        object: { type: 'volunteer_request', id: request.id },
        unit,
        data: { memberId },
      },
      requestId,
    )
    const to = await repo.findNotifyAddress(tx, memberId)
    if (to) {
      const t = translator('de')
      await queueMail(tx, deps.now(), [
        {
          to,
          subject: t('volunteers.mail.requestSubject', { unit: unit.name }),
          text: t('volunteers.mail.requestText', {
            unit: unit.name,
            role: t(`accounts.roles.${unit.role}`),
            message: input.message,
            link: `${links.publicUrl}/volunteers/requests`,
          }),
        },
      ])
    }
    return request
  })
}

/** The member's inbox: what units asked, and the answer given. */
export async function listMyRequests(deps: AppDeps, actor: Actor) {
  return repo.listRequestsTo(deps.database.db, requireMemberId(actor))
}

/** The member accepts (contact details go to the asker) or declines a request sent to them. */
export async function answerVolunteerRequest(
  deps: AppDeps,
  actor: Actor,
  id: string,
  answer: 'accept' | 'decline',
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.findRequest(tx, id)
    if (!row || row.request.memberId !== actor.memberId) throw new NotFoundError()
    if (!can(actor, 'request.answer', row.request)) throw new ConflictError('volunteers.errors.answered')
    const status = answer === 'accept' ? 'accepted' : 'declined'
    const updated = await repo.answerRequest(tx, id, status, deps.now())
    if (!updated) throw new ConflictError('volunteers.errors.answered')
    await recordAudit(
      tx,
      actor,
      {
        action: `volunteer.request.${status}`,
        object: { type: 'volunteer_request', id },
        unit: { id: row.request.unitId, path: row.unitPath },
        data: { askedById: row.request.askedById },
      },
      requestId,
    )
    return updated
  })
}

/**
 * The asker's sent requests. Contact details appear only on accepted ones, and showing them is
 * itself recorded in the audit trail.
 */
export async function listSentRequests(deps: AppDeps, actor: Actor, requestId?: string) {
  const db = deps.database.db
  return db.transaction(async (tx) => {
    const rows = await repo.listRequestsBy(tx, actor.userId)
    const out = []
    const revealed: string[] = []
    for (const r of rows) {
      if (r.request.status === 'accepted') {
        const contact = await repo.findContact(tx, r.request.memberId)
        revealed.push(r.request.id)
        out.push({ ...r, contact })
      } else out.push({ ...r, contact: undefined })
    }
    if (revealed.length > 0)
      await recordAudit(
        tx,
        actor,
        {
          action: 'volunteer.contact.viewed',
          object: { type: 'volunteer_request' },
          data: { requestIds: revealed },
        },
        requestId,
      )
    return out
  })
}
