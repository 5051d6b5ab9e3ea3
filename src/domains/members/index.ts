import type { FastifyInstance } from 'fastify'
import { membersRoutes } from './routes.js'

export { type Member, members } from './tables.js'

export async function membersDomain(app: FastifyInstance) {
  await app.register(membersRoutes)
}
