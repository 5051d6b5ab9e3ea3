import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM under a key derived from the app secret (HKDF-SHA-256, one key per purpose). The
 * additional data binds a box to its context (the account), so a box copied to another row does
 * not open. Format: base64url of iv (12) | tag (16) | ciphertext.
 */
export type SealPurpose = 'totp-secret' | 'totp-enrolment' | 'oidc-sign-in' | 'oidc-id-token'

const keys = new Map<string, Buffer>()

function keyFor(appSecret: string, purpose: SealPurpose): Buffer {
  const cacheKey = `${purpose}\u0000${appSecret}`
  let key = keys.get(cacheKey)
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', appSecret, 'brueckenschlag', `accounts/${purpose}/v1`, 32))
    keys.set(cacheKey, key)
  }
  return key
}

export function seal(
  appSecret: string,
  purpose: SealPurpose,
  plaintext: Uint8Array,
  context: string,
): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFor(appSecret, purpose), iv)
  cipher.setAAD(Buffer.from(context))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

/** The plaintext, or undefined when the box was altered, belongs to another context or another key. */
export function open(
  appSecret: string,
  purpose: SealPurpose,
  box: string,
  context: string,
): Buffer | undefined {
  const raw = Buffer.from(box, 'base64url')
  if (raw.length < 29) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(appSecret, purpose), raw.subarray(0, 12))
    decipher.setAAD(Buffer.from(context))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()])
  } catch {
    return undefined
  }
}
