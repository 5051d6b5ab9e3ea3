export {
  addShift,
  closeHelpRequest,
  type HelpRequestPageData,
  listVisibleRequests,
  postHelpRequest,
  requestFormOptions,
  unitHelpSection,
  viewHelpRequest,
} from './requests.js'
export {
  cancelSignup,
  completeShift,
  messageParticipants,
  type SignupOutcome,
  signUpForShift,
  viewRoster,
} from './signups.js'
