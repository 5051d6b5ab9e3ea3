import type { FastifyInstance } from 'fastify'
import { partnershipMapRoutes } from './routes.js'

/** The public side of the partnership registry: map, embeds, exports, directory and the KV page section. */
export async function partnershipMapDomain(app: FastifyInstance) {
  await app.register(partnershipMapRoutes)
}
