import type { FastifyInstance } from 'fastify'
import { privacyRoutes } from './routes.js'

export { type Erasure, inventory, type Reference, type TableEntry } from './inventory.js'
export {
  collectPersonalData,
  eraseFormerMembers,
  OTHER_PERSON,
  type PersonalDataExport,
  retentionCutoff,
} from './service/index.js'

/** The person's own data: the access export ("My data") and the erasure after the retention period. */
export async function privacyDomain(app: FastifyInstance) {
  await app.register(privacyRoutes)
}
