import { recordAudit } from '../../../platform/audit/record.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { addDays, localDay } from '../../../platform/time.js'
import { memberNumberKey } from '../../members/index.js'
import { inventory } from '../inventory.js'
import {
  eraseReference,
  findAccountOfMember,
  lockDueFormerMembers,
  type PersonIds,
  pseudonymiseAccount,
  tableName,
  tombstoneMember,
  unlinkAccount,
} from '../repo.js'

/** Members erased per transaction: a batch commits whole or not at all. */
export const ERASURE_BATCH = 50

/** The last day of leaving that is past the retention period today (calendar days in Berlin). */
export function retentionCutoff(now: Date, retentionDays: number): string {
  return addDays(localDay(now), -retentionDays)
}

/**
 * Erases one former member inside the caller's transaction: every reference of the inventory is
 * carried out (deleted, unlinked or kept pseudonymised), the account is pseudonymised (or, while it
 * still holds a role, only unlinked) and the member row becomes a tombstone. The audit row holds ids
 * and counts per table.
 */
async function eraseMember(tx: DbOrTx, member: { id: string; memberNumber: string }, now: Date) {
  const account = await findAccountOfMember(tx, member.id)
  const keepsAccount = account?.holdsRole ?? false
  // An account that stays in use is not the former member's to lose: its own rows are left alone.
  const ids: PersonIds = { member: member.id, user: account && !keepsAccount ? account.id : null }
  const rows: Record<string, number> = {}
  for (const entry of inventory()) {
    for (const ref of entry.references) {
      if (ref.erase === 'own-row') continue
      const changed = await eraseReference(tx, entry, ref, ids)
      if (changed > 0) rows[tableName(entry)] = (rows[tableName(entry)] ?? 0) + changed
    }
  }
  if (account && keepsAccount) await unlinkAccount(tx, account.id)
  else if (account) await pseudonymiseAccount(tx, account.id, now)
  await tombstoneMember(tx, member.id, memberNumberKey(member.memberNumber), now)
  await recordAudit(tx, undefined, {
    action: 'privacy.member_erased',
    object: { type: 'member', id: member.id },
    data: {
      account: account ? (keepsAccount ? 'unlinked' : 'pseudonymised') : 'none',
      accountId: account?.id ?? null,
      rows,
    },
  })
}

/**
 * The retention job (Art. 5(1)(e), 17 GDPR): erases the members who left more than the configured
 * number of days ago. Works in batches of `ERASURE_BATCH` members, one transaction each, so an
 * interrupted run leaves every member either untouched or wholly erased and the next run goes on
 * where it stopped. An erased member is never picked again, so a second run changes nothing.
 */
export async function eraseFormerMembers(
  deps: AppDeps,
  config: Pick<Settings, 'privacy'>,
  batchSize = ERASURE_BATCH,
) {
  const now = deps.now()
  const cutoff = retentionCutoff(now, config.privacy.retentionDaysAfterLeaving)
  let erased = 0
  for (;;) {
    const done = await deps.database.db.transaction(async (tx) => {
      const due = await lockDueFormerMembers(tx, cutoff, batchSize)
      for (const member of due) await eraseMember(tx, member, now)
      return due.length
    })
    erased += done
    if (done < batchSize) return { erased }
  }
}
