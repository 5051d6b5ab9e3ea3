import type { FastifyInstance } from 'fastify'
import { accountsRoutes } from './routes/index.js'

export { hashPassword } from './passwords.js'
export { deactivateAccount, reactivateAccount, searchAccounts } from './service/index.js'
export { createSession, resolveActorFor, sessionCookieName, sessionLimits } from './sessions.js'
export { type User, users } from './tables.js'

export async function accountsDomain(app: FastifyInstance) {
  await app.register(accountsRoutes)
}
