import { z } from 'zod'
import type { MessageKey } from '../i18n/index.js'

export type FieldErrors = Record<string, MessageKey>
export type FormValues = Record<string, string>
export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; values: FormValues; errors: FieldErrors; params: Record<string, Record<string, number>> }

const keyLike = /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/

/** Turns zod issues into one message key per field, so a form re-renders with its errors beside the fields. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(body ?? {})
  if (parsed.success) return { ok: true, data: parsed.data }
  const errors: FieldErrors = {}
  const params: Record<string, Record<string, number>> = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '_form')
    if (errors[field]) continue
    if (keyLike.test(issue.message)) {
      errors[field] = issue.message as MessageKey
    } else if (issue.code === 'invalid_type') {
      errors[field] = 'common.form.required'
    } else if (issue.code === 'too_small') {
      const min = Number(issue.minimum)
      errors[field] = min <= 1 ? 'common.form.required' : 'common.form.tooShort'
      params[field] = { min }
    } else if (issue.code === 'too_big') {
      errors[field] = 'common.form.tooLong'
      params[field] = { max: Number(issue.maximum) }
    } else if (issue.code === 'invalid_format' && issue.format === 'email') {
      errors[field] = 'common.form.invalidEmail'
    } else {
      errors[field] = 'common.form.invalid'
    }
  }
  return { ok: false, values: formValues(body), errors, params }
}

/** The submitted values as strings, to refill the form. Passwords are never echoed back. */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {}
  if (!body || typeof body !== 'object') return out
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf' || /password/i.test(k)) continue
    if (typeof v === 'string') out[k] = v
  }
  return out
}

/** Form fields arrive as strings; an empty one means "not given". */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const text = (max = 200) => z.string().trim().min(1).max(max)
export const optionalText = (max = 2000) =>
  z.preprocess(emptyToUndefined, z.string().trim().max(max).optional())
export const email = () => z.string().trim().toLowerCase().pipe(z.email())
export const uuid = () => z.uuid({ message: 'common.errors.notFound' })
export const checkbox = () => z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean())
export const IdParams = z.object({ id: z.uuid() })
