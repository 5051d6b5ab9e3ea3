import { describe, expect, test } from 'vitest'
import { csrfTokenFor, freshCsrfToken, isValidCsrfToken, keptCsrfTokenCount } from './csrf.js'

describe('CSRF tokens', () => {
  test('a new binding gets its token without it being kept; a binding that comes back is kept', () => {
    const secret = 'csrf-test-secret-kept-tokens-0001'
    const fresh = Array.from({ length: 50 }, () => freshCsrfToken(secret))
    expect(new Set(fresh.map((f) => f.binding)).size).toBe(50)
    expect(keptCsrfTokenCount(secret)).toBe(0)
    const [one] = fresh
    expect(one!.token).toBe(csrfTokenFor(secret, one!.binding))
    expect(keptCsrfTokenCount(secret)).toBe(1)
    expect(isValidCsrfToken(secret, one!.binding, one!.token)).toBe(true)
    expect(isValidCsrfToken(secret, fresh[1]!.binding, one!.token)).toBe(false)
  })

  test('a token is bound to its secret', () => {
    const { binding, token } = freshCsrfToken('csrf-test-secret-a-0000000000001')
    expect(csrfTokenFor('csrf-test-secret-b-0000000000001', binding)).not.toBe(token)
    expect(isValidCsrfToken('csrf-test-secret-a-0000000000001', binding, token)).toBe(true)
  })

  test('a form with a made-up binding is checked without its token being kept; a right token keeps it', () => {
    const secret = 'csrf-test-secret-made-up-binding-01'
    const madeUp = Array.from({ length: 20 }, (_, i) => `made-up-cookie-${i}`.padEnd(40, 'x'))
    for (const binding of madeUp) expect(isValidCsrfToken(secret, binding, 'guessed-token')).toBe(false)
    expect(keptCsrfTokenCount(secret)).toBe(0)
    // A binding a page gave out (not kept then) comes back with its token: now it is kept.
    const fresh = freshCsrfToken(secret)
    expect(isValidCsrfToken(secret, fresh.binding, 'wrong')).toBe(false)
    expect(keptCsrfTokenCount(secret)).toBe(0)
    expect(isValidCsrfToken(secret, fresh.binding, fresh.token)).toBe(true)
    expect(keptCsrfTokenCount(secret)).toBe(1)
    expect(isValidCsrfToken(secret, fresh.binding, fresh.token)).toBe(true)
    expect(keptCsrfTokenCount(secret)).toBe(1)
  })
})
