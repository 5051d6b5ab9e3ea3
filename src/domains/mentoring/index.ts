export {
  type MentoringApplication,
  type MentoringProgramme,
  mentoringApplications,
  mentoringCoordinators,
  mentoringProgrammes,
  mentoringTandems,
} from './tables.js'
