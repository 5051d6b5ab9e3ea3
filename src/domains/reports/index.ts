export { countSectionFigures, lastHalfYear, sectionHeadings, startsHidden } from './service.js'
export {
  boardReportSections,
  boardReports,
  boardReportVersions,
  draftedSectionKinds,
} from './tables.js'
