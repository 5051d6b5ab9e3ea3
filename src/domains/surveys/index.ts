export type { Question, Questionnaire } from './questionnaire.js'
export {
  type Survey,
  type SurveyVersion,
  surveyAnswers,
  surveyLinks,
  surveyParticipations,
  surveyResponses,
  surveys,
  surveyVersions,
} from './tables.js'
