import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { OidcIdentity } from '../../../platform/auth/oidc.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, DomainError, NotFoundError } from '../../../platform/errors.js'
import { applyProviderRoles } from '../../org-units/index.js'
import { sealProviderSession } from '../provider-session.js'
import * as repo from '../repo.js'
import { createSession } from '../sessions.js'
import type { User } from '../tables.js'
import { isUniqueViolation, type Meta } from './env.js'
import { confirmEmailOwnership } from './ownership.js'

/** Why a sign-in at the provider did not lead to a session; each is a message the person reads. */
export type SsoRefusal =
  | 'unknownPerson'
  | 'unverifiedEmail'
  | 'noEmail'
  | 'otherLink'
  | 'deactivated'
  | 'ambiguous'

export class SsoRefusedError extends DomainError {
  constructor(readonly reason: SsoRefusal) {
    super(`accounts.sso.reasons.${reason}`, 403)
  }
}

type How = 'linked' | 'existing' | 'created'

/**
 * Signs in a person the party's OpenID provider vouched for (`completeOidcSignIn` checked the ID token):
 *
 * 1. a login already linked (issuer and subject) signs in its account;
 * 2. otherwise, only with an e-mail address the provider marks as verified: the account with that address is
 *    linked, unless it already has another login of this provider (never a silent merge of two identities);
 * 3. otherwise, a person in the member register with that address (current, one member only, not linked to
 *    another account) gets an account linked to the membership;
 * 4. anyone else is refused with a message and no account is created.
 *
 * At each sign-in the roles the provider's claims grant (`OIDC_ROLES`) are granted, and those an earlier sign-in's
 * claims granted but these do not are revoked; the session keeps the ID token, sealed, for signing out there too.
 *
 * Every outcome is audited (`account.sso_linked`, `account.registered`, `account.logged_in` with the method,
 * `account.sso_refused` with the reason).
 */
export async function logInWithOidc(deps: AppDeps, identity: OidcIdentity, meta: Meta) {
  const now = deps.now()
  const db = deps.database.db
  try {
    return await db.transaction(async (tx) => {
      const linked = await repo.findOidcIdentity(tx, identity.issuer, identity.subject)
      let user: User | undefined
      let how: How = 'existing'
      if (linked) {
        user = await repo.findUserById(tx, linked.userId)
        await repo.touchOidcIdentity(tx, linked.id, now)
      } else {
        if (!identity.email) throw new SsoRefusedError('noEmail')
        if (!identity.emailVerified) throw new SsoRefusedError('unverifiedEmail')
        user = await repo.findUserByEmail(tx, identity.email)
        if (user) {
          if (await repo.findOidcIdentityOfUser(tx, user.id, identity.issuer))
            throw new SsoRefusedError('otherLink')
          how = 'linked'
        } else {
          const candidates = await repo.listCurrentMembersByEmail(tx, identity.email)
          if (candidates.length === 0) throw new SsoRefusedError('unknownPerson')
          const only = candidates.length === 1 ? candidates[0]! : undefined
          if (!only || only.linkedUserId) throw new SsoRefusedError('ambiguous')
          user = await repo.insertUser(tx, {
            email: identity.email,
            displayName: identity.name ?? `${only.firstName} ${only.lastName}`,
            passwordHash: null,
            locale: meta.locale ?? 'de',
            memberId: only.memberId,
            emailVerifiedAt: now,
            createdAt: now,
          })
          how = 'created'
          await recordAudit(
            tx,
            undefined,
            {
              action: 'account.registered',
              object: { type: 'user', id: user.id },
              actorUserId: user.id,
              data: { method: 'oidc' },
            },
            meta.requestId,
          )
        }
        if (user.deactivatedAt) throw new SsoRefusedError('deactivated')
        // The provider vouched for the address: it counts as confirmed, and links the membership where it is clear.
        if (how === 'linked') await confirmEmailOwnership(tx, user, now)
        await repo.insertOidcIdentity(tx, {
          userId: user.id,
          issuer: identity.issuer,
          subject: identity.subject,
          linkedAt: now,
          lastLoginAt: now,
        })
        await recordAudit(
          tx,
          undefined,
          {
            action: 'account.sso_linked',
            object: { type: 'user', id: user.id },
            actorUserId: user.id,
            data: { issuer: identity.issuer, by: how === 'created' ? 'member_register' : 'verified_email' },
          },
          meta.requestId,
        )
      }
      if (!user || user.deactivatedAt) throw new SsoRefusedError('deactivated')
      // The roles follow the provider's claims at every sign-in, before the second factor is asked for them.
      await applyProviderRoles(tx, {
        userId: user.id,
        issuer: identity.issuer,
        claimed: identity.roles,
        now,
        requestId: meta.requestId,
      })
      // A second factor the provider confirmed (as the settings say which count) confirms this session too.
      const session = await createSession(
        tx,
        user.id,
        now,
        meta.userAgent,
        identity.secondFactor ? now : null,
        sealProviderSession(deps.secret, user.id, { issuer: identity.issuer, idToken: identity.idToken }),
      )
      await recordAudit(
        tx,
        undefined,
        {
          action: 'account.logged_in',
          object: { type: 'user', id: user.id },
          actorUserId: user.id,
          data: identity.secondFactor
            ? { method: 'oidc', issuer: identity.issuer, secondFactor: 'provider' }
            : { method: 'oidc', issuer: identity.issuer },
        },
        meta.requestId,
      )
      return { ...session, userId: user.id, how, secondFactor: identity.secondFactor }
    })
  } catch (err) {
    // Two first sign-ins of one person at once: the second finds the link the first made.
    if (isUniqueViolation(err, 'oidc_identities_issuer_subject_uq'))
      return logInWithOidc(deps, identity, meta)
    if (err instanceof SsoRefusedError) await recordSsoFailure(deps, identity.issuer, err.reason, meta)
    throw err
  }
}

/** A sign-in at the provider that was refused or failed, in the audit trail (no claims, only the reason). */
export async function recordSsoFailure(deps: AppDeps, issuer: string, reason: string, meta: Meta) {
  await recordAudit(
    deps.database.db,
    undefined,
    { action: 'account.sso_refused', object: { type: 'user', id: null }, data: { issuer, reason } },
    meta.requestId,
  )
}

/** The logins of other providers linked to the account, for the account page. */
export async function listLinkedLogins(deps: AppDeps, actor: Actor) {
  return repo.listOidcIdentitiesOfUser(deps.database.db, actor.userId)
}

/**
 * Removes a linked login. Only when the account has a password, so nobody locks themselves out (a login link
 * by e-mail works too, but the password is what the page promises).
 */
export async function unlinkLogin(deps: AppDeps, actor: Actor, id: string, meta: Meta) {
  await deps.database.db.transaction(async (tx) => {
    const user = await repo.findUserById(tx, actor.userId)
    if (!user?.passwordHash) throw new ConflictError('accounts.sso.unlinkNeedsPassword')
    if (!(await repo.deleteOidcIdentity(tx, actor.userId, id))) throw new NotFoundError()
    await recordAudit(
      tx,
      actor,
      { action: 'account.sso_unlinked', object: { type: 'user', id: actor.userId } },
      meta.requestId,
    )
  })
}
