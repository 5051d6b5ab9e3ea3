export { viewStateComparison } from './compare.js'
export {
  deleteMeasure,
  deleteResolution,
  updateMeasure,
  updateResolution,
  viewMeasureEdit,
  viewResolutionEdit,
} from './edit.js'
export {
  type ImportPreview,
  importResolution,
  previewResolutionImport,
  saveResolution,
  viewImportForm,
} from './import.js'
export { evaluateIndicator } from './indicators.js'
export {
  createMeasure,
  getVisibleMeasure,
  prepareProgressReport,
  reportProgress,
  saveMeasures,
  viewMeasureForm,
} from './measures.js'
export { viewMeasure, viewResolution, viewUnitResolutions } from './pages.js'
export { DUE_REMINDER_DAYS, sendMeasureReminders } from './reminders.js'
