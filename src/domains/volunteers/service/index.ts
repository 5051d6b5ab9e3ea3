export {
  consentTexts,
  feedProfileFromSurvey,
  saveProfile,
  saveProfileWithin,
  viewMyProfile,
  withdrawPoolConsent,
} from './profile.js'
export {
  applyToProject,
  decideApplication,
  editProject,
  finishVolunteerProject,
  listVisibleProjects,
  newProjectOptions,
  postProject,
  projectEditForm,
  projectOpensFor,
  teamProjectOptions,
  teamProjectSection,
  viewProject,
} from './projects.js'
export {
  answerVolunteerRequest,
  askVolunteer,
  listMyRequests,
  listSentRequests,
  viewAskForm,
} from './requests.js'
export { listPoolSkills, type PoolResult, searchVolunteers } from './search.js'
export { placeOf } from './shared.js'
export { addSkill, listSkillsForAdmin, renameSkill, setSkillRetired } from './skills.js'
