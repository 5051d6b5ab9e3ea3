import type { FastifyInstance } from 'fastify'
import { onboardingRoutes } from './routes.js'

/** New-member onboarding: standards set by the states, a pipeline per new member, the benchmark across KVs. */
export async function onboardingDomain(app: FastifyInstance) {
  await app.register(onboardingRoutes)
}
