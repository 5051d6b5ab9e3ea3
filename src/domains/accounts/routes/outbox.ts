import type { FastifyInstance } from 'fastify'
import { recentOutboxMail } from '../service/index.js'
import { OutboxPage } from '../views/outbox.js'

/**
 * The development outbox: what the platform "sent", readable without a mail server. Registered only
 * without SMTP and on loopback or in demo mode (config.ts), because it shows every login link.
 */
export async function outboxRoutes(app: FastifyInstance) {
  if (!app.config.mail.outboxPage) return
  app.get('/dev/outbox', { config: { access: 'public' } }, async (_req, reply) => {
    return reply.page(OutboxPage({ ctx: reply.ctx(), mails: await recentOutboxMail(app.deps) }))
  })
}
