import { z } from 'zod'
import { checkbox, email, optionalText, text } from '../../platform/http/forms.js'
import { InclusionProfile } from './inclusion.js'
import {
  type AccessNeedKind,
  accessNeedKinds,
  eventAudiences,
  eventStatuses,
  eventTypes,
  participationModes,
} from './tables.js'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const day = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'events.errors.date')
const time = () => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'events.errors.time')
const optionalInt = (min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).optional())
/** "Deutsch, Englisch" → ['Deutsch', 'Englisch']: at most ten names, each at least two characters. */
const splitLanguages = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length >= 2)
    .slice(0, 10)

/** A field that arrives once as a string or several times as an array. */
const many = (item: z.ZodType<string>) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item))

/** Which events of a series an edit changes: the one edited, it and the later ones, or all coming ones. */
export const seriesScopes = ['this', 'following', 'series'] as const
export type SeriesScope = (typeof seriesScopes)[number]

/** The event form. Dates and times are Berlin wall-clock readings; the service turns them into instants. */
export const EventFormInput = z
  .object({
    hostUnitIds: many(z.uuid()).pipe(z.array(z.uuid()).min(1, 'events.errors.hosts').max(10)),
    type: z.enum(eventTypes),
    title: text(200),
    description: optionalText(5000),
    day: day(),
    startTime: time(),
    endTime: time(),
    hasFixedEnd: checkbox(),
    venueName: optionalText(200),
    address: optionalText(300),
    transitDirections: optionalText(1000),
    onlineUrl: z.preprocess(
      emptyToUndefined,
      z
        .url({ protocol: /^https?$/, message: 'events.errors.url' })
        .max(500)
        .optional(),
    ),
    capacity: optionalInt(1, 100_000),
    audience: z.enum(eventAudiences),
    publish: checkbox(),
    stepFree: checkbox(),
    accessibleToilet: checkbox(),
    childcare: checkbox(),
    childcareMinAge: optionalInt(0, 17),
    childcareMaxAge: optionalInt(0, 17),
    childcareSignUpBy: z.preprocess(emptyToUndefined, day().optional()),
    nursingSpace: checkbox(),
    changingTable: checkbox(),
    quietRoom: checkbox(),
    signLanguageOnRequest: checkbox(),
    captionsOnRequest: checkbox(),
    onlineParticipation: checkbox(),
    languages: optionalText(200).refine(
      (v) => v === undefined || splitLanguages(v).every((s) => s.length <= 40),
      'events.errors.language',
    ),
    repeat: z.enum(['none', 'monthly']).default('none'),
    ordinal: z.preprocess(emptyToUndefined, z.coerce.number().int().optional()),
    weekday: optionalInt(0, 6),
    months: optionalInt(1, 24),
    // For an event of a series: this one only, this and the following ones, or every coming one.
    applyTo: z.enum(seriesScopes).default('this'),
  })
  .superRefine((v, ctx) => {
    if (v.repeat === 'monthly') {
      if (v.ordinal === undefined || ![1, 2, 3, 4, -1].includes(v.ordinal))
        ctx.addIssue({ code: 'custom', path: ['ordinal'], message: 'events.errors.ordinal' })
      if (v.weekday === undefined)
        ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'common.form.required' })
    }
    if (v.childcare && (v.childcareMinAge ?? 0) > (v.childcareMaxAge ?? 17))
      ctx.addIssue({ code: 'custom', path: ['childcareMaxAge'], message: 'events.errors.ages' })
  })
  .transform((v, ctx) => {
    const inclusion = InclusionProfile.safeParse({
      stepFree: v.stepFree,
      accessibleToilet: v.accessibleToilet,
      childcare: v.childcare
        ? {
            minAge: v.childcareMinAge ?? 0,
            maxAge: v.childcareMaxAge ?? 12,
            signUpBy: v.childcareSignUpBy ?? null,
          }
        : null,
      childFriendly: { nursingSpace: v.nursingSpace, changingTable: v.changingTable },
      quietRoom: v.quietRoom,
      signLanguageOnRequest: v.signLanguageOnRequest,
      captionsOnRequest: v.captionsOnRequest,
      onlineParticipation: v.onlineParticipation,
      languages: splitLanguages(v.languages ?? 'Deutsch'),
    })
    // The fields above are checked one by one; a profile they still cannot make is a form error, never a throw.
    if (!inclusion.success) {
      for (const issue of inclusion.error.issues)
        ctx.addIssue({ code: 'custom', path: issue.path.slice(0, 1), message: 'common.form.invalid' })
      return z.NEVER
    }
    return {
      hostUnitIds: [...new Set(v.hostUnitIds)],
      type: v.type,
      title: v.title,
      description: v.description ?? null,
      day: v.day,
      startTime: v.startTime,
      endTime: v.endTime,
      hasFixedEnd: v.hasFixedEnd,
      venueName: v.venueName ?? null,
      address: v.address ?? null,
      transitDirections: v.transitDirections ?? null,
      onlineUrl: v.onlineUrl ?? null,
      capacity: v.capacity ?? null,
      audience: v.audience,
      publish: v.publish,
      inclusion: inclusion.data,
      series:
        v.repeat === 'monthly'
          ? {
              ordinal: v.ordinal as 1 | 2 | 3 | 4 | -1,
              weekday: v.weekday ?? 0,
              months: v.months ?? 6,
            }
          : null,
      applyTo: v.applyTo,
    }
  })

export type EventInput = z.output<typeof EventFormInput>

/** "3, 7" → [3, 7]: the ages of the children who come along. */
const childrenAges = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/[,;\s]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : (v ?? []),
  z.array(z.coerce.number().int().min(0, 'events.errors.childAge').max(17, 'events.errors.childAge')).max(10),
)

export const RsvpInput = z.object({
  participation: z.enum(participationModes).default('on_site'),
  childrenAges,
  // Ticked boxes: a string for one, an array for several; each must be one of the list.
  accessNeedKinds: many(z.enum(accessNeedKinds))
    .pipe(z.array(z.enum(accessNeedKinds)).max(accessNeedKinds.length * 2))
    .transform((v) => [...new Set(v)]),
  accessNeeds: optionalText(1000),
})
/** The answers of an RSVP; the ticked access needs may be left out (none). */
export type RsvpAnswers = Omit<z.output<typeof RsvpInput>, 'accessNeedKinds'> & {
  accessNeedKinds?: AccessNeedKind[]
}

export const GuestRsvpInput = RsvpInput.extend({
  name: text(120),
  email: email(),
})
export type GuestRsvpAnswers = Omit<z.output<typeof GuestRsvpInput>, 'accessNeedKinds'> & RsvpAnswers

export const CheckInInput = z.object({ code: z.string().trim().toUpperCase().min(4).max(12) })
export const AttendanceInput = z.object({ rsvpId: z.uuid(), attended: checkbox() })
export const EventStatusInput = z.object({
  status: z.enum(eventStatuses),
  // Cancelling a date of a series: this one only, or it and the later ones.
  applyTo: z.enum(['this', 'following']).default('this'),
})

export const EventListQuery = z.object({
  type: z.enum(eventTypes).optional().catch(undefined),
  childcare: checkbox().optional().catch(undefined),
  online: checkbox().optional().catch(undefined),
  barrierFree: checkbox().optional().catch(undefined),
})
export type EventFilters = z.output<typeof EventListQuery>

export const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) })

/** The radii the public calendar offers around a postal code, in km. */
export const calendarDistances = [5, 10, 25, 50, 100] as const
export const calendarViews = ['liste', 'monat'] as const
/** The inclusion filters of the public calendar, by their name in the address. */
export const calendarNeeds = [
  'kinderbetreuung',
  'stufenlos',
  'online',
  'gebaerdensprache',
  'ruheraum',
] as const
export type CalendarNeed = (typeof calendarNeeds)[number]

/** A day that exists on the calendar (no 31 February). */
const calendarDay = () =>
  day().refine((v) => {
    const d = new Date(`${v}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v)
  }, 'events.errors.date')
const flag = () => z.preprocess((v) => v === 'on' || v === '1' || v === 'ja' || v === 'true', z.boolean())
const blankToUndefined = z.preprocess(emptyToUndefined, z.string().optional())

/**
 * The public calendar's address (`/termine?land=…&art=…&plz=…`), in German words. What a visitor
 * picks from a list falls back to its default when it is not one of the choices; what a visitor types
 * (postal code, dates, month) is checked and answered with field errors.
 */
export const PublicCalendarQuery = z
  .object({
    // A state or a KV: its id or its key in the structure (`16`, `16075`).
    land: blankToUndefined.pipe(z.string().max(64).optional()).catch(undefined),
    kv: blankToUndefined.pipe(z.string().max(64).optional()).catch(undefined),
    ansicht: z.enum(calendarViews).catch('liste'),
    monat: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'events.public.errors.month')
        .optional(),
    ),
    von: z.preprocess(emptyToUndefined, calendarDay().optional()),
    bis: z.preprocess(emptyToUndefined, calendarDay().optional()),
    art: z.enum(eventTypes).optional().catch(undefined),
    plz: z.preprocess(
      (v) => (typeof v === 'string' ? v.replace(/\s/g, '') || undefined : v),
      z
        .string()
        .regex(/^\d{5}$/, 'events.public.errors.postalCode')
        .optional(),
    ),
    km: z.coerce
      .number()
      .refine((n) => (calendarDistances as readonly number[]).includes(n))
      .catch(25),
    kinderbetreuung: flag().catch(false),
    stufenlos: flag().catch(false),
    online: flag().catch(false),
    gebaerdensprache: flag().catch(false),
    ruheraum: flag().catch(false),
  })
  .superRefine((v, ctx) => {
    if (v.von && v.bis && v.bis < v.von)
      ctx.addIssue({ code: 'custom', path: ['bis'], message: 'events.public.errors.range' })
  })
export type PublicCalendarFilters = z.output<typeof PublicCalendarQuery>

/** The same for the embedded list, which only takes how many events to show. */
export const EmbedEventsQuery = z.object({
  anzahl: z.coerce.number().int().min(1).max(50).catch(10),
})
