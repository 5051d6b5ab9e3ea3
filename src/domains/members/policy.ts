import { type Actor, holds } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { OrgUnit } from '../org-units/index.js'

type Federation = Pick<OrgUnit, 'kind' | 'path'>

const rules = {
  /**
   * An import writes the personal data of the whole federation: only an admin of the federation itself
   * (the root of the tree) may run it, never the admin of a state below it.
   */
  'members.import': (a: Actor | undefined, s: { federation: Federation | undefined }) =>
    s.federation?.kind === 'federal' && holds(a, 'admin', s.federation.path),
} as const

export type MembersAction = keyof typeof rules

export const { can, authorize } = definePolicy(rules)

/** The root unit the actor administers, if any: its grant sits on a path with a single id. */
export function administeredFederationId(actor: Actor | undefined): string | undefined {
  return actor?.grants.find((g) => g.role === 'admin' && /^\/[^/]+\/$/.test(g.unitPath))?.unitId
}
