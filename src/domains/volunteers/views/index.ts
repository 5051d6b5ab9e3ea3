export { ConsentTexts, NoMemberPage, ProfilePage } from './profile.js'
export {
  EditProjectPage,
  NewProjectPage,
  ProjectListPage,
  ProjectPage,
  TeamProjectsSection,
} from './projects.js'
export { InboxPage, SentPage } from './requests.js'
export { AskPage, SearchPage } from './search.js'
export { SkillsPage } from './skills.js'
