import type { FastifyInstance } from 'fastify'
import { accountsRoutes } from './routes.js'

export { hashPassword } from './passwords.js'
export { createSession, resolveActorFor, sessionCookieName } from './sessions.js'
export { users } from './tables.js'

export async function accountsDomain(app: FastifyInstance) {
  await app.register(accountsRoutes)
}
