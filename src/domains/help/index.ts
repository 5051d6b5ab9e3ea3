export { recountPlaces } from './repo.js'
export {
  cancelSignup,
  completeShift,
  computeWhiteSpots,
  postHelpRequest,
  recordHelp,
  signUpForShift,
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
