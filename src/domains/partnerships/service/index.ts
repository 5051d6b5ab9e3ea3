export {
  acceptCoordinatorRole,
  addTwinTown,
  nameCoordinator,
  removeTwinTown,
  setCoordinatorEmailConsent,
} from './coordinators.js'
export {
  acceptPartnership,
  changePartnershipStatus,
  createPartnership,
  declinePartnership,
  editPartnership,
  insertPartnershipsWithHistory,
  insertPartnershipWithHistory,
  proposePartnership,
  proposePartnershipIn,
} from './lifecycle.js'
export {
  listMyPartnerships,
  type PartnershipPageData,
  proposalOptions,
  reportFormStart,
  searchPartnerUnits,
  viewPartnership,
} from './queries.js'
export {
  acceptPartnershipReport,
  listPendingReports,
  rejectPartnershipReport,
  submitPartnershipReport,
  viewReport,
} from './reports.js'
export { guardOpenPair, type PartnershipWithUnits, type PartnersJoinedReactions } from './shared.js'
