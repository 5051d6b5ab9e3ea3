import { type Actor, holdsAnywhere } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'

/** Which audit rows an actor may read: all of them, or those on units inside the given subtrees. */
export type AuditScope = { all: boolean; paths: string[] }

const isRootPath = (path: string) => path.split('/').filter(Boolean).length === 1

const policy = definePolicy({
  /** The audit log is for admins; each reads the rows of the units they administer. */
  'audit.view': (a: Actor | undefined, _s: Record<string, never>) => holdsAnywhere(a, 'admin'),
  /**
   * Recomputing the whole hash chain reads every row of the trail: only admins of the whole federation
   * start it by hand. Every admin sees the outcome of the latest check.
   */
  'audit.verify': (a: Actor | undefined, _s: Record<string, never>) => auditScope(a).all,
})
export const { can, authorize } = policy

/**
 * An admin of the whole federation reads everything, including rows tied to no unit (logins, …).
 * An admin of a state or district reads only rows on units in their subtree.
 */
export function auditScope(actor: Actor | undefined): AuditScope {
  const adminPaths = (actor?.grants ?? []).filter((g) => g.role === 'admin').map((g) => g.unitPath)
  return { all: adminPaths.some(isRootPath), paths: adminPaths }
}

/** What the audit log's page may offer this actor; views never re-derive the rules. */
export function abilities(actor: Actor | undefined) {
  return policy.abilities(actor, { verify: ['audit.verify', {}] })
}

export type AuditAbilities = ReturnType<typeof abilities>
