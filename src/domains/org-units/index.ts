import type { FastifyInstance } from 'fastify'
import { orgUnitsRoutes } from './routes.js'

export { can as canOnUnit } from './policy.js'
export { findUnit, findUnitByAgs, getUnit, insertUnit, listChildren } from './repo.js'
export { type OrgUnit, orgUnits, roleGrants } from './tables.js'

export async function orgUnitsDomain(app: FastifyInstance) {
  await app.register(orgUnitsRoutes)
}
