import { recordAudit } from '../../../platform/audit/record.js'
import type { ClaimedRole } from '../../../platform/auth/oidc-roles.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { findOpenUnitsByKeys, insertRoleGrant, listProviderGrants, revokeGrantRow } from '../repo.js'

/**
 * Brings a person's roles from the party's OpenID provider in line with the claims of this sign-in, inside the
 * sign-in's transaction: a role the claims grant and the person does not hold is granted (marked as the
 * provider's), a role an earlier sign-in's claims granted and these no longer do is revoked. Grants made by
 * people are never touched: a role the person already holds from an admin stays theirs and is not granted twice.
 * A unit key that names no open unit grants nothing. Each change is an audit row done by the provider
 * (`role.granted` / `role.revoked` with `via: oidc` and its issuer).
 */
export async function applyProviderRoles(
  tx: DbOrTx,
  input: {
    userId: string
    issuer: string
    claimed: readonly ClaimedRole[]
    now: Date
    requestId?: string | undefined
  },
) {
  const units = await findOpenUnitsByKeys(tx, [...new Set(input.claimed.map((c) => c.unitKey))])
  const byKey = new Map(units.map((u) => [u.key, u]))
  const wanted = new Map<string, { role: ClaimedRole['role']; unit: (typeof units)[number] }>()
  for (const c of input.claimed) {
    const unit = byKey.get(c.unitKey)
    if (unit) wanted.set(`${c.role} ${unit.id}`, { role: c.role, unit })
  }
  const changes = { granted: 0, revoked: 0 }
  const via = { via: 'oidc', issuer: input.issuer }
  for (const held of await listProviderGrants(tx, input.userId, input.issuer)) {
    if (wanted.delete(`${held.role} ${held.unit.id}`)) continue
    const revoked = await revokeGrantRow(tx, held.id, null, input.now)
    if (!revoked) continue
    changes.revoked++
    await recordAudit(
      tx,
      undefined,
      {
        action: 'role.revoked',
        unit: held.unit,
        object: { type: 'role_grant', id: held.id },
        data: { userId: input.userId, role: held.role, unitName: held.unit.name, ...via },
      },
      input.requestId,
    )
  }
  for (const { role, unit } of wanted.values()) {
    const grant = await insertRoleGrant(tx, {
      userId: input.userId,
      unitId: unit.id,
      role,
      grantedAt: input.now,
      grantedByProvider: input.issuer,
    })
    // Held already, from a person's grant: it stays theirs.
    if (!grant) continue
    changes.granted++
    await recordAudit(
      tx,
      undefined,
      {
        action: 'role.granted',
        unit,
        object: { type: 'role_grant', id: grant.id },
        data: { userId: input.userId, role, unitName: unit.name, ...via },
      },
      input.requestId,
    )
  }
  return changes
}
