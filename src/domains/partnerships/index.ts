export { isPubliclyVisible, type PublicStatus, publicStatuses } from './policy.js'
export { insertPartnershipWithHistory } from './service/index.js'
export {
  countsAsPartner,
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
