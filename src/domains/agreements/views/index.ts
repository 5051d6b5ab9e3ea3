export { AgreementPage, type PageForm } from './agreement.js'
export { ComparePage } from './compare.js'
export { MinutesListPage, MinutesPage } from './minutes.js'
export { PrintPage } from './print.js'
export {
  PartnershipAgreementLink,
  StartAgreementPage,
  TemplateListPage,
  TemplatePage,
  type TemplatePageForm,
} from './templates.js'
