export {
  type MentoringApplication,
  type MentoringProgramme,
  mentoringApplications,
  mentoringCoordinators,
  mentoringProgrammes,
} from './tables.js'
