import * as client from 'openid-client'
import type { Config } from '../../config.js'
import { type ClaimedRole, hasRoleClaim, rolesFromClaims } from './oidc-roles.js'

/** The single sign-on settings (`OIDC_*`), present only when the platform is configured for it. */
export type OidcSettings = NonNullable<Config['auth']['oidc']>

/** What the provider said about the person, after the ID token's signature and claims were checked. */
export type OidcIdentity = {
  issuer: string
  subject: string
  email: string | null
  emailVerified: boolean
  name: string | null
  /** The provider confirmed a second factor in this sign-in (its `amr` or `acr`, as the settings name them). */
  secondFactor: boolean
  /** The ID token as the provider signed it: the hint that names this sign-in when the platform ends it there. */
  idToken: string
  /** The roles the claims grant under `OIDC_ROLES` (none without a mapping, or when no value matches). */
  roles: ClaimedRole[]
}

/** A sign-in at the provider that failed; `reason` is logged and audited, never the provider's text. */
export class OidcError extends Error {
  constructor(
    readonly reason: 'unreachable' | 'denied' | 'invalid',
    cause?: unknown,
  ) {
    super(`single sign-on failed: ${reason}`, { cause })
  }
}

const DISCOVERY_TTL_MS = 60 * 60_000
const cached = new Map<string, { at: number; config: Promise<client.Configuration> }>()

const isLoopbackHost = (host: string) =>
  host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host)

/**
 * The provider's configuration from its discovery document (`/.well-known/openid-configuration`), kept for an
 * hour per process; a failed discovery is not kept, so the next sign-in asks again. Plain http is accepted only
 * for a provider on this machine (the configuration refuses it elsewhere).
 */
export function oidcConfiguration(settings: OidcSettings, now = Date.now()): Promise<client.Configuration> {
  const key = `${settings.issuer}\u0000${settings.clientId}`
  const hit = cached.get(key)
  if (hit && now - hit.at < DISCOVERY_TTL_MS) return hit.config
  const issuer = new URL(settings.issuer)
  const insecure = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname)
  const config = client
    .discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
      // The ID token's signature is checked against the provider's published keys (jwks_uri), not only
      // trusted for having come over TLS from the token endpoint.
      execute: insecure
        ? [client.allowInsecureRequests, client.enableNonRepudiationChecks]
        : [client.enableNonRepudiationChecks],
      timeout: 10,
    })
    .catch((err: unknown) => {
      cached.delete(key)
      throw new OidcError('unreachable', err)
    })
  cached.set(key, { at: now, config })
  return config
}

/** The secrets a sign-in carries from its start to the provider's answer: kept in a sealed cookie. */
export type OidcChecks = { state: string; nonce: string; verifier: string }

/** Starts a sign-in: the provider's authorization URL with PKCE (S256), `state` and `nonce`, and those secrets. */
export async function beginOidcSignIn(settings: OidcSettings): Promise<{ url: URL; checks: OidcChecks }> {
  const config = await oidcConfiguration(settings)
  const checks = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
  }
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUrl,
    scope: settings.scopes,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(checks.verifier),
    code_challenge_method: 'S256',
    state: checks.state,
    nonce: checks.nonce,
  })
  return { url, checks }
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)

/**
 * Finishes a sign-in with the provider's answer (the query of the callback): checks `state`, redeems the code
 * with the PKCE verifier, checks the ID token (signature, issuer, audience, expiry, `nonce`) and reads the
 * person's claims, from the ID token or, where it carries no e-mail, from the userinfo endpoint.
 */
export async function completeOidcSignIn(
  settings: OidcSettings,
  query: string,
  checks: OidcChecks,
): Promise<OidcIdentity> {
  const config = await oidcConfiguration(settings)
  const callback = new URL(settings.redirectUrl)
  callback.search = query
  if (callback.searchParams.has('error')) throw new OidcError('denied')
  let claims: Record<string, unknown>
  let idToken: Record<string, unknown>
  let accessToken: string
  let rawIdToken: string | undefined
  try {
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    })
    claims = { ...tokens.claims() }
    idToken = claims
    accessToken = tokens.access_token
    rawIdToken = tokens.id_token
  } catch (err) {
    throw new OidcError('invalid', err)
  }
  const subject = text(claims.sub)
  if (!subject || !rawIdToken) throw new OidcError('invalid')
  const rolesMissing = settings.roles !== undefined && !hasRoleClaim(settings.roles, claims)
  if ((claims.email === undefined || rolesMissing) && config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await client.fetchUserInfo(config, accessToken, subject)
      claims = { ...info, ...claims }
    } catch (err) {
      throw new OidcError('invalid', err)
    }
  }
  const email = text(claims.email)
  // How the person logged in is read from the signed ID token alone.
  const amr = Array.isArray(idToken.amr) ? idToken.amr.filter((v): v is string => typeof v === 'string') : []
  const acr = text(idToken.acr)
  const secondFactor =
    amr.some((v) => settings.secondFactor.amr.includes(v)) ||
    (acr !== null && settings.secondFactor.acr.includes(acr))
  return {
    issuer: config.serverMetadata().issuer,
    subject,
    email: email?.toLowerCase() ?? null,
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    name:
      text(claims.name) ??
      ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || null),
    secondFactor,
    idToken: rawIdToken,
    roles: settings.roles ? rolesFromClaims(settings.roles, claims) : [],
  }
}

/**
 * Where to send the browser so that the provider ends its session too (OpenID Connect RP-Initiated Logout 1.0):
 * its `end_session_endpoint` with the sign-in's ID token as `id_token_hint` and the registered
 * `post_logout_redirect_uri`. Undefined when the provider publishes no such endpoint, cannot be reached, or is
 * not the one that issued the token (the settings changed since): then signing out ends the platform's session only.
 */
export async function providerLogoutUrl(
  settings: OidcSettings,
  session: { issuer: string; idToken: string },
): Promise<URL | undefined> {
  let config: client.Configuration
  try {
    config = await oidcConfiguration(settings)
  } catch {
    return undefined
  }
  const metadata = config.serverMetadata()
  if (metadata.issuer !== session.issuer || !metadata.end_session_endpoint) return undefined
  return client.buildEndSessionUrl(config, {
    id_token_hint: session.idToken,
    post_logout_redirect_uri: settings.postLogoutRedirectUrl,
  })
}
