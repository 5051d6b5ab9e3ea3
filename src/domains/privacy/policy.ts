import type { Actor } from '../../platform/auth/actor.js'

const rules = {
  /** Everyone signed in may read what the platform holds about them (Art. 15 GDPR), whatever their roles. */
  'privacy.exportOwn': (a: Actor | undefined) => a !== undefined,
} as const

export type PrivacyAction = keyof typeof rules

export function can(actor: Actor | undefined, action: PrivacyAction): boolean {
  return rules[action](actor)
}
