export {
  type AgreementPageData,
  addAgreementClause,
  agreementOpensFor,
  compareAgreementVersions,
  findPartnershipAgreementLink,
  moveAgreementClause,
  openPartnershipAgreement,
  publishAgreement,
  ratifyAgreement,
  removeAgreementClause,
  rewordAgreementClause,
  startAgreement,
  viewAgreement,
  viewPrintableAgreement,
} from './agreements.js'
export type { CommitmentsView } from './commitments.js'
export { addFederalCongress, listFederalCongresses, removeFederalCongress } from './congresses.js'
export { agreementTemplateChoice, agreementTemplateClause } from './playbook.js'
export {
  confirmLinks,
  listSharedMinutes,
  recordExchange,
  recordRetreat,
  shareMinutes,
  viewSharedMinutes,
} from './records.js'
export { sendCommitmentReminders } from './reminders.js'
export {
  addTemplateClause,
  createDefaultTemplate,
  createTemplate,
  editTemplateClause,
  ensureDefaultTemplate,
  listAgreementTemplates,
  moveTemplateClause,
  removeTemplateClause,
  renameTemplate,
  viewTemplate,
} from './templates.js'
