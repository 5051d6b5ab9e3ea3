import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/types.js'
import { checkAuditTrail, sealAuditTrail } from './chain.js'

/**
 * Seals what was written since the last run. The new head goes to the log: shipped off the host,
 * the logged heads are what a rewritten chain can no longer match.
 */
export async function sealAuditJob(db: Db, log: FastifyBaseLogger) {
  const result = await sealAuditTrail(db)
  if (result.status === 'sealed' && result.sealed > 0) log.info({ audit: result }, 'audit trail sealed')
  if (result.status === 'waiting')
    log.warn({ audit: result }, 'audit trail sealing waits for older transactions')
  return result
}

/** Recomputes the whole chain; a break is logged as an error besides being recorded for the admin page. */
export async function verifyAuditJob(db: Db, log: FastifyBaseLogger) {
  const result = await checkAuditTrail(db)
  if (!result.ok) log.error({ audit: result }, 'audit trail broken')
  return result
}
