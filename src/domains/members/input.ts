import { z } from 'zod'
import { checkbox } from '../../platform/http/forms.js'
import type { MessageKey } from '../../platform/i18n/index.js'
import type { MemberColumn, Reason } from './member-csv.js'

const reasons = {
  required: 'members.import.reasons.required',
  invalidEmail: 'members.import.reasons.invalidEmail',
  invalidPhone: 'members.import.reasons.invalidPhone',
  invalidPostalCode: 'members.import.reasons.invalidPostalCode',
  invalidDate: 'members.import.reasons.invalidDate',
  leftBeforeEntered: 'members.import.reasons.leftBeforeEntered',
} as const satisfies Record<string, MessageKey>

/** "YYYY-MM-DD" or "DD.MM.YYYY" (day and month may have one digit) to "YYYY-MM-DD", if it is a real date. */
export function toIsoDate(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value)
  if (!m) return undefined
  const [year, month, day] = value.includes('-')
    ? [Number(m[1]), Number(m[2]), Number(m[3])]
    : [Number(m[3]), Number(m[2]), Number(m[1])]
  const d = new Date(Date.UTC(year, month - 1, day))
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined
  return d.toISOString().slice(0, 10)
}

const isDate = (v: string) => toIsoDate(v) !== undefined

/**
 * One data row of the member export, after the header has mapped the file's columns to these names
 * and `cleanRow` has trimmed the cells. Kept free of transforms and preprocessing: at 150,000 rows
 * those cost twenty times the checks themselves.
 */
export const MemberRow = z
  .object({
    memberNumber: z.string({ error: reasons.required }).max(40),
    firstName: z.string({ error: reasons.required }).max(100),
    lastName: z.string({ error: reasons.required }).max(100),
    email: z.email({ error: reasons.invalidEmail }).max(254).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9()/ .-]{3,40}$/, { error: reasons.invalidPhone })
      .optional(),
    postalCode: z
      .string()
      .regex(/^\d{5}$/, { error: reasons.invalidPostalCode })
      .optional(),
    kv: z.string().max(200).optional(),
    localGroup: z.string().max(200).optional(),
    enteredOn: z.string({ error: reasons.required }).refine(isDate, { error: reasons.invalidDate }),
    leftOn: z.string().refine(isDate, { error: reasons.invalidDate }).optional(),
  })
  .refine((r) => !r.leftOn || (toIsoDate(r.leftOn) ?? '') >= (toIsoDate(r.enteredOn) ?? ''), {
    path: ['leftOn'],
    error: reasons.leftBeforeEntered,
  })

/** Cells without surrounding blanks; an empty cell counts as not given. */
export function cleanRow<K extends string>(values: Partial<Record<K, string>>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {}
  for (const key in values) {
    const v = values[key]?.trim()
    if (v) out[key] = v
  }
  return out
}

export type MemberRowInput = z.infer<typeof MemberRow>

const isKey = (m: string): m is MessageKey => m.startsWith('members.import.reasons.')

/** The problems of one row, one per column, as message keys for the report. */
export function rowProblems(error: z.ZodError): { field: MemberColumn; reason: Reason }[] {
  const seen = new Set<string>()
  const out: { field: MemberColumn; reason: Reason }[] = []
  for (const issue of error.issues) {
    const field = String(issue.path[0]) as MemberColumn
    if (seen.has(field)) continue
    seen.add(field)
    if (isKey(issue.message)) out.push({ field, reason: { key: issue.message } })
    else if (issue.code === 'too_big')
      out.push({
        field,
        reason: { key: 'members.import.reasons.tooLong', params: { max: Number(issue.maximum) } },
      })
    else out.push({ field, reason: { key: 'members.import.reasons.invalid' } })
  }
  return out
}

/** The upload form's fields besides the file. */
export const ImportForm = z.object({ goodOnly: checkbox() })

/** A query value that is not what the field takes is left out: the list shows unfiltered instead of failing. */
const optionalQueryValue = <T extends z.ZodType>(schema: T) =>
  z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional())
    .catch(undefined)
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => toIsoDate(v) === v)

export const onboardingStates = ['none', 'running', 'done'] as const
export type OnboardingState = (typeof onboardingStates)[number]

/** GET /units/:id/members (and .csv): the board's search over its members. */
export const MemberListQuery = z.object({
  q: optionalQueryValue(z.string().trim().max(100)),
  local: optionalQueryValue(z.union([z.uuid(), z.literal('none')])),
  team: optionalQueryValue(z.uuid()),
  enteredFrom: optionalQueryValue(isoDate),
  enteredTo: optionalQueryValue(isoDate),
  onboarding: optionalQueryValue(z.enum(onboardingStates)),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
})
export type MemberListQuery = z.infer<typeof MemberListQuery>

/** Why a board takes its members' list off the platform: one of these, recorded with the export (AC-6). */
export const exportPurposes = ['invitation', 'election', 'onboarding', 'statutes'] as const
export const ExportPurpose = z.object({ purpose: z.enum(exportPurposes) })

/** POST /members/:id/placement: the member's KV and local group ('' for none), as the member page's form sends them. */
export const MoveMemberInput = z.object({
  homeUnitId: z.uuid({ error: 'members.move.errors.homeRequired' }),
  localUnitId: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.uuid({ error: 'members.move.errors.localUnknown' }).optional(),
  ),
})
export type MoveMemberInput = z.infer<typeof MoveMemberInput>

/** POST /members/:id/message: what the board writes to a member; the platform sends it without showing the address. */
export const MessageMemberInput = z.object({
  subject: z
    .string({ error: 'members.message.errors.subject' })
    .trim()
    .min(1, { error: 'members.message.errors.subject' })
    .max(150),
  text: z
    .string({ error: 'members.message.errors.text' })
    .trim()
    .min(1, { error: 'members.message.errors.text' })
    .max(5000),
})
export type MessageMemberInput = z.infer<typeof MessageMemberInput>
