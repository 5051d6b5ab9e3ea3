import { z } from 'zod'
import { text } from '../../platform/http/forms.js'
import { apiTokenScopes } from './tables.js'

/** How long a new token lives, in days: a token never lives longer than a year. */
export const tokenLifetimesDays = [7, 30, 90, 365] as const

export const CreateTokenInput = z.object({
  name: text(80),
  scope: z.enum(apiTokenScopes),
  unitId: z.uuid({ message: 'common.form.required' }),
  days: z.coerce
    .number()
    .int()
    .refine((d) => (tokenLifetimesDays as readonly number[]).includes(d), 'api.errors.lifetime'),
})
export type CreateTokenInput = z.infer<typeof CreateTokenInput>
