export { recountPlaces } from './repo.js'
export {
  cancelSignup,
  completeShift,
  computeWhiteSpots,
  listVisibleRequests,
  postHelpRequest,
  recordHelp,
  sendShiftReminders,
  sendSignupDigests,
  signUpForShift,
  viewHelpRequest,
} from './service/index.js'
export {
  donationDrives,
  donationPledges,
  helpRecords,
  helpRequests,
  helpShifts,
  helpSignups,
  helpTravel,
} from './tables.js'
