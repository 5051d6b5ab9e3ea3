export { EditPartnershipPage, NewPartnershipPage } from './forms.js'
export { PartnershipListPage } from './list.js'
export {
  HONEYPOT_FIELD,
  ReportFormPage,
  ReportQueuePage,
  ReportReviewPage,
  ReportThanksPage,
} from './reports.js'
export { type PageForm, PartnershipPage } from './show.js'
