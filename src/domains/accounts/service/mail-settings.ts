import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { NotFoundError } from '../../../platform/errors.js'
import type { MailSettingsInput } from '../input.js'
import * as repo from '../repo.js'
import { type OptionalMail, SIGNUP_DIGEST } from '../tables.js'
import type { Meta } from './env.js'

export type MailSettings = MailSettingsInput

/** The settings as the form shows them, read from the account's list of mails switched off. */
export function mailSettingsOf(optOuts: readonly string[]): MailSettings {
  const on = (kind: OptionalMail) => !optOuts.includes(kind)
  return {
    shiftReminder: on('help.shiftReminder'),
    eventReminder: on('events.reminder'),
    partnerRequest: on('help.partnerRequest'),
    signupNotice: optOuts.includes(SIGNUP_DIGEST) ? 'digest' : on('help.signupNotice') ? 'each' : 'off',
  }
}

function optOutsOf(settings: MailSettings): string[] {
  const off: string[] = []
  if (!settings.shiftReminder) off.push('help.shiftReminder')
  if (!settings.eventReminder) off.push('events.reminder')
  if (!settings.partnerRequest) off.push('help.partnerRequest')
  if (settings.signupNotice !== 'each') off.push('help.signupNotice')
  if (settings.signupNotice === 'digest') off.push(SIGNUP_DIGEST)
  return off
}

export async function viewMailSettings(deps: AppDeps, actor: Actor): Promise<MailSettings> {
  const user = await repo.findUserById(deps.database.db, actor.userId)
  if (!user) throw new NotFoundError()
  return mailSettingsOf(user.mailOptOuts)
}

/** A person switches optional mails on or off for their own account; the others always go out. */
export async function saveMailSettings(deps: AppDeps, actor: Actor, input: MailSettingsInput, meta: Meta) {
  return deps.database.db.transaction(async (tx) => {
    const mailOptOuts = optOutsOf(input)
    await repo.updateUser(tx, actor.userId, { mailOptOuts })
    await recordAudit(
      tx,
      actor,
      {
        action: 'account.mail_settings_changed',
        object: { type: 'user', id: actor.userId },
        data: { off: mailOptOuts },
      },
      meta.requestId,
    )
    return mailSettingsOf(mailOptOuts)
  })
}
