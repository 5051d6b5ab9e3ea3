export { countSectionFigures, lastHalfYear, sectionHeadings } from './service.js'
export { boardReportSections, boardReports, draftedSectionKinds } from './tables.js'
