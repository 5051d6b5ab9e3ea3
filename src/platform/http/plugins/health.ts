// Health: /health answers 200 while the database answers (503 otherwise), for a process supervisor; /ready
// answers 200 only when this process can serve (the database reachable, its schema current), for a load
// balancer, and names what keeps it from serving.
// Relies on: nothing but the route table and error handler being in place (it declares routes).
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export type HealthOptions = {
  checkHealth: () => Promise<void>
  /** What keeps this process from serving (database unreachable, migrations missing); empty when ready. */
  checkReady: () => Promise<string[]>
}

async function health(app: FastifyInstance, opts: HealthOptions) {
  app.get('/health', { config: { access: 'public' } }, async (_req, reply) => {
    try {
      await opts.checkHealth()
      return { status: 'ok' }
    } catch {
      return reply.code(503).send({ status: 'unavailable' })
    }
  })

  app.get('/ready', { config: { access: 'public' } }, async (_req, reply) => {
    let problems: string[]
    try {
      problems = await opts.checkReady()
    } catch {
      problems = ['database unreachable']
    }
    if (problems.length > 0) return reply.code(503).send({ status: 'unavailable', problems })
    return { status: 'ready' }
  })
}

export const healthPlugin = fp(health, { name: 'http-health' })
