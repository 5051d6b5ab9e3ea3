import type { FastifyInstance } from 'fastify'
import { invalidateMapCache } from '../partnership-map/index.js'
import { partnershipRoutes } from './routes.js'

/** The partnership registry: proposals, lifecycle, coordinators, twin towns and the moderated reports. */
export async function partnershipsDomain(app: FastifyInstance) {
  // The public map caches rendered pages; every write here tells it to redraw.
  await app.register(partnershipRoutes, { onChange: invalidateMapCache })
}
