import { seal } from '../domains/accounts/sealed.js'
import { twoFactorCredentials } from '../domains/accounts/tables.js'
import { base32Decode } from '../domains/accounts/totp.js'
import type { DbOrTx } from '../platform/db/types.js'

/**
 * The authenticator key of every demo account with a role above member, published in
 * docs/demo-accounts.md so anyone trying the demo can add it to an authenticator app. A demo
 * instance is public by nature; never run one with real data.
 */
export const DEMO_TOTP_SECRET = 'BRUECKENSCHLAGDEMOZWEIFAKTORZWEI'

/** Enrols the given accounts with the demo key, sealed like any other under this instance's secret. */
export async function seedDemoTwoFactor(tx: DbOrTx, userIds: string[], now: Date, appSecret: string) {
  const secret = base32Decode(DEMO_TOTP_SECRET)!
  if (userIds.length === 0) return
  await tx.insert(twoFactorCredentials).values(
    userIds.map((userId) => ({
      userId,
      secretSealed: seal(appSecret, 'totp-secret', secret, userId),
      confirmedAt: now,
    })),
  )
}
