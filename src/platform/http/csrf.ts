import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { BoundedMap } from '../bounded-map.js'

// The token of a binding never changes, and every page a signed-in person opens carries one: the latest
// tokens are kept (per secret, so apps with different secrets in one process never share one) instead of
// computing the HMAC on every request. Only bindings of the length this platform makes (session ids,
// newCsrfBinding) are kept: a cookie sent with a forged binding of any length is checked, not stored.
const tokensBySecret = new Map<string, BoundedMap<string, string>>()

/**
 * Synchroniser tokens bound to the session (or, before login, to a random cookie):
 * a token taken from one visitor's page is useless with another visitor's cookies.
 */
export function csrfTokenFor(secret: string, binding: string): string {
  let tokens = tokensBySecret.get(secret)
  if (!tokens) {
    tokens = new BoundedMap(10_000)
    tokensBySecret.set(secret, tokens)
  }
  let token = tokens.get(binding)
  if (token === undefined) {
    token = createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url')
    if (binding.length <= 64) tokens.set(binding, token)
  }
  return token
}

export function isValidCsrfToken(secret: string, binding: string | undefined, token: unknown): boolean {
  if (!binding || typeof token !== 'string' || token.length === 0) return false
  const expected = Buffer.from(csrfTokenFor(secret, binding))
  const given = Buffer.from(token)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

export function newCsrfBinding(): string {
  return randomBytes(24).toString('base64url')
}
