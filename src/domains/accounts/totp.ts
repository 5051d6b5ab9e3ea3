import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Time-based one-time passwords (RFC 6238 on top of HOTP, RFC 4226) with node:crypto alone.
 * Authenticator apps expect SHA-1, 6 digits and 30-second steps; the other algorithms and
 * lengths exist for the RFC's test vectors.
 */
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512'
export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 without padding, as authenticator apps read it. */
export function base32Encode(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** Reads base32 with any case, spaces and padding; undefined for anything else. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const ch of clean) {
    const index = BASE32.indexOf(ch)
    if (index < 0) return undefined
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** A new shared secret: 160 bits, the length RFC 4226 recommends for HMAC-SHA-1. */
export function newTotpSecret(): Buffer {
  return randomBytes(20)
}

/** HOTP (RFC 4226 section 5.3): HMAC of the counter, dynamic truncation, the last `digits` decimal digits. */
export function hotp(
  secret: Uint8Array,
  counter: number,
  digits = TOTP_DIGITS,
  algorithm: TotpAlgorithm = 'sha1',
) {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(algorithm, secret).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** The time step (RFC 6238's T) a moment falls into. */
export function timeStep(atMs: number, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(atMs / 1000 / stepSeconds)
}

export function totp(
  secret: Uint8Array,
  atMs: number,
  opts: { digits?: number; algorithm?: TotpAlgorithm } = {},
): string {
  return hotp(secret, timeStep(atMs), opts.digits, opts.algorithm)
}

/**
 * The time step whose code this is, looking one step back and one ahead for clocks that drift
 * and codes typed at the edge of a step (RFC 6238 section 5.2); undefined when none matches.
 * Every candidate is compared, in constant time, so timing tells nothing about which was close.
 */
export function matchTotp(secret: Uint8Array, code: string, atMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const now = timeStep(atMs)
  let found: number | undefined
  for (const step of [now - 1, now, now + 1]) {
    const expected = Buffer.from(hotp(secret, step))
    if (timingSafeEqual(expected, Buffer.from(code)) && found === undefined) found = step
  }
  return found
}

/** The Key URI Format of Google Authenticator, which every common authenticator app reads. */
export function otpauthUri(opts: { issuer: string; account: string; secret: Uint8Array }): string {
  const label = `${encodeURIComponent(opts.issuer)}:${encodeURIComponent(opts.account)}`
  const params = new URLSearchParams({
    secret: base32Encode(opts.secret),
    issuer: opts.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  })
  return `otpauth://totp/${label}?${params.toString()}`
}

/** The secret for reading aloud or typing: groups of four characters. */
export function groupedSecret(secret: Uint8Array): string {
  return base32Encode(secret).replace(/(.{4})(?=.)/g, '$1 ')
}
