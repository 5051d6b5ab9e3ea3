import type { AppDeps, Settings } from '../../../platform/deps.js'
import { DomainError } from '../../../platform/errors.js'
import type { Locale } from '../../../platform/i18n/index.js'

/** What the use cases that send mail need: the dependencies and the configuration (public URL, gender mark). */
export type AccountsEnv = { deps: AppDeps; config: Settings }

export type Meta = { userAgent?: string | undefined; requestId?: string; locale?: Locale }

/** A link from an e-mail that is unknown, used up or expired. All three get the same answer. */
export class InvalidLinkError extends DomainError {
  constructor() {
    super('accounts.invalidLink.body', 410)
  }
}

const MINUTE = 60_000
export const tokenLifetimes = {
  verify_email: 24 * 60 * MINUTE,
  magic_link: 10 * MINUTE,
  password_reset: 30 * MINUTE,
} as const

export { isUniqueViolation } from '../../../platform/db/errors.js'
