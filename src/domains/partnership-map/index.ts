import type { FastifyInstance } from 'fastify'
import { partnershipMapRoutes } from './routes.js'

export { invalidateMapCache } from './page-cache.js'
export { listPublicPartnerships, type PublicPartnership } from './service.js'

/** The public side of the partnership registry: map, embeds, exports, directory and the KV page section. */
export async function partnershipMapDomain(app: FastifyInstance) {
  await app.register(partnershipMapRoutes)
}
