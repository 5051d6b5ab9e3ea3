import type { FastifyInstance } from 'fastify'
import { accountRoutes } from './account.js'
import { adminUserRoutes } from './admin-users.js'
import { linkRoutes } from './links.js'
import { loginRoutes } from './login.js'
import { mailQueueRoutes } from './mail-queue.js'
import { oidcRoutes } from './oidc.js'
import { outboxRoutes } from './outbox.js'
import { registrationRoutes } from './registration.js'
import { twoFactorRoutes } from './two-factor.js'

export async function accountsRoutes(app: FastifyInstance) {
  await app.register(loginRoutes)
  await app.register(oidcRoutes)
  await app.register(registrationRoutes)
  await app.register(linkRoutes)
  await app.register(accountRoutes)
  await app.register(twoFactorRoutes)
  await app.register(adminUserRoutes)
  await app.register(outboxRoutes)
  await app.register(mailQueueRoutes)
}
