export { type Period, periodOf, viewDashboardHome, viewStateDashboard } from './dashboard.js'
export { type MailConfig, sendOnboardingMails, sendStepNow } from './mails.js'
export {
  assignBuddy,
  changeStep,
  recordContact,
  viewOverview,
  viewPipeline,
  viewQueue,
  viewUnitSection,
} from './pipelines.js'
export { answerQuestionnaire, hasOpenQuestionnaire, viewMyQuestionnaire } from './questionnaire.js'
export {
  addStandardStep,
  adoptDefaultStandard,
  changeStandardStep,
  saveWelcomeText,
  viewStandard,
  welcomeTemplateChoice,
  welcomeTemplateText,
} from './standards.js'
export { NEW_MEMBER_DAYS, type NewMember, startOnboarding } from './start.js'
