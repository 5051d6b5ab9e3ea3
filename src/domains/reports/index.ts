export { boardReportSections, boardReports } from './tables.js'
