export { isPubliclyVisible, type PublicStatus, publicStatuses } from './policy.js'
export { insertPartnershipWithHistory } from './service/index.js'
export {
  type Partnership,
  type PartnershipKind,
  type PartnershipStatus,
  partnershipKinds,
  partnershipStatusChanges,
  partnershipStatuses,
  partnerships,
  partnershipTwinTowns,
} from './tables.js'
