export { type BenchmarkRow, MIN_PEOPLE } from './benchmark.js'
export { newMemberFigures } from './service/dashboard.js'
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
