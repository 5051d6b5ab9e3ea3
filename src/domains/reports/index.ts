export { countSectionFigures, lastHalfYear, sectionHeadings } from './service.js'
export {
  boardReportSections,
  boardReports,
  boardReportVersions,
  draftedSectionKinds,
} from './tables.js'
