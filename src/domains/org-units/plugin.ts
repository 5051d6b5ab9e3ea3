import type { FastifyInstance } from 'fastify'
import { adminRoutes } from './routes/admin.js'
import { maintainRoutes } from './routes/maintain.js'
import { unitRoutes } from './routes/units.js'

export async function orgUnitsDomain(app: FastifyInstance) {
  await app.register(unitRoutes)
  await app.register(adminRoutes)
  await app.register(maintainRoutes)
}
