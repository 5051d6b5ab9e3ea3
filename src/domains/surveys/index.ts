export {
  ALWAYS,
  type CallingHours,
  EVENINGS_AND_SATURDAY,
  nextOpening,
  withinCallingHours,
} from './calling-hours.js'
export type { Question, Questionnaire } from './questionnaire.js'
export { purgeCampaignNotes } from './service.js'
export {
  campaignCallers,
  campaignCalls,
  campaignTargets,
  memberDoNotCall,
  type Survey,
  type SurveyVersion,
  surveyAnswers,
  surveyCampaigns,
  surveyLinks,
  surveyParticipations,
  surveyResponses,
  surveys,
  surveyVersions,
} from './tables.js'
