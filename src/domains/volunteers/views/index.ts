export { ConsentTexts, NoMemberPage, ProfilePage } from './profile.js'
export { NewProjectPage, ProjectListPage, ProjectPage } from './projects.js'
export { InboxPage, SentPage } from './requests.js'
export { AskPage, SearchPage } from './search.js'
