import type { Actor } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'

const rules = {
  /** Everyone signed in may read what the platform holds about them (Art. 15 GDPR), whatever their roles. */
  'privacy.exportOwn': (a: Actor | undefined, _s: Record<string, never>) => a !== undefined,
} as const

export type PrivacyAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)
