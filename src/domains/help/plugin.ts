import type { FastifyInstance } from 'fastify'
import { helpRoutes } from './routes.js'

/** Help between KVs: requests and offers with shifts, sign-ups, travel, donation drives, the balance and white spots. */
export async function helpDomain(app: FastifyInstance) {
  await app.register(helpRoutes)
}
