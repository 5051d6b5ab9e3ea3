import { z } from 'zod'
import { joinPolicies, teamRoles, teamVisibilities } from './tables.js'

export const UnitParams = z.object({ id: z.uuid() })
export const ApplicationParams = z.object({ id: z.uuid(), membershipId: z.uuid() })
export const MembershipParams = ApplicationParams
/** A member's role in the team, as the leads set it: the page's buttons send one, so no message is needed. */
export const SetRoleInput = z.object({ role: z.enum(teamRoles) })

export const CreateTeamInput = z.object({
  name: z
    .string({ message: 'teams.errors.nameRequired' })
    .trim()
    .min(1, { message: 'teams.errors.nameRequired' })
    .max(120, { message: 'teams.errors.nameTooLong' }),
  purpose: z.string().trim().max(2000, { message: 'teams.errors.purposeTooLong' }).default(''),
  joinPolicy: z.enum(joinPolicies, { message: 'teams.errors.joinPolicyRequired' }),
  visibility: z.enum(teamVisibilities, { message: 'teams.errors.visibilityRequired' }),
})
export type CreateTeamInput = z.infer<typeof CreateTeamInput>
