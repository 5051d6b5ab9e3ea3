import { createHash } from 'node:crypto'

/**
 * What an erased member's row keeps of their member number: a sha256, enough to recognise the number
 * in a later import file and not to show it. It is not keyed with the app secret on purpose: a
 * rotated secret would silently stop the match and let an old file bring the person back. Member
 * numbers are short, so the hash is a pseudonym for whoever holds the database, not an anonymisation.
 */
export function memberNumberKey(memberNumber: string) {
  return createHash('sha256').update(`brueckenschlag:member-number:${memberNumber.trim()}`).digest('hex')
}
