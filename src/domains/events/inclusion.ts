import { z } from 'zod'

/**
 * What an event offers so that people with children, care duties or disabilities can come.
 * Stored as jsonb and validated with this schema on the way in and on the way out, so an older row
 * with fewer keys still reads as a complete profile.
 */
export const InclusionProfile = z.object({
  stepFree: z.boolean().default(false),
  accessibleToilet: z.boolean().default(false),
  childcare: z
    .object({
      minAge: z.number().int().min(0).max(17),
      maxAge: z.number().int().min(0).max(17),
      // A calendar day (YYYY-MM-DD) in Germany: sign-ups for childcare close at its end.
      signUpBy: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .nullable(),
    })
    .nullable()
    .default(null),
  childFriendly: z
    .object({ nursingSpace: z.boolean().default(false), changingTable: z.boolean().default(false) })
    .default({ nursingSpace: false, changingTable: false }),
  quietRoom: z.boolean().default(false),
  signLanguageOnRequest: z.boolean().default(false),
  captionsOnRequest: z.boolean().default(false),
  onlineParticipation: z.boolean().default(false),
  languages: z.array(z.string().trim().min(2).max(40)).max(10).default(['Deutsch']),
})

export type InclusionProfile = z.infer<typeof InclusionProfile>

// The profile read from a row, per row object: a list reads each event's profile for the filters and
// again for its card.
const read = new WeakMap<object, InclusionProfile>()

export function readInclusion(raw: unknown): InclusionProfile {
  const known = raw && typeof raw === 'object' ? read.get(raw) : undefined
  if (known) return known
  const parsed = InclusionProfile.safeParse(raw ?? {})
  const profile = parsed.success ? parsed.data : InclusionProfile.parse({})
  if (raw && typeof raw === 'object') read.set(raw, profile)
  return profile
}

/** The features a list can filter by. */
export const hasChildcare = (p: InclusionProfile) => p.childcare !== null
export const isBarrierFree = (p: InclusionProfile) => p.stepFree && p.accessibleToilet
