/**
 * How guessable a new password is, estimated by zxcvbn (`@zxcvbn-ts/core`) with its common dictionaries
 * (passwords, names, words of many languages) and the German one. NIST SP 800-63B asks to refuse passwords that
 * are common, expected or compromised, not to demand character classes; zxcvbn's score 3 means about 10^8
 * guesses or more (safe against online guessing and slowed offline attacks with argon2).
 */
import { createRequire } from 'node:module'
import type { ZxcvbnFactory } from '@zxcvbn-ts/core'

export const MIN_SCORE = 3

const PLATFORM_WORDS = [
  'brückenschlag',
  'brueckenschlag',
  'kreisverband',
  'landesverband',
  'bundesverband',
  'ortsverband',
  'partnerschaft',
  'mitmachpartei',
  'mitgliederversammlung',
  'correct horse battery staple',
]

/** Only the start of a long password is estimated: the estimate's time grows with the length (0.3 s at 300). */
const ESTIMATED_LENGTH = 100

let estimator: ZxcvbnFactory | undefined

/**
 * Loaded and built on first use: loading the dictionaries takes about 80 ms of CPU and 14 MB, indexing them about
 * 0.2 s, which a server start should not wait for.
 */
function zxcvbn() {
  if (estimator) return estimator
  const require = createRequire(import.meta.url)
  const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core')
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')
  const de = require('@zxcvbn-ts/language-de') as typeof import('@zxcvbn-ts/language-de')
  estimator = new Factory({
    // Words of this platform and of the party's everyday life, and the best-known example passphrase.
    dictionary: { ...common.dictionary, ...de.dictionary, platform: PLATFORM_WORDS },
    graphs: common.adjacencyGraphs,
  })
  return estimator
}

/** True when the password is too easy to guess: a common password, a word with digits, a keyboard row, a repeat. */
export function isGuessablePassword(password: string): boolean {
  return zxcvbn().check(password.trim().slice(0, ESTIMATED_LENGTH)).score < MIN_SCORE
}
