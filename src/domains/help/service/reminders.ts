import { recordAudit } from '../../../platform/audit/record.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { formatDateTime, isLocale, type Locale, translator } from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { findMunicipality } from '../geodata.js'
import * as repo from '../repo.js'
import { berlinDateTime, berlinDay } from './shared.js'

/** The Berlin calendar day after `day` ("2026-11-21" → "2026-11-22"). */
function nextDay(day: string) {
  const d = new Date(`${day}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/**
 * The reminder the day before: everyone with a place on a shift that starts tomorrow (Berlin
 * calendar day) gets one mail with the time and meeting point. Idempotent: each sign-up is claimed
 * once through reminded_at, in the transaction that queues its mail, so a second run sends nothing
 * and a mail server that is down loses no reminder. Returns how many mails were queued.
 */
export async function sendShiftReminders(deps: AppDeps, config: Settings) {
  const now = deps.now()
  const tomorrow = nextDay(berlinDay(now))
  const from = berlinDateTime(`${tomorrow}T00:00`)
  const to = berlinDateTime(`${nextDay(tomorrow)}T00:00`)
  return deps.database.db.transaction(async (tx) => {
    const claimed = await repo.claimShiftReminders(tx, from, to, now)
    if (claimed.length === 0) return 0
    const out: OutgoingMail[] = []
    for (const r of await repo.reminderDetails(
      tx,
      claimed.map((c) => c.id),
    )) {
      if (!r.email || (r.leftOn && r.leftOn <= berlinDay(now))) continue
      if (r.optOuts?.includes('help.shiftReminder')) continue
      const locale: Locale = isLocale(r.locale) ? r.locale : config.i18n.defaultLocale
      const tr = translator(locale)
      const params = {
        name: r.name,
        title: r.request.title,
        when: formatDateTime(locale, r.shift.startsAt),
        until: formatDateTime(locale, r.shift.endsAt),
        meetingPoint: r.shift.meetingPoint,
        place: findMunicipality(r.request.municipalityAgs)?.name ?? '–',
        url: `${config.http.publicUrl}/help/${r.request.id}`,
      }
      out.push({
        key: `help-shift-reminder:${r.signupId}`,
        to: r.email,
        subject: tr('help.mail.reminderSubject', params),
        text: tr('help.mail.reminderBody', params),
      })
    }
    await recordAudit(tx, undefined, {
      action: 'help.shift.reminders_sent',
      object: { type: 'help_signup' },
      data: { count: out.length },
    })
    await queueMail(tx, now, out)
    return out.length
  })
}
