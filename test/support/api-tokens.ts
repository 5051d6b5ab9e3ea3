import { randomBytes } from 'node:crypto'
import { twoFactorCredentials } from '../../src/domains/accounts/tables.js'
import { hashApiToken, TOKEN_PREFIX } from '../../src/domains/api/service/tokens.js'
import { apiTokens } from '../../src/domains/api/tables.js'
import type { OrgUnit } from '../../src/domains/org-units/index.js'
import type { Role } from '../../src/platform/auth/actor.js'
import type { Db } from '../../src/platform/db/types.js'
import { buildUser } from './factories.js'

/**
 * A personal access token of `userId` reaching `unitId`'s subtree, as if created on the account page in a session
 * that confirmed the second factor (unless told otherwise); returns the token in clear.
 */
export async function buildApiToken(
  db: Db,
  userId: string,
  unitId: string,
  now: Date,
  opts: { scope?: 'read' | 'write'; secondFactor?: boolean } = {},
) {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  await db.insert(apiTokens).values({
    userId,
    name: 'test',
    tokenHash: hashApiToken(token),
    scope: opts.scope ?? 'write',
    unitId,
    secondFactor: opts.secondFactor ?? true,
    expiresAt: new Date(now.getTime() + 24 * 3600_000),
  })
  return token
}

/** An account holding these roles (and a membership of `member`) with a second factor set up: a token's owner. */
export async function buildTokenOwner(db: Db, now: Date, roles: [Role, OrgUnit][], member?: OrgUnit) {
  const user = await buildUser(db, { roles, ...(member ? { member } : {}) })
  await db.insert(twoFactorCredentials).values({ userId: user.id, secretSealed: 'sealed', confirmedAt: now })
  return user
}
