export { AgreementPage, type PageForm, type PlaybookClause } from './agreement.js'
export { ComparePage } from './compare.js'
export { CongressesPage } from './congresses.js'
export { MinutesListPage, MinutesPage } from './minutes.js'
export { PrintPage } from './print.js'
export {
  PartnershipAgreementLink,
  PlaybookTemplateChoicePage,
  StartAgreementPage,
  TemplateListPage,
  TemplatePage,
  type TemplatePageForm,
} from './templates.js'
