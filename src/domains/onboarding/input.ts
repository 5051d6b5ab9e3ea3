import { z } from 'zod'
import { checkbox, optionalText, text } from '../../platform/http/forms.js'
import { volunteerReaches, volunteerScopes } from '../volunteers/index.js'
import { contactOutcomes, interestTopics, stepKinds } from './tables.js'
import { unknownPlaceholders } from './welcome-text.js'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const isoDate = (message: string) => z.iso.date({ message })
const optionalInt = (min: number, max: number, message: string) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message }).optional(),
  )

// A checkbox group arrives as a string for one box and as an array for several.
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(max))

export const StepParams = z.object({ id: z.uuid(), stepId: z.uuid() })
export const PipelineStepParams = z.object({
  id: z.uuid(),
  position: z.coerce.number().int().min(1).max(1000),
})

export const StepInput = z
  .object({
    kind: z.enum(stepKinds, { message: 'onboarding.errors.kind' }),
    title: optionalText(120),
    dueDays: z.coerce
      .number({ message: 'onboarding.errors.dueDays' })
      .int({ message: 'onboarding.errors.dueDays' })
      .min(0, { message: 'onboarding.errors.dueDays' })
      .max(365, { message: 'onboarding.errors.dueDays' }),
    mandatory: checkbox(),
  })
  .refine((v) => v.kind !== 'custom' || !!v.title, { path: ['title'], message: 'onboarding.errors.title' })
export type StepInput = z.infer<typeof StepInput>

export const StandardStepAction = z.object({ action: z.enum(['remove', 'drop', 'restore']) })

const withKnownPlaceholders = (max: number) =>
  text(max).refine((v) => unknownPlaceholders(v).length === 0, { message: 'onboarding.errors.placeholder' })

export const WelcomeTextInput = z.object({
  subject: withKnownPlaceholders(200),
  body: withKnownPlaceholders(5000),
})
export type WelcomeTextInput = z.infer<typeof WelcomeTextInput>

export const ContactInput = z
  .object({
    outcome: z.enum(contactOutcomes, { message: 'onboarding.errors.outcome' }),
    attemptedOn: isoDate('onboarding.errors.date'),
    callBackOn: z.preprocess(emptyToUndefined, isoDate('onboarding.errors.date').optional()),
    note: optionalText(1000),
  })
  .refine((v) => v.outcome !== 'call_back' || !!v.callBackOn, {
    path: ['callBackOn'],
    message: 'onboarding.errors.callBackOn',
  })
export type ContactInput = z.infer<typeof ContactInput>

export const BuddyInput = z.object({ buddyMemberId: z.uuid({ message: 'onboarding.errors.buddy' }) })
export type BuddyInput = z.infer<typeof BuddyInput>

export const PipelineStepAction = z.object({ action: z.enum(['done', 'skip', 'reopen', 'send']) })

export const queueFilters = ['open', 'overdue', 'done', 'all'] as const
export type QueueFilter = (typeof queueFilters)[number]
export const QueueQuery = z.object({ show: z.enum(queueFilters).catch('open') }).catch({ show: 'open' })

/** `?template=`: a welcome-mail template of the Wissenswerk ("use this"); anything else is ignored. */
export const TemplateQuery = z.object({ template: z.uuid().optional().catch(undefined) }).catch({})

export const BuddyQuery = z.object({ q: z.string().trim().max(80).catch('') }).catch({ q: '' })

/** A GET form: a bad date falls back to the default period instead of an error page. */
export const DashboardQuery = z
  .object({
    from: z.preprocess(emptyToUndefined, z.iso.date().optional()).catch(undefined),
    to: z.preprocess(emptyToUndefined, z.iso.date().optional()).catch(undefined),
  })
  .catch({ from: undefined, to: undefined })

export const QuestionnaireInput = z
  .object({
    interests: list(z.enum(interestTopics, { message: 'onboarding.errors.interest' }), interestTopics.length),
    skillIds: list(z.uuid({ message: 'onboarding.errors.skill' }), 50),
    hoursPerMonth: optionalInt(0, 200, 'onboarding.errors.hours'),
    weekdays: checkbox(),
    evenings: checkbox(),
    weekends: checkbox(),
    message: optionalText(2000),
    // Only with this box ticked do the answers go into the volunteer pool, under its consent.
    joinPool: checkbox(),
    reach: z.preprocess(
      emptyToUndefined,
      z.enum(volunteerReaches, { message: 'onboarding.errors.reach' }).optional(),
    ),
    reachKm: optionalInt(1, 1000, 'onboarding.errors.reachKm'),
    scope: z.preprocess(
      emptyToUndefined,
      z.enum(volunteerScopes, { message: 'onboarding.errors.scope' }).optional(),
    ),
    consentVersion: z.string().max(100).optional(),
    consent: checkbox(),
  })
  .superRefine((v, ctx) => {
    if (!v.joinPool) return
    const need = (ok: boolean, path: string, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message })
    }
    need(v.skillIds.length > 0, 'skillIds', 'onboarding.errors.poolSkills')
    need((v.hoursPerMonth ?? 0) >= 1, 'hoursPerMonth', 'onboarding.errors.poolHours')
    need(!!v.reach, 'reach', 'onboarding.errors.reach')
    need(v.reach !== 'distance' || v.reachKm !== undefined, 'reachKm', 'onboarding.errors.reachKm')
    need(!!v.scope, 'scope', 'onboarding.errors.scope')
    need(v.consent, 'consent', 'onboarding.errors.consent')
  })
export type QuestionnaireInput = z.infer<typeof QuestionnaireInput>
