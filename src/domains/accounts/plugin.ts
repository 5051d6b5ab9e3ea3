import type { FastifyInstance } from 'fastify'
import { accountsRoutes } from './routes/index.js'

export async function accountsDomain(app: FastifyInstance) {
  await app.register(accountsRoutes)
}
