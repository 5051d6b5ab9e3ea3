import { z } from 'zod'
import { type Role, roles } from './actor.js'

/**
 * Roles from the claims of the party's OpenID provider (`OIDC_ROLES_CLAIM`, `OIDC_ROLES`): which values of one
 * claim (a `groups` or `roles` list) grant which role on which unit. Deny by default: a value no rule matches,
 * and a unit key no open unit has, grant nothing.
 */

/** The roles a provider's claims may grant: every role but member, which only the member register gives. */
export const providerRoles = roles.filter((r): r is Exclude<Role, 'member'> => r !== 'member')
export type ProviderRole = (typeof providerRoles)[number]

/** What one sign-in's claims grant: a role on the unit with this key (the `Schlüssel` of the structure file). */
export type ClaimedRole = { role: ProviderRole; unitKey: string }

type RoleRule = { value: string; role: ProviderRole; unit: string | undefined; match: RegExp }
export type RoleMapping = { claim: string; rules: readonly RoleRule[] }

/** A unit's key as structure files write it; also what `{unit}` matches in a claim value. */
const UNIT_KEY = /^[A-Za-z0-9._-]+$/
const PLACEHOLDER = '{unit}'
const MAX_VALUES = 1000
const MAX_VALUE_LENGTH = 300

const Target = z.preprocess(
  (v) => (typeof v === 'string' ? { role: v } : v),
  z.strictObject(
    {
      role: z.enum(providerRoles, { message: `must be one of ${providerRoles.join(', ')}` }),
      unit: z
        .string()
        .regex(UNIT_KEY, 'must be a unit key of the structure file (letters, digits, ".", "-", "_")')
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type' ? 'must be a role, or an object with "role" and "unit"' : undefined,
    },
  ),
)
const Mapping = z.record(
  z.string().min(1, 'a claim value must not be empty').max(200, 'a claim value has at most 200 characters'),
  Target,
  { message: 'must be a JSON object from claim values to roles' },
)

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Reads and checks the mapping from the settings: every problem at once, each naming the entry it is about, e.g.
 * `OIDC_ROLES["kv:{unit}:vorstand"].role: must be one of coordinator, board, …`.
 */
export function parseRoleMapping(
  claim: string,
  json: string,
): { mapping: RoleMapping; problems?: undefined } | { problems: string[] } {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch (err) {
    return { problems: [`OIDC_ROLES: not valid JSON (${(err as Error).message})`] }
  }
  const parsed = Mapping.safeParse(raw)
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map((issue) => {
        const [value, ...rest] = issue.path.map(String)
        const where =
          value === undefined ? '' : `[${JSON.stringify(value)}]${rest.map((p) => `.${p}`).join('')}`
        return `OIDC_ROLES${where}: ${issue.message}`
      }),
    }
  const problems: string[] = []
  const rules: RoleRule[] = []
  for (const [value, target] of Object.entries(parsed.data)) {
    const at = `OIDC_ROLES[${JSON.stringify(value)}]`
    const placeholders = value.match(/\{[^}]*\}/g) ?? []
    const others = placeholders.filter((p) => p !== PLACEHOLDER)
    const units = placeholders.length - others.length
    if (others.length > 0)
      problems.push(`${at}: ${others.join(', ')} is no placeholder; the only one is ${PLACEHOLDER}`)
    else if (units > 1) problems.push(`${at}: may hold ${PLACEHOLDER} once`)
    else if (units === 1 && target.unit !== undefined)
      problems.push(`${at}: names its unit twice ({unit} in the value and "unit")`)
    else if (units === 0 && target.unit === undefined)
      problems.push(
        `${at}: names no unit; write ${PLACEHOLDER} where the claim value holds the unit's key, or give "unit"`,
      )
    else {
      const source = value
        .split(PLACEHOLDER)
        .map(escapeRegExp)
        .join(`(${UNIT_KEY.source.slice(1, -1)})`)
      rules.push({ value, role: target.role, unit: target.unit, match: new RegExp(`^${source}$`) })
    }
  }
  if (rules.length === 0 && problems.length === 0) problems.push('OIDC_ROLES: maps no claim value')
  if (problems.length > 0) return { problems }
  return { mapping: Object.freeze({ claim, rules: Object.freeze(rules) }) }
}

/** The claim's values: by its whole name, else by a dotted path into nested claims (`realm_access.roles`). */
function claimValues(claims: Record<string, unknown>, name: string): string[] {
  let found: unknown = claims[name]
  if (found === undefined && name.includes('.')) {
    found = claims
    for (const part of name.split('.')) {
      found =
        typeof found === 'object' && found !== null && !Array.isArray(found)
          ? (found as Record<string, unknown>)[part]
          : undefined
    }
  }
  const list = typeof found === 'string' ? [found] : Array.isArray(found) ? found : []
  return list
    .filter((v): v is string => typeof v === 'string' && v.length <= MAX_VALUE_LENGTH)
    .slice(0, MAX_VALUES)
}

/** Whether the claims carry the mapping's claim at all (else it may be at the provider's userinfo endpoint). */
export function hasRoleClaim(mapping: RoleMapping, claims: Record<string, unknown>) {
  if (claims[mapping.claim] !== undefined) return true
  let found: unknown = claims
  for (const part of mapping.claim.split('.')) {
    if (typeof found !== 'object' || found === null) return false
    found = (found as Record<string, unknown>)[part]
  }
  return found !== undefined
}

/** The roles the claims grant under the mapping, each once; values no rule matches grant nothing. */
export function rolesFromClaims(mapping: RoleMapping, claims: Record<string, unknown>): ClaimedRole[] {
  const out = new Map<string, ClaimedRole>()
  for (const value of claimValues(claims, mapping.claim)) {
    for (const rule of mapping.rules) {
      const m = rule.match.exec(value)
      if (!m) continue
      const unitKey = rule.unit ?? m[1]!
      out.set(`${rule.role} ${unitKey}`, { role: rule.role, unitKey })
    }
  }
  return [...out.values()]
}
