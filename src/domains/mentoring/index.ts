export { eraseEndedCohorts, sendTandemReminders } from './service/jobs.js'
export {
  type MentoringApplication,
  type MentoringProgramme,
  mentoringApplications,
  mentoringCheckIns,
  mentoringCoordinators,
  mentoringGoals,
  mentoringProgrammes,
  mentoringTandems,
} from './tables.js'
