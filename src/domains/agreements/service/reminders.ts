import { recordAudit } from '../../../platform/audit/record.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { formatDate, translator } from '../../../platform/i18n/index.js'
import type { Mail } from '../../../platform/mail/mailer.js'
import { queueMail } from '../../../platform/mail/outbox.js'
import * as repo from '../repo.js'
import { agreementState } from '../state.js'
import { commitmentsOf } from './commitments.js'
import { subjectOf } from './shared.js'

type Reminded =
  | 'retreat'
  | 'coordinators'
  | 'links'
  | 'minutes'
  | 'consultation'
  | 'information'
  | 'materials'
/** The commitment a reminder speaks of: per-side reminders ("minutes-a", "information-b") name it before the dash. */
const commitmentName = (commitment: string) => commitment.split('-')[0] as Reminded

/**
 * Mails both coordinators of every agreement in force about commitments that fell due: overdue
 * ones; this year's retreat, information and materials 30 days before the year ends; the consultation
 * 30 days before a federal congress. Idempotent: each reminder is
 * claimed once per agreement, commitment, period and kind (agreement_reminders_once_uq), so a
 * scheduler may call it as often as it likes; the claim and its mails commit together. Returns how
 * many mails were queued.
 */
export async function sendCommitmentReminders(deps: AppDeps, config: Pick<Settings, 'http' | 'i18n'>) {
  const now = deps.now()
  const db = deps.database.db
  const t = translator(config.i18n.defaultLocale, config.i18n.genderMark)
  let queued = 0
  for (const agreementId of await repo.listRatifiedAgreementIds(db)) {
    const batch = await db.transaction(async (tx) => {
      const agreement = await repo.lockAgreement(tx, agreementId)
      if (!agreement) return []
      const row = await repo.findPartnershipWithUnits(tx, agreement.partnershipId)
      if (!row || ['ended', 'declined'].includes(row.partnership.status)) return []
      const ratifications = await repo.listRatifications(tx, agreementId)
      const state = agreementState(agreement.latestVersion, ratifications)
      const loaded = { ...row, agreement, subject: subjectOf(row, agreement) }
      const evaluated = await commitmentsOf(tx, now, loaded, state, ratifications)
      if (!evaluated || evaluated.reminders.length === 0) return []
      const coordinators = await repo.listMembersByIds(
        tx,
        [row.partnership.coordinatorAMemberId, row.partnership.coordinatorBMemberId].filter(
          (m): m is string => !!m,
        ),
      )
      const recipients = coordinators.filter((c) => !!c.email)
      // Nobody to tell yet: the reminder stays due and goes out once a coordinator is named.
      if (recipients.length === 0) return []
      const out: Mail[] = []
      const sent: string[] = []
      for (const r of evaluated.reminders) {
        const claimed = await repo.claimReminder(tx, { agreementId, ...r, sentAt: now })
        if (!claimed) continue
        sent.push(`${r.commitment}:${r.period}:${r.kind}`)
        const params = {
          pair: `${row.unitA.name} – ${row.unitB.name}`,
          commitment: t(`agreements.commitments.${commitmentName(r.commitment)}.title`),
          period: /^\d{4}-\d{2}-\d{2}$/.test(r.period)
            ? formatDate(config.i18n.defaultLocale, r.period)
            : r.period,
          link: `${config.http.publicUrl}/agreements/${agreementId}`,
        }
        // Before a congress the mail speaks of the congress, not of the end of the year.
        const mail = r.kind === 'upcoming' && r.commitment === 'consultation' ? 'upcomingCongress' : r.kind
        for (const c of recipients)
          out.push({
            to: c.email!,
            subject: t(`agreements.mail.${mail}.subject`, params),
            text: t(`agreements.mail.${mail}.body`, { ...params, name: `${c.firstName} ${c.lastName}` }),
          })
      }
      if (sent.length > 0)
        await recordAudit(tx, undefined, {
          action: 'agreement.reminders_sent',
          unit: row.unitA,
          object: { type: 'agreement', id: agreementId },
          data: { reminders: sent, recipients: recipients.length },
        })
      await queueMail(tx, now, out)
      return out
    })
    queued += batch.length
  }
  return queued
}
