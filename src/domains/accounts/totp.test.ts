import { describe, expect, test } from 'vitest'
import { open, seal } from './sealed.js'
import {
  base32Decode,
  base32Encode,
  groupedSecret,
  hotp,
  matchTotp,
  otpauthUri,
  type TotpAlgorithm,
  totp,
} from './totp.js'

// RFC 6238 appendix B: the seeds are the ASCII digits "1234567890" repeated to the hash's length.
const seed = (length: number) => Buffer.from('1234567890'.repeat(7).slice(0, length))
const seeds: Record<TotpAlgorithm, Buffer> = { sha1: seed(20), sha256: seed(32), sha512: seed(64) }

const vectors: [seconds: number, codes: Record<TotpAlgorithm, string>][] = [
  [59, { sha1: '94287082', sha256: '46119246', sha512: '90693936' }],
  [1111111109, { sha1: '07081804', sha256: '68084774', sha512: '25091201' }],
  [1111111111, { sha1: '14050471', sha256: '67062674', sha512: '99943326' }],
  [1234567890, { sha1: '89005924', sha256: '91819424', sha512: '93441116' }],
  [2000000000, { sha1: '69279037', sha256: '90698825', sha512: '38618901' }],
  [20000000000, { sha1: '65353130', sha256: '77737706', sha512: '47863826' }],
]

describe('TOTP (RFC 6238)', () => {
  test.each(vectors)('the test vectors at T = %i s', (seconds, codes) => {
    for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
      expect(totp(seeds[algorithm], seconds * 1000, { digits: 8, algorithm })).toBe(codes[algorithm])
    }
  })

  test('HOTP agrees with RFC 4226 appendix D', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583']
    expect(expected.map((_, i) => hotp(seed(20), i))).toEqual(expected)
  })

  test('six digits keep their leading zeros', () => {
    // 07081804 in eight digits: the last six are 081804.
    expect(totp(seeds.sha1, 1111111109 * 1000)).toBe('081804')
  })

  test('a code matches its own step, one before and one after, and no other', () => {
    const at = 1_700_000_000_000
    const step = Math.floor(at / 30_000)
    const code = totp(seeds.sha1, at)
    expect(matchTotp(seeds.sha1, code, at)).toBe(step)
    expect(matchTotp(seeds.sha1, code, at + 30_000)).toBe(step)
    expect(matchTotp(seeds.sha1, code, at - 30_000)).toBe(step)
    expect(matchTotp(seeds.sha1, code, at + 60_000)).toBeUndefined()
    expect(matchTotp(seeds.sha1, code, at - 60_000)).toBeUndefined()
    expect(matchTotp(seeds.sha1, 'abcdef', at)).toBeUndefined()
    expect(matchTotp(seeds.sha1, `${code}0`, at)).toBeUndefined()
  })
})

describe('base32 and the key URI', () => {
  test('RFC 4648 test vectors, without padding', () => {
    const cases = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar']
    const encoded = ['', 'MY', 'MZXQ', 'MZXW6', 'MZXW6YQ', 'MZXW6YTB', 'MZXW6YTBOI']
    expect(cases.map((c) => base32Encode(Buffer.from(c)))).toEqual(encoded)
    expect(encoded.map((e) => base32Decode(e)?.toString())).toEqual(cases)
    expect(base32Decode('mzxw 6ytb oi==')?.toString()).toBe('foobar')
    expect(base32Decode('MZXW1')).toBeUndefined()
  })

  test('the URI carries issuer, account and the parameters authenticator apps need', () => {
    const uri = otpauthUri({ issuer: 'Brückenschlag', account: 'a@example.org', secret: seeds.sha1 })
    expect(uri).toBe(
      'otpauth://totp/Br%C3%BCckenschlag:a%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Br%C3%BCckenschlag&algorithm=SHA1&digits=6&period=30',
    )
    expect(groupedSecret(seeds.sha1)).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ')
  })
})

describe('sealed secrets', () => {
  const appSecret = 'a-test-secret-of-at-least-thirty-two-chars'

  test('open what was sealed, only with the same secret, purpose and context', () => {
    const box = seal(appSecret, 'totp-secret', seeds.sha1, 'user-1')
    expect(open(appSecret, 'totp-secret', box, 'user-1')).toEqual(seeds.sha1)
    expect(open(appSecret, 'totp-secret', box, 'user-2')).toBeUndefined()
    expect(open(appSecret, 'totp-enrolment', box, 'user-1')).toBeUndefined()
    expect(open(`${appSecret}x`, 'totp-secret', box, 'user-1')).toBeUndefined()
    expect(box).not.toContain(base32Encode(seeds.sha1))
  })

  test('an altered box does not open', () => {
    const box = Buffer.from(seal(appSecret, 'totp-secret', seeds.sha1, 'user-1'), 'base64url')
    box[box.length - 1]! ^= 1
    expect(open(appSecret, 'totp-secret', box.toString('base64url'), 'user-1')).toBeUndefined()
    expect(open(appSecret, 'totp-secret', 'short', 'user-1')).toBeUndefined()
  })
})
