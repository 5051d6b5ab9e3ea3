import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Synchroniser tokens bound to the session (or, before login, to a random cookie):
 * a token taken from one visitor's page is useless with another visitor's cookies.
 */
export function csrfTokenFor(secret: string, binding: string): string {
  return createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url')
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
