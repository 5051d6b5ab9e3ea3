import type { DbOrTx } from '../../../platform/db/types.js'
import * as repo from '../repo.js'
import type { User } from '../tables.js'

/**
 * Someone proved they read this address's mail. The address is marked verified, and when exactly one
 * member has it and no other account is linked to that member, the account is linked to the member
 * (which gives the member role on the home district). Two members sharing one address link neither:
 * guessing would hand one of them the other's data. Returns the member linked now, if any.
 */
export async function confirmEmailOwnership(tx: DbOrTx, user: User, now: Date): Promise<string | null> {
  const emailVerifiedAt = user.emailVerifiedAt ?? now
  let memberId: string | null = null
  if (!user.memberId) {
    const candidates = await repo.listMembersByEmail(tx, user.email)
    const only = candidates.length === 1 ? candidates[0] : undefined
    if (only && !only.linkedUserId) memberId = only.memberId
  }
  await repo.updateUser(tx, user.id, memberId ? { emailVerifiedAt, memberId } : { emailVerifiedAt })
  return memberId
}
