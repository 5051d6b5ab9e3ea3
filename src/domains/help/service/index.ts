export { type BalancePageData, type BalanceRow, recordHelp, viewBalance } from './balance.js'
export {
  type DrivePageData,
  driveFormOptions,
  markPledgeReceived,
  pledgeDonation,
  startDonationDrive,
  viewDonationDrive,
} from './donations.js'
export { sendShiftReminders, sendSignupDigests } from './reminders.js'
export {
  addShift,
  closeHelpRequest,
  editHelpRequest,
  type HelpRequestEditData,
  type HelpRequestPageData,
  helpRequestForEdit,
  helpTemplates,
  listVisibleRequests,
  type PlaceResolution,
  postHelpRequest,
  requestFormOptions,
  resolveMunicipality,
  teamHelpSection,
  teamRequestFormOptions,
  tellNewPartnersOfOpenRequests,
  unitHelpSection,
  viewHelpRequest,
} from './requests.js'
export { cancelShift, removeShift, requestIdOfShift, updateShift } from './shifts.js'
export {
  cancelSignup,
  completeShift,
  type MailLinks,
  messageParticipants,
  type SignupOutcome,
  signUpForShift,
  viewRoster,
} from './signups.js'
export { addTravel, removeTravel } from './travel.js'
export { computeWhiteSpots, type WhiteSpots, whiteSpotsOf, whiteSpotTotals } from './white-spots.js'
