import { z } from 'zod'
import { checkbox, email, text } from '../../platform/http/forms.js'
import { isGuessablePassword } from './password-strength.js'

export const LogInInput = z.object({
  email: email(),
  password: z.string().min(1).max(1024),
  next: z.string().max(2000).optional(),
})
export type LogInInput = z.infer<typeof LogInInput>

/** The password policy of NIST SP 800-63B: long enough, not absurdly long, not easy to guess (./password-strength.ts). */
export const newPassword = () =>
  z
    .string()
    .min(12)
    .max(1024)
    .refine((p) => !isGuessablePassword(p), 'accounts.errors.guessablePassword')

export const RegisterInput = z.object({
  displayName: text(120),
  email: email().pipe(z.string().max(254)),
  password: newPassword(),
})
export type RegisterInput = z.infer<typeof RegisterInput>

export const EmailInput = z.object({ email: email().pipe(z.string().max(254)) })
export type EmailInput = z.infer<typeof EmailInput>

export const NewPasswordInput = z.object({ password: newPassword() })
export type NewPasswordInput = z.infer<typeof NewPasswordInput>

/** A token from an e-mail link: 32 random bytes in base64url. Anything else is simply not found. */
export const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })

/** A session is addressed by its id (the hash of its token), never by the token itself. */
export const SessionParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })

export const UserSearchQuery = z.object({ q: z.string().trim().max(200).optional().default('') })

/** A code from the authenticator (six digits) or a recovery code (ten characters, dashes and spaces allowed). */
const secondFactorCode = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\dA-Za-z\s-]+$/, 'accounts.twoFactor.errors.wrongCode')

export const ConfirmSecondFactorInput = z.object({ code: secondFactorCode() })
export type ConfirmSecondFactorInput = z.infer<typeof ConfirmSecondFactorInput>

export const EnrolSecondFactorInput = z.object({
  enrolment: z.string().min(1).max(200),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'accounts.twoFactor.errors.sixDigits'),
})
export type EnrolSecondFactorInput = z.infer<typeof EnrolSecondFactorInput>

/** Re-authentication before removing the second factor: the current password or a current code. */
export const DisableSecondFactorInput = z
  .object({
    password: z.string().max(1024).optional(),
    code: z.preprocess((v) => (v === '' ? undefined : v), secondFactorCode().optional()),
  })
  .refine((v) => !!v.password || !!v.code, {
    message: 'accounts.twoFactor.errors.reauthRequired',
    path: ['_form'],
  })
export type DisableSecondFactorInput = z.infer<typeof DisableSecondFactorInput>

/** A mail of the outbox, by its number in the queue. */
export const MailParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })

/** A timed job's name, as `src/jobs.ts` gives it (`events.reminders`). */
export const JobParams = z.object({ name: z.string().regex(/^[a-z][a-z0-9.-]{0,79}$/) })

/** The optional mails on the account page: a box each, and how sign-ups reach a coordinator. */
export const MailSettingsInput = z.object({
  shiftReminder: checkbox(),
  eventReminder: checkbox(),
  partnerRequest: checkbox(),
  signupNotice: z.enum(['each', 'digest', 'off']).catch('each'),
})
export type MailSettingsInput = z.infer<typeof MailSettingsInput>
