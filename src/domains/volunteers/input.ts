import { z } from 'zod'
import { checkbox, optionalText, text } from '../../platform/http/forms.js'
import { volunteerReaches, volunteerScopes } from './tables.js'

// A checkbox group arrives as a string for one box and as an array for several.
const uuidList = (max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.uuid({ message: 'volunteers.errors.skill' })).max(max),
  )

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optionalInt = (min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).optional())

export const postalCode = z
  .string()
  .trim()
  .regex(/^[0-9]{5}$/, { message: 'volunteers.errors.postalCode' })

export const ProfileInput = z
  .object({
    skillIds: uuidList(50).pipe(z.array(z.uuid()).min(1, { message: 'volunteers.errors.skillsRequired' })),
    languages: optionalText(200),
    hoursPerMonth: z.coerce
      .number({ message: 'volunteers.errors.hours' })
      .int({ message: 'volunteers.errors.hours' })
      .min(1, { message: 'volunteers.errors.hours' })
      .max(200, { message: 'volunteers.errors.hours' }),
    weekdays: checkbox(),
    evenings: checkbox(),
    weekends: checkbox(),
    reach: z.enum(volunteerReaches, { message: 'volunteers.errors.reach' }),
    reachKm: optionalInt(1, 1000),
    worksOnline: checkbox(),
    shortProjects: checkbox(),
    scope: z.enum(volunteerScopes, { message: 'volunteers.errors.scope' }),
    consentVersion: z.string().max(100),
    consent: z.literal('on', { message: 'volunteers.errors.consentRequired' }),
  })
  .refine((v) => v.reach !== 'distance' || v.reachKm !== undefined, {
    path: ['reachKm'],
    message: 'volunteers.errors.reachKm',
  })
export type ProfileInput = z.infer<typeof ProfileInput>

/** The search form is a GET form: bad values fall back to "no filter" instead of an error page. */
export const SearchQuery = z.object({
  unit: z.uuid().optional().catch(undefined),
  skill: uuidList(20).catch([]),
  minHours: optionalInt(1, 200).catch(undefined),
  weekdays: checkbox().catch(false),
  evenings: checkbox().catch(false),
  weekends: checkbox().catch(false),
  online: checkbox().catch(false),
  shortProjects: checkbox().catch(false),
  plz: z.preprocess(emptyToUndefined, postalCode.optional()).catch(undefined),
  km: optionalInt(1, 1000).catch(undefined),
})
export type SearchQuery = z.infer<typeof SearchQuery>

/** How far the search reaches around a postal code when the coordinator names no distance. */
export const DEFAULT_KM = 25

export const AskInput = z.object({
  unitId: z.uuid({ message: 'volunteers.errors.unit' }),
  message: text(2000),
})
export type AskInput = z.infer<typeof AskInput>

export const AnswerInput = z.object({ answer: z.enum(['accept', 'decline']) })

export const ProjectInput = z.object({
  unitId: z.uuid({ message: 'volunteers.errors.unit' }),
  title: text(160),
  description: text(4000),
  skillIds: uuidList(20).pipe(z.array(z.uuid()).min(1, { message: 'volunteers.errors.skillsRequired' })),
  weeks: z.coerce.number({ message: 'volunteers.errors.weeks' }).int().min(1).max(26),
  hours: z.coerce.number({ message: 'volunteers.errors.hours' }).int().min(1).max(500),
  deadline: z.iso.date({ message: 'volunteers.errors.date' }),
})
export type ProjectInput = z.infer<typeof ProjectInput>

/** A call changed on its edit page: what the new form asks, the unit (and team) it is of staying as they are. */
export const ProjectEditInput = ProjectInput.omit({ unitId: true })
export type ProjectEditInput = z.infer<typeof ProjectEditInput>

export const ApplyInput = z.object({ message: optionalText(2000) })

export const SkillInput = z.object({ name: text(80), takesDetail: checkbox() })
export type SkillInput = z.infer<typeof SkillInput>

/** A new name for a skill of the list. */
export const SkillNameInput = SkillInput.pick({ name: true })
export type SkillNameInput = z.infer<typeof SkillNameInput>
