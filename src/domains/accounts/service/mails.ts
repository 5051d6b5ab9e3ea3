import type { AppDeps, Settings } from '../../../platform/deps.js'
import { isLocale, type Locale, translator } from '../../../platform/i18n/index.js'
import type { Mail } from '../../../platform/mail/mailer.js'
import { recentMail } from '../../../platform/mail/outbox.js'

export type AccountMailKind =
  | 'verify'
  | 'exists'
  | 'link'
  | 'noAccount'
  | 'reset'
  | 'twoFactorOn'
  | 'twoFactorOff'

/** Links in mails are absolute: a mail client has no page to resolve a relative one against. */
export function absoluteUrl(config: Settings, path: string) {
  return `${config.http.publicUrl}${path}`
}

export function localeOf(user: { locale: string }, fallback: Locale): Locale {
  return isLocale(user.locale) ? user.locale : fallback
}

/** A plain-text account mail in the recipient's language. */
export function accountMail(
  config: Settings,
  locale: Locale,
  to: string,
  kind: AccountMailKind,
  params: Record<string, string | number>,
): Mail {
  const t = translator(locale, config.i18n.genderMark)
  return { to, subject: t(`accounts.mail.${kind}.subject`), text: t(`accounts.mail.${kind}.body`, params) }
}

/** The newest mails of the outbox, for the development outbox page. */
export function recentOutboxMail(deps: AppDeps) {
  return recentMail(deps.database.db)
}
