import { z } from 'zod'
import { checkbox, optionalText } from '../../platform/http/forms.js'
import { type CallingHours, type Weekday, weekdays } from './calling-hours.js'
import { questionKinds } from './questionnaire.js'
import { callOutcomes } from './tables.js'

export const QuestionParams = z.object({ id: z.uuid(), key: z.string().regex(/^[a-z0-9]{1,16}$/) })
export const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })

export const CreateSurveyInput = z.object({
  title: z
    .string({ message: 'surveys.errors.titleRequired' })
    .trim()
    .min(1, { message: 'surveys.errors.titleRequired' })
    .max(160, { message: 'surveys.errors.titleTooLong' }),
  intro: z.string().trim().max(4000, { message: 'surveys.errors.introTooLong' }).default(''),
  mode: z.enum(['personal', 'anonymous'], { message: 'surveys.errors.modeRequired' }),
})
export type CreateSurveyInput = z.infer<typeof CreateSurveyInput>

/** One option per line; blank lines are dropped. */
const lines = z
  .string()
  .max(6000, { message: 'surveys.errors.optionsTooLong' })
  .default('')
  .transform((s) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  )
  .pipe(
    z
      .array(z.string().max(200, { message: 'surveys.errors.optionTooLong' }))
      .max(20, { message: 'surveys.errors.tooManyOptions' }),
  )

export const AddQuestionInput = z
  .object({
    kind: z.enum(questionKinds, { message: 'surveys.errors.kindRequired' }),
    text: z
      .string({ message: 'surveys.errors.textRequired' })
      .trim()
      .min(1, { message: 'surveys.errors.textRequired' })
      .max(500, { message: 'surveys.errors.textTooLong' }),
    required: checkbox(),
    section: optionalText(160),
    options: lines,
    scaleLow: optionalText(60),
    scaleHigh: optionalText(60),
    feedsPool: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['hours', 'skills']).optional()),
    /** `<question key>:<value>`, or empty for a question always shown. */
    showIf: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^[a-z0-9]{1,16}:[a-z0-9]{1,16}$/, { message: 'surveys.errors.conditionInvalid' })
        .optional(),
    ),
  })
  .superRefine((v, ctx) => {
    if ((v.kind === 'single' || v.kind === 'multiple') && v.options.length < 2)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'surveys.errors.optionsRequired' })
    if (
      (v.feedsPool === 'hours' && v.kind !== 'number') ||
      (v.feedsPool === 'skills' && v.kind !== 'multiple')
    )
      ctx.addIssue({ code: 'custom', path: ['feedsPool'], message: 'surveys.errors.feedsPoolKind' })
    if (new Set(v.options).size !== v.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'surveys.errors.optionsDuplicate' })
  })
export type AddQuestionInput = z.infer<typeof AddQuestionInput>

export const MoveInput = z.object({ direction: z.enum(['up', 'down']) })

/** The results' filters: a version and a KV; anything else is ignored. */
export const ResultsQuery = z.object({
  version: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  kv: z.uuid().optional().catch(undefined),
})
export type ResultsQuery = z.infer<typeof ResultsQuery>

const optionalDay = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.iso.date({ message: 'surveys.errors.dateInvalid' }).optional(),
)

/** A time of day from a `time` field ("17:00"; some browsers add seconds, which are dropped). */
const timeField = (pattern: RegExp) =>
  z.preprocess(
    (v) => (v === '' ? undefined : typeof v === 'string' ? v.trim().slice(0, 5) : v),
    z.string().regex(pattern, { message: 'surveys.errors.hoursInvalid' }).optional(),
  )
const optionalTime = timeField(/^([01]\d|2[0-3]):[0-5]\d$/)
/** An end may also be written "24:00" (a time field sends "00:00" for midnight, which means the same). */
const optionalEnd = timeField(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/)

/** The calling hours' fields: `from_mo`, `to_mo`, … `to_su`, each a time of day or empty. */
const hourFields = Object.fromEntries(
  weekdays.flatMap((d) => [
    [`from_${d}`, optionalTime],
    [`to_${d}`, optionalEnd],
  ]),
) as Record<`${'from' | 'to'}_${Weekday}`, typeof optionalTime>

/**
 * The calling hours from their fields: a day with both times is a window (the end after the start; an end of
 * 00:00 is midnight, the end of the day), a day with none has no calls, a day with one time only is an error; at
 * least one day must have a window. One window a day, ending on its day: windows cannot overlap.
 */
function readCallingHours(values: Record<string, unknown>, ctx: z.RefinementCtx): CallingHours {
  let incomplete = false
  const hours = weekdays.map((d) => {
    const from = values[`from_${d}`] as string | undefined
    const end = values[`to_${d}`] as string | undefined
    const to = end === '00:00' ? '24:00' : end
    if (!from && !to) return null
    if (!from || !to) {
      incomplete = true
      ctx.addIssue({
        code: 'custom',
        path: [from ? `to_${d}` : `from_${d}`],
        message: 'surveys.errors.hoursBoth',
      })
      return null
    }
    if (to <= from) ctx.addIssue({ code: 'custom', path: [`to_${d}`], message: 'surveys.errors.hoursOrder' })
    return { from, to }
  })
  if (!incomplete && hours.every((w) => w === null))
    ctx.addIssue({ code: 'custom', path: ['from_mo'], message: 'surveys.errors.hoursRequired' })
  return hours
}

const script = z
  .string({ message: 'surveys.errors.scriptRequired' })
  .trim()
  .min(1, { message: 'surveys.errors.scriptRequired' })
  .max(4000, { message: 'surveys.errors.introTooLong' })

export const CreateCampaignInput = z
  .object({
    name: z
      .string({ message: 'surveys.errors.titleRequired' })
      .trim()
      .min(1, { message: 'surveys.errors.titleRequired' })
      .max(160, { message: 'surveys.errors.titleTooLong' }),
    script,
    ...hourFields,
    kvId: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.uuid({ message: 'surveys.errors.kvInvalid' }).optional(),
    ),
    enteredFrom: optionalDay,
    enteredTo: optionalDay,
    neverReachedByOnboarding: checkbox(),
    noEventIn12Months: checkbox(),
    retentionDays: z.coerce
      .number({ message: 'surveys.errors.retentionInvalid' })
      .int({ message: 'surveys.errors.retentionInvalid' })
      .min(1, { message: 'surveys.errors.retentionInvalid' })
      .max(730, { message: 'surveys.errors.retentionInvalid' })
      .default(90),
  })
  .transform((input, ctx) => {
    const callingHours = readCallingHours(input, ctx)
    return { ...input, callingHours }
  })
export type CreateCampaignInput = z.infer<typeof CreateCampaignInput>

/** What the owners change while a campaign runs: the script and the calling hours, with the fields of the new form. */
export const CampaignSettingsInput = z
  .object({ script, ...hourFields })
  .transform((input, ctx) => ({ script: input.script, callingHours: readCallingHours(input, ctx) }))
export type CampaignSettingsInput = z.infer<typeof CampaignSettingsInput>

export const AddCallerInput = z.object({
  email: z
    .string({ message: 'surveys.errors.callerUnknown' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'surveys.errors.callerUnknown' })),
})

export const CallInput = z.object({
  outcome: z.enum(callOutcomes, { message: 'surveys.errors.outcomeRequired' }),
  note: optionalText(2000),
  /** Local time in the platform's time zone, as a datetime-local field sends it. */
  callbackAt: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'surveys.errors.callbackInvalid' })
      .optional(),
  ),
})
export type CallInput = z.infer<typeof CallInput>

export const CampaignTargetParams = z.object({ id: z.uuid(), targetId: z.uuid() })
export const CampaignCallerParams = z.object({ id: z.uuid(), userId: z.uuid() })
