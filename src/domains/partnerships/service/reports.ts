import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { isLocale, type Locale, translator } from '../../../platform/i18n/index.js'
import { takeMailBudget } from '../../../platform/mail/budget.js'
import type { Mail } from '../../../platform/mail/mailer.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import { localDay } from '../../../platform/time.js'
import type { AcceptReportInput, RejectReportInput, SubmitReportInput } from '../input.js'
import { authorize, isPubliclyVisible } from '../policy.js'
import * as repo from '../repo.js'
import type { PartnershipReport } from '../tables.js'
import { createPartnershipIn } from './lifecycle.js'
import { guardOpenPair, type PartnersJoinedReactions, reactToPartnersJoined } from './shared.js'

/**
 * Stores a report from the public form for the federal office's queue. A referenced partnership
 * must be a public one: anything else answers as if the id did not exist.
 */
export async function submitPartnershipReport(
  deps: AppDeps,
  input: SubmitReportInput,
  receipt?: { publicUrl: string; locale: Locale },
) {
  return deps.database.db.transaction(async (tx) => {
    if (input.partnershipId) {
      const found = await repo.findPartnershipWithUnits(tx, input.partnershipId)
      if (!found || !isPubliclyVisible(found.partnership))
        throw new FieldError('partnershipId', 'partnerships.errors.partnershipId')
    }
    // A picked unit that does not exist is dropped; the free text still says what was meant.
    const unitAId = input.unitAId && (await repo.findUnitById(tx, input.unitAId)) ? input.unitAId : null
    const unitBId = input.unitBId && (await repo.findUnitById(tx, input.unitBId)) ? input.unitBId : null
    const report = await repo.insertReport(tx, {
      ...input,
      unitAId,
      unitBId,
      partnershipId: input.partnershipId ?? null,
      locale: receipt?.locale ?? 'de',
      createdAt: deps.now(),
    })
    await recordAudit(tx, undefined, {
      action: 'partnership_report.submitted',
      object: { type: 'partnership_report', id: report.id },
    })
    // The receipt, unless the address has had its hourly share of mails: anyone may type any address here.
    if (receipt && (await takeMailBudget(tx, report.reporterEmail, deps.now())))
      await queueMail(tx, deps.now(), [reporterMail(report, receipt.publicUrl)])
    return report
  })
}

function authorizeModeration(actor: Actor) {
  authorize(actor, 'report.moderate', {})
}

export async function listPendingReports(deps: AppDeps, actor: Actor) {
  authorizeModeration(actor)
  return repo.listPendingReports(deps.database.db)
}

/** A pending report with the units the reporter picked and the partnership they referred to. */
export async function viewReport(deps: AppDeps, actor: Actor, id: string) {
  authorizeModeration(actor)
  const db = deps.database.db
  const report = await repo.findReport(db, id)
  if (!report) throw new NotFoundError()
  const picked = await repo.listUnitsByIds(
    db,
    [report.unitAId, report.unitBId].filter((u): u is string => !!u),
  )
  const partnership = report.partnershipId
    ? await repo.findPartnershipWithUnits(db, report.partnershipId)
    : undefined
  return { report, picked, partnership }
}

async function pendingReport(tx: Parameters<typeof repo.findReport>[0], id: string) {
  const report = await repo.findReport(tx, id)
  if (!report) throw new NotFoundError()
  if (report.status !== 'pending') throw new FieldError('_form', 'partnerships.errors.reportDecided')
  return report
}

/**
 * Accepts a report: updates the partnership it refers to, or creates one between the units the
 * moderator chose, in the same transaction as the decision. The reporter is told by e-mail; when the two
 * units become partners by it, other domains react (`onJoined`) in the same transaction.
 */
export async function acceptPartnershipReport(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: AcceptReportInput,
  links: { publicUrl: string },
  onJoined: PartnersJoinedReactions['onJoined'] = [],
) {
  authorizeModeration(actor)
  const reactions = { links, onJoined }
  const now = deps.now()
  const report = await guardOpenPair(() =>
    deps.database.db.transaction(async (tx) => {
      const report = await pendingReport(tx, id)
      let partnershipId: string
      if (report.partnershipId) {
        const current = await repo.findPartnershipWithUnits(tx, report.partnershipId)
        if (!current) throw new NotFoundError()
        await repo.updatePartnership(tx, report.partnershipId, {
          kind: input.kind,
          status: input.status,
          startedOn: input.startedOn ?? current.partnership.startedOn,
          story: input.story ?? current.partnership.story,
          tags: input.tags,
          isPublic: input.isPublic,
          updatedAt: now,
        })
        if (current.partnership.status !== input.status)
          await repo.insertStatusChange(tx, {
            partnershipId: report.partnershipId,
            fromStatus: current.partnership.status,
            toStatus: input.status,
            changedOn: localDay(now),
            changedById: actor.userId,
            note: report.message.slice(0, 1000),
          })
        const { partnership } = current
        await reactToPartnersJoined(tx, deps, reactions, partnership, partnership.status, input.status)
        partnershipId = report.partnershipId
      } else {
        if (!input.unitAId) throw new FieldError('unitAId', 'partnerships.errors.unitRequired')
        if (!input.unitBId) throw new FieldError('unitBId', 'partnerships.errors.partnerRequired')
        const create = { ...input, unitAId: input.unitAId, unitBId: input.unitBId }
        const created = await createPartnershipIn(tx, actor, create, now)
        await reactToPartnersJoined(tx, deps, reactions, created, null, created.status)
        partnershipId = created.id
      }
      const decided = await repo.updateReport(tx, id, {
        status: 'accepted',
        partnershipId,
        decidedById: actor.userId,
        decidedAt: now,
      })
      if (!decided) throw new FieldError('_form', 'partnerships.errors.reportDecided')
      await recordAudit(tx, actor, {
        action: 'partnership_report.accepted',
        object: { type: 'partnership_report', id },
        data: { partnershipId },
      })
      // The mail links the partnership only where the reporter can open it: a partnership that is not
      // public answers 404 to everyone but the boards, who find it in their list once signed in.
      const accepted = await repo.findPartnershipWithUnits(tx, partnershipId)
      if (!accepted) throw new NotFoundError()
      await queueMail(tx, now, [
        reporterMail(decided, links.publicUrl, {
          isPublic: accepted.partnership.isPublic,
          units: [accepted.unitA.name, accepted.unitB.name],
        }),
      ])
      return decided
    }),
  )
  return report
}

/** Rejects a report with a reason, which the reporter receives by e-mail. */
export async function rejectPartnershipReport(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: RejectReportInput,
  links: { publicUrl: string },
) {
  authorizeModeration(actor)
  const now = deps.now()
  const report = await deps.database.db.transaction(async (tx) => {
    await pendingReport(tx, id)
    const decided = await repo.updateReport(tx, id, {
      status: 'rejected',
      decisionReason: input.reason,
      decidedById: actor.userId,
      decidedAt: now,
    })
    if (!decided) throw new FieldError('_form', 'partnerships.errors.reportDecided')
    await recordAudit(tx, actor, {
      action: 'partnership_report.rejected',
      object: { type: 'partnership_report', id },
      data: { reason: input.reason },
    })
    await queueMail(tx, now, [reporterMail(decided, links.publicUrl)])
    return decided
  })
  return report
}

/**
 * Reporters have no account: the receipt and the decision go in the language of the form they sent,
 * kept with the report.
 */
function reporterMail(
  report: PartnershipReport,
  base: string,
  accepted?: { isPublic: boolean; units: [string, string] },
): Mail {
  const tr = translator(isLocale(report.locale) ? report.locale : 'de')
  const params = {
    name: report.reporterName,
    pair: `${report.unitAText} – ${report.unitBText}`,
    reason: report.decisionReason ?? '',
    partnershipUrl: `${base}/partnerships/${report.partnershipId}`,
    listUrl: `${base}/partnerships`,
    unitA: accepted?.units[0] ?? report.unitAText,
    unitB: accepted?.units[1] ?? report.unitBText,
    reportUrl: `${base}/partnerships/report`,
  }
  const kind =
    report.status === 'accepted'
      ? accepted?.isPublic === false
        ? 'acceptedNotPublic'
        : 'accepted'
      : report.status === 'rejected'
        ? 'rejected'
        : 'received'
  return {
    to: report.reporterEmail,
    subject: tr(`partnerships.reportMail.${kind}.subject`, params),
    text: tr(`partnerships.reportMail.${kind}.body`, params),
  }
}
