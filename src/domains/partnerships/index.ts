export { isPubliclyVisible, type PublicStatus, publicStatuses } from './policy.js'
export {
  guardOpenPair,
  insertPartnershipsWithHistory,
  insertPartnershipWithHistory,
  listMyPartnerships,
  proposePartnershipIn,
  viewPartnership,
} from './service/index.js'
export {
  countsAsPartner,
  openStatuses,
  type Partnership,
  type PartnershipKind,
  type PartnershipStatus,
  partnerStatuses,
  partnerStatusesSql,
  partnershipKinds,
  partnershipStatusChanges,
  partnershipStatuses,
  partnerships,
  partnershipTwinTowns,
} from './tables.js'
