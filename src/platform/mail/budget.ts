import type { DbOrTx } from '../db/types.js'
import { takeBudget } from '../limits/limits.js'

/** Mails a form may cause to one address per hour, whoever fills it in. */
export const MAIL_BUDGET = { max: 5, windowMs: 3600_000 }

/**
 * Takes one mail from the hourly budget of an address; false when it is spent. Per-IP limits do not
 * stop a botnet from mail-bombing one address, this does. Kept in the database, so it holds across processes.
 */
export function takeMailBudget(db: DbOrTx, address: string, now: Date): Promise<boolean> {
  return takeBudget(db, `mail:${address.toLowerCase()}`, MAIL_BUDGET, now)
}
