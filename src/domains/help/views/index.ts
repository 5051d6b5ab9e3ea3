export { BalanceChart, BalancePage } from './balance.js'
export { DriveFormPage, DrivePage } from './donations.js'
export { type EditPageForm, RequestEditPage } from './edit.js'
export {
  HelpListPage,
  RequestFormPage,
  RequestPage,
  type RequestPageForm,
  RosterPage,
} from './requests.js'
export { TeamHelpSection, UnitHelpSection } from './section.js'
export { WhiteSpotMap, WhiteSpotsPage, WhiteSpotTotalsPage } from './white-spots.js'
