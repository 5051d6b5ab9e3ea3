import { recordAudit } from '../../../platform/audit/record.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { formatDate, isLocale, type Locale, translator } from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { localDay } from '../../../platform/time.js'
import { type IndicatorKey, missedTwice } from '../indicators.js'
import * as repo from '../repo.js'
import { evaluateIndicator } from './indicators.js'

const DAY = 86_400_000
/** How many days before its due date the responsible body hears of a measure. */
export const DUE_REMINDER_DAYS = 7

/**
 * Tells the board of each responsible unit about its measures due within a week, and about those whose
 * indicator missed its target two months in a row. Idempotent: each reminder is claimed once per measure,
 * kind and period (the due date, the last missed month) before its mails are queued in the same
 * transaction. Returns the number of mails.
 */
export async function sendMeasureReminders(deps: AppDeps, config: Pick<Settings, 'http' | 'i18n'>) {
  const now = deps.now()
  const today = localDay(now)
  const until = localDay(new Date(now.getTime() + DUE_REMINDER_DAYS * DAY))
  const mails = await deps.database.db.transaction(async (tx) => {
    const out: OutgoingMail[] = []
    let claimed = 0
    for (const { measure, resolution, unit } of await repo.listMeasuresToRemind(tx, until)) {
      const due: { kind: 'due' | 'indicator'; period: string }[] = []
      if (measure.dueOn && measure.dueOn >= today && measure.dueOn <= until)
        due.push({ kind: 'due', period: measure.dueOn })
      if (measure.indicator) {
        const since = resolution.decidedOn ? new Date(`${resolution.decidedOn}T12:00:00Z`) : measure.createdAt
        const results = await evaluateIndicator(tx, {
          key: measure.indicator as IndicatorKey,
          target: measure.indicatorTarget ?? 1,
          unitIds: [measure.unitId],
          since,
          now,
        })
        const months = results.get(measure.unitId) ?? []
        const finished = months.filter((m) => m.state !== 'running')
        if (missedTwice(months))
          due.push({ kind: 'indicator', period: finished[finished.length - 1]!.period })
      }
      if (due.length === 0) continue
      const contacts = await repo.listBoardContacts(tx, measure.unitId)
      // Nobody to tell yet: the reminder stays due and goes out once the unit has a board.
      if (contacts.length === 0) continue
      for (const r of due) {
        if (!(await repo.claimReminder(tx, { measureId: measure.id, ...r, sentAt: now }))) continue
        claimed++
        for (const c of contacts) {
          const locale: Locale = isLocale(c.locale) ? c.locale : config.i18n.defaultLocale
          const t = translator(locale, config.i18n.genderMark)
          const params = {
            name: c.name,
            measure: measure.title,
            resolution: resolution.code ? `${resolution.code} ${resolution.title}` : resolution.title,
            unit: unit.name,
            due: measure.dueOn ? formatDate(locale, measure.dueOn) : '',
            month: r.period,
            link: `${config.http.publicUrl}/measures/${measure.id}`,
          }
          out.push({
            key: `resolution-reminder:${measure.id}:${r.kind}:${r.period}:${c.email}`,
            to: c.email,
            subject: t(`resolutions.mail.${r.kind}.subject`, params),
            text: t(`resolutions.mail.${r.kind}.body`, params),
          })
        }
      }
    }
    await queueMail(tx, now, out)
    if (claimed > 0)
      await recordAudit(tx, undefined, {
        action: 'resolution.reminders_sent',
        object: { type: 'resolution_measure' },
        data: { reminders: claimed, mails: out.length },
      })
    return out
  })
  return mails.length
}
