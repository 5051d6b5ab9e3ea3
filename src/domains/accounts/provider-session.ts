import { open, seal } from './sealed.js'

/** What a session begun at the party's OpenID provider keeps for ending the provider's session at sign-out. */
export type ProviderSession = { issuer: string; idToken: string }

const CONTEXT = (userId: string) => `oidc-id-token/v1:${userId}`

/** Sealed under the app secret and bound to the account: a leaked table or a row copied to another account yields nothing. */
export function sealProviderSession(secret: string, userId: string, session: ProviderSession) {
  return seal(secret, 'oidc-id-token', Buffer.from(JSON.stringify(session)), CONTEXT(userId))
}

/** The provider's issuer and ID token, or undefined when the box does not open (another secret, another account). */
export function openProviderSession(secret: string, userId: string, sealed: string) {
  const raw = open(secret, 'oidc-id-token', sealed, CONTEXT(userId))
  if (!raw) return undefined
  try {
    const parsed = JSON.parse(raw.toString('utf8')) as Partial<ProviderSession>
    return typeof parsed.issuer === 'string' && typeof parsed.idToken === 'string'
      ? { issuer: parsed.issuer, idToken: parsed.idToken }
      : undefined
  } catch {
    return undefined
  }
}
