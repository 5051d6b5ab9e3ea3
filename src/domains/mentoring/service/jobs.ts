import { recordAudit } from '../../../platform/audit/record.js'
import type { AppDeps } from '../../../platform/deps.js'
import { isLocale, translator } from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { localDay } from '../../../platform/time.js'
import * as repo from '../repo.js'
import type { Env } from './programmes.js'

const WEEK_MS = 7 * 24 * 3600_000

/**
 * Mails both people of a running tandem that has had no check-in (nor was paired) for the programme's
 * number of weeks, while its cohort runs; once per such period (`remindedAt`), so the job may run as often
 * as it likes. Returns how many mails were queued.
 */
export async function sendTandemReminders(deps: AppDeps, env: Env) {
  const now = deps.now()
  const today = localDay(now)
  const db = deps.database.db
  let queued = 0
  for (const due of await repo.listTandemsForReminder(db, today)) {
    const quietSince = Math.max(
      due.pairedAt.getTime(),
      due.lastCheckIn ? Date.parse(`${due.lastCheckIn}T00:00:00Z`) : 0,
    )
    const period = due.reminderWeeks * WEEK_MS
    if (now.getTime() - quietSince < period) continue
    if (due.remindedAt && now.getTime() - due.remindedAt.getTime() < period) continue
    queued += await db.transaction(async (tx) => {
      if (!(await repo.claimReminder(tx, due.id, due.remindedAt, now))) return 0
      const mails: OutgoingMail[] = []
      for (const memberId of [due.menteeMemberId, due.mentorMemberId]) {
        const person = await repo.findApplicant(tx, memberId)
        if (!person?.email) continue
        const t = translator(
          isLocale(person.locale) ? person.locale : env.i18n.defaultLocale,
          env.i18n.genderMark,
        )
        const params = {
          name: person.firstName,
          weeks: due.reminderWeeks,
          programme: due.programmeName,
          link: `${env.http.publicUrl}/mentoring/tandems/${due.id}`,
        }
        mails.push({
          to: person.email,
          subject: t('mentoring.mail.reminder.subject', params),
          text: t('mentoring.mail.reminder.body', params),
          key: `mentoring-reminder:${due.id}:${memberId}:${now.toISOString().slice(0, 10)}`,
        })
      }
      await recordAudit(tx, undefined, {
        action: 'mentoring.tandem_reminded',
        object: { type: 'mentoring_tandem', id: due.id },
        data: { weeks: due.reminderWeeks },
      })
      return queueMail(tx, now, mails)
    })
  }
  return queued
}

/**
 * The erasure after a cohort (issue 17): once its end lies the programme's number of days in the past,
 * applications that never made a tandem go, and of the rest the self-descriptions, the shared contacts,
 * the check-ins' notes, requests for help and reasons for ending are blanked. What stays are the tandems,
 * their goals and the dates of their meetings, for the programme's figures. One transaction and one
 * audit row per programme; a programme erased once is not taken again.
 */
export async function eraseEndedCohorts(deps: AppDeps) {
  const now = deps.now()
  const db = deps.database.db
  let erased = 0
  for (const programme of await repo.listProgrammesToErase(db, localDay(now))) {
    await db.transaction(async (tx) => {
      const counts = await repo.eraseProgrammeData(tx, programme.id, now)
      if (!counts) return
      await recordAudit(tx, undefined, {
        action: 'mentoring.cohort_erased',
        unit: programme.unit,
        object: { type: 'mentoring_programme', id: programme.id },
        data: counts,
      })
      erased++
    })
  }
  return erased
}
