import { z } from 'zod'
import { checkbox, email } from '../../platform/http/forms.js'
import { availabilitySlots, meetingFormats, mentoringRoles, programmeEventKinds } from './tables.js'

export const UnitParams = z.object({ id: z.uuid() })
export const ApplicationParams = z.object({ id: z.uuid(), applicationId: z.uuid() })
export const CoordinatorParams = z.object({ id: z.uuid(), coordinatorId: z.uuid() })

// A checkbox group arrives as a string for one box and as an array for several.
const boxes = <T extends z.ZodType<string>>(item: T, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(max))

const isoDate = (message: string) =>
  z
    .string({ message })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message })
    .refine(
      (v) =>
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      {
        message,
      },
    )

/** One entry a line, trimmed, without empty lines or repeats. */
const lines = (maxEach: number, maxCount: number, message: string) =>
  z
    .string()
    .max(maxEach * maxCount)
    .default('')
    .transform((v) => [
      ...new Set(
        v
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(maxEach, { message })).max(maxCount, { message }))

const int = (min: number, max: number, message: string) =>
  z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message })

export const ProgrammeInput = z
  .object({
    name: z
      .string({ message: 'mentoring.errors.nameRequired' })
      .trim()
      .min(1, { message: 'mentoring.errors.nameRequired' })
      .max(160, { message: 'mentoring.errors.nameTooLong' }),
    description: z.string().trim().max(5000, { message: 'mentoring.errors.tooLong' }).default(''),
    targetGroups: z.string().trim().max(500, { message: 'mentoring.errors.tooLong' }).default(''),
    topics: lines(80, 30, 'mentoring.errors.topics'),
    applyFrom: isoDate('mentoring.errors.date'),
    applyUntil: isoDate('mentoring.errors.date'),
    startsOn: isoDate('mentoring.errors.date'),
    endsOn: isoDate('mentoring.errors.date'),
    capacity: int(1, 1000, 'mentoring.errors.capacity'),
    reminderWeeks: int(1, 26, 'mentoring.errors.reminderWeeks').default(4),
    eraseAfterDays: int(0, 730, 'mentoring.errors.eraseAfterDays').default(90),
  })
  .superRefine((v, ctx) => {
    if (v.topics.length === 0)
      ctx.addIssue({ code: 'custom', path: ['topics'], message: 'mentoring.errors.topics' })
    if (v.applyUntil < v.applyFrom)
      ctx.addIssue({ code: 'custom', path: ['applyUntil'], message: 'mentoring.errors.windowOrder' })
    if (v.endsOn < v.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'mentoring.errors.cohortOrder' })
    if (v.startsOn < v.applyUntil)
      ctx.addIssue({ code: 'custom', path: ['startsOn'], message: 'mentoring.errors.startsBeforeWindowEnds' })
  })
export type ProgrammeInput = z.infer<typeof ProgrammeInput>

export const ApplicationInput = z.object({
  role: z.enum(mentoringRoles, { message: 'mentoring.errors.role' }),
  motivation: z
    .string({ message: 'mentoring.errors.motivation' })
    .trim()
    .min(1, { message: 'mentoring.errors.motivation' })
    .max(3000, { message: 'mentoring.errors.tooLong' }),
  goals: z
    .string({ message: 'mentoring.errors.goals' })
    .trim()
    .min(1, { message: 'mentoring.errors.goals' })
    .max(3000, { message: 'mentoring.errors.tooLong' }),
  topics: boxes(z.string().max(80), 30).refine((v) => v.length > 0, {
    message: 'mentoring.errors.topicsChosen',
  }),
  formats: boxes(z.enum(meetingFormats, { message: 'mentoring.errors.formats' }), 2).refine(
    (v) => v.length > 0,
    {
      message: 'mentoring.errors.formats',
    },
  ),
  availability: boxes(z.enum(availabilitySlots, { message: 'mentoring.errors.availability' }), 3).refine(
    (v) => v.length > 0,
    { message: 'mentoring.errors.availability' },
  ),
  region: z.string().trim().max(200, { message: 'mentoring.errors.tooLong' }).default(''),
  /** Languages as typed ("Deutsch, Türkisch"), one list without repeats. */
  languages: z
    .string()
    .max(300, { message: 'mentoring.errors.tooLong' })
    .default('')
    .transform((v) => [
      ...new Set(
        v
          .split(/[,;\n]/)
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().max(40, { message: 'mentoring.errors.languages' }))
        .max(8, { message: 'mentoring.errors.languages' }),
    ),
  avoidOwnKv: checkbox(),
  selfDescription: z
    .string()
    .trim()
    .max(1000, { message: 'mentoring.errors.tooLong' })
    .default('')
    .transform((v) => (v === '' ? null : v)),
})
export type ApplicationInput = z.infer<typeof ApplicationInput>

export const CoordinatorInput = z.object({ email: email() })

export const TandemParams = z.object({ id: z.uuid(), tandemId: z.uuid() })
export const PairInput = z.object({
  menteeApplicationId: z.uuid({ message: 'mentoring.errors.pickMentee' }),
  mentorApplicationId: z.uuid({ message: 'mentoring.errors.pickMentor' }),
})
export const SwapInput = z.object({
  first: z.uuid({ message: 'mentoring.errors.swapTwo' }),
  second: z.uuid({ message: 'mentoring.errors.swapTwo' }),
})

export const TandemOnlyParams = z.object({ id: z.uuid() })
export const GoalParams = z.object({ id: z.uuid(), goalId: z.uuid() })
const optionalNote = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: 'mentoring.errors.tooLong' })
    .default('')
    .transform((v) => (v === '' ? null : v))
export const ContactInput = z.object({ contact: optionalNote(300) })
export const GoalInput = z.object({
  text: z
    .string({ message: 'mentoring.errors.goalText' })
    .trim()
    .min(1, { message: 'mentoring.errors.goalText' })
    .max(300, { message: 'mentoring.errors.tooLong' }),
})
export const CheckInInput = z.object({
  heldOn: isoDate('mentoring.errors.date'),
  format: z.enum(meetingFormats, { message: 'mentoring.errors.formats' }),
  sharedNote: optionalNote(2000),
  privateNote: optionalNote(2000),
})
export type CheckInInput = z.infer<typeof CheckInInput>
export const NoteInput = z.object({
  note: z
    .string({ message: 'mentoring.errors.noteRequired' })
    .trim()
    .min(1, { message: 'mentoring.errors.noteRequired' })
    .max(2000, { message: 'mentoring.errors.tooLong' }),
})

export const ProgrammeEventParams = z.object({ id: z.uuid(), linkId: z.uuid() })
export const ProgrammeEventInput = z.object({
  eventId: z.uuid({ message: 'mentoring.errors.pickEvent' }),
  kind: z.enum(programmeEventKinds, { message: 'mentoring.errors.eventKind' }),
})

const rating = z.coerce
  .number({ message: 'mentoring.errors.rating' })
  .int({ message: 'mentoring.errors.rating' })
  .min(1, { message: 'mentoring.errors.rating' })
  .max(5, { message: 'mentoring.errors.rating' })
export const ReviewInput = z.object({
  tandemRating: rating,
  programmeRating: rating,
  tandemComment: optionalNote(2000),
  programmeComment: optionalNote(2000),
  /** The goals the person counts as reached. */
  reached: boxes(z.uuid(), 5),
  /** Skills gained, for the volunteer pool profile (only with the pool consent). */
  skillsGained: boxes(z.uuid(), 30),
})
export type ReviewInput = z.infer<typeof ReviewInput>
