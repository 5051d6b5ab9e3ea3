export { type PairingApplicant, scorePair } from './pairing.js'
export { eraseEndedCohorts, sendTandemReminders } from './service/jobs.js'
export {
  defaultTopics,
  type MentoringApplication,
  type MentoringProgramme,
  mentoringApplications,
  mentoringCheckIns,
  mentoringCoordinators,
  mentoringGoals,
  mentoringProgrammeEvents,
  mentoringProgrammes,
  mentoringTandems,
} from './tables.js'
