import { z } from 'zod'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const AuditQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  action: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
  actor: z.preprocess(emptyToUndefined, z.string().trim().max(254).optional()),
})
export type AuditQuery = z.infer<typeof AuditQuery>
