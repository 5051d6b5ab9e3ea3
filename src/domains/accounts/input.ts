import { z } from 'zod'
import { email } from '../../platform/http/forms.js'

export const LogInInput = z.object({
  email: email(),
  password: z.string().min(1).max(1024),
  next: z.string().max(2000).optional(),
})
export type LogInInput = z.infer<typeof LogInInput>
