import type { FastifyInstance } from 'fastify'
import { adminRoutes } from './routes/admin.js'
import { unitRoutes } from './routes/units.js'

export { can as canOnUnit } from './policy.js'
export { findUnit, findUnitByAgs, getUnit, insertUnit, listChildren, listUnitsMatching } from './repo.js'
export { grantRole, revokeRole } from './service.js'
export { type OrgUnit, orgUnits, roleGrants } from './tables.js'

export async function orgUnitsDomain(app: FastifyInstance) {
  await app.register(unitRoutes)
  await app.register(adminRoutes)
}
