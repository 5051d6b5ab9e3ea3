import { recordAudit } from '../../../platform/audit/record.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import {
  formatDate,
  formatDateTime,
  isLocale,
  type Locale,
  translator,
} from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { addDays, instantAt, localDay } from '../../../platform/time.js'
import { municipalityRef } from '../../org-units/index.js'
import * as repo from '../repo.js'

/**
 * The reminder the day before: everyone with a place on a shift that starts tomorrow (Berlin
 * calendar day) gets one mail with the time and meeting point. Idempotent: each sign-up is claimed
 * once through reminded_at, in the transaction that queues its mail, so a second run sends nothing
 * and a mail server that is down loses no reminder. Returns how many mails were queued.
 */
export async function sendShiftReminders(deps: AppDeps, config: Settings) {
  const now = deps.now()
  const tomorrow = addDays(localDay(now), 1)
  const from = instantAt(tomorrow)
  const to = instantAt(addDays(tomorrow, 1))
  return deps.database.db.transaction(async (tx) => {
    const claimed = await repo.claimShiftReminders(tx, from, to, now)
    if (claimed.length === 0) return 0
    const out: OutgoingMail[] = []
    for (const r of await repo.reminderDetails(
      tx,
      claimed.map((c) => c.id),
    )) {
      if (!r.email || (r.leftOn && r.leftOn <= localDay(now))) continue
      if (r.optOuts?.includes('help.shiftReminder')) continue
      const locale: Locale = isLocale(r.locale) ? r.locale : config.i18n.defaultLocale
      const tr = translator(locale)
      const params = {
        name: r.name,
        title: r.request.title,
        when: formatDateTime(locale, r.shift.startsAt),
        until: formatDateTime(locale, r.shift.endsAt),
        meetingPoint: r.shift.meetingPoint,
        place: municipalityRef(r.request.municipalityAgs)?.name ?? '–',
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

/** From this hour (Berlin) on, the digest of the day before goes out. */
const DIGEST_HOUR = 7

/**
 * The morning digest for coordinators who chose it on their mail settings: every sign-up of the day
 * before to their KV's shifts, in one mail each. Runs hourly; before 07:00 Berlin it does nothing. The
 * mail's key names the person and the day, so a second run the same morning queues nothing again.
 */
export async function sendSignupDigests(deps: AppDeps, config: Settings) {
  const now = deps.now()
  const today = localDay(now)
  if (instantAt(today, `${String(DIGEST_HOUR).padStart(2, '0')}:00`) > now) return 0
  const yesterday = addDays(today, -1)
  const from = instantAt(yesterday)
  const to = instantAt(today)
  return deps.database.db.transaction(async (tx) => {
    const rows = await repo.signupsForDigest(tx, from, to)
    const byPerson = new Map<string, typeof rows>()
    for (const r of rows) byPerson.set(r.userId, [...(byPerson.get(r.userId) ?? []), r])
    const out: OutgoingMail[] = []
    for (const [userId, mine] of byPerson) {
      const first = mine[0]!
      const locale: Locale = isLocale(first.locale) ? first.locale : config.i18n.defaultLocale
      const tr = translator(locale)
      const lines = mine.map(
        (r) =>
          `- ${r.title}, ${formatDateTime(locale, r.startsAt)}: ${r.firstName} ${r.lastName} (${tr(`help.mail.signupStatus.${r.status === 'confirmed' ? 'confirmed' : 'waitlisted'}`)})`,
      )
      const rosters = [...new Map(mine.map((r) => [r.requestId, r.title])).entries()].map(
        ([id, title]) => `${title}: ${config.http.publicUrl}/help/${id}/roster`,
      )
      const params = {
        name: first.name,
        day: formatDate(locale, yesterday),
        count: String(mine.length),
        signups: lines.join('\n'),
        rosters: rosters.join('\n'),
      }
      out.push({
        key: `help-signup-digest:${userId}:${yesterday}`,
        to: first.email,
        subject: tr('help.mail.digestSubject', params),
        text: tr('help.mail.digestBody', params),
      })
    }
    const queued = await queueMail(tx, now, out)
    if (queued > 0)
      await recordAudit(tx, undefined, {
        action: 'help.signup.digests_sent',
        object: { type: 'help_signup' },
        data: { count: queued, day: yesterday },
      })
    return queued
  })
}
