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
  insertPartnershipWithHistory,
  proposePartnership,
} from './lifecycle.js'
export {
  listMyPartnerships,
  type PartnershipPageData,
  proposalOptions,
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
export type { PartnershipWithUnits } from './shared.js'
