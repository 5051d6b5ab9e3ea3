export { type Clause, type ClauseType, clauseTypes } from './clauses.js'
export { type Commitment, type CommitmentStatus, evaluateCommitments } from './commitments.js'
export { compareVersions, diffWords } from './diff.js'
export { agreementOpensFor, ensureDefaultTemplate, sendCommitmentReminders } from './service/index.js'
export { type AgreementState, type AgreementStatus, agreementState } from './state.js'
export {
  agreementRatifications,
  agreements,
  agreementVersions,
  partnershipMinutes,
  partnershipRetreats,
} from './tables.js'
