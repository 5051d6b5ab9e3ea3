export {
  countSectionFigures,
  lastHalfYear,
  reportOpensFor,
  sectionHeadings,
  startsHidden,
} from './service.js'
export {
  boardReportSections,
  boardReports,
  boardReportVersions,
  draftedSectionKinds,
} from './tables.js'
