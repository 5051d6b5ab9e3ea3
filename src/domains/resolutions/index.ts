export { type IndicatorKey, indicatorKeys } from './indicators.js'
export type { MeasureInput } from './input.js'
export { type ParsedMotion, parseMotion } from './motion-text.js'
export {
  evaluateIndicator,
  importResolution,
  saveMeasures,
  saveResolution,
  sendMeasureReminders,
} from './service/index.js'
export {
  type Resolution,
  type ResolutionMeasure,
  resolutionAddressees,
  resolutionLines,
  resolutionMeasures,
  resolutionProgressNotes,
  resolutions,
} from './tables.js'
