import type { FastifyInstance } from 'fastify'

export { addDays, daysBetween, todayOf } from './days.js'
export { sendOnboardingMails } from './service/mails.js'
export { NEW_MEMBER_DAYS, type NewMember, startOnboarding } from './service/start.js'
export { defaultStandard } from './standard.js'
export {
  interestTopics,
  onboardingContacts,
  onboardingPipelines,
  onboardingPlanSteps,
  onboardingPlans,
  onboardingQuestionnaires,
  onboardingStepOptOuts,
  onboardingStepProgress,
  onboardingSteps,
  onboardingWelcomeTexts,
} from './tables.js'

/**
 * New-member onboarding: standards set by the states, a pipeline per new member, the benchmark across KVs.
 * The member import calls startOnboarding, so this file and what it exports reach only tables and the
 * platform; the pages, whose imports lead back to the members domain, load when the plugin registers.
 */
export async function onboardingDomain(app: FastifyInstance) {
  const { onboardingRoutes } = await import('./routes.js')
  await app.register(onboardingRoutes)
}
