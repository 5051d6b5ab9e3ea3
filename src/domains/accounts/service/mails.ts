import type { FastifyBaseLogger } from 'fastify'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { isLocale, type Locale, translator } from '../../../platform/i18n/index.js'
import type { Mail } from '../../../platform/mail/mailer.js'

export type AccountMailKind = 'verify' | 'exists' | 'link' | 'reset' | 'twoFactorOn' | 'twoFactorOff'

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

/**
 * Sends without making the request wait: the answer to "send me a link" must take as long for an
 * unknown address as for a known one, and a slow or failing mail server must not reveal which it was.
 */
export function sendInBackground(deps: AppDeps, log: FastifyBaseLogger, mail: Mail | undefined) {
  if (!mail) return
  deps.mailer.send(mail).catch((err: unknown) => log.error({ err }, 'sending an account mail failed'))
}
