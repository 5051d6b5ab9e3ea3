export { MeasureEditPage, ResolutionEditPage } from './edit.js'
export { ImportPage } from './import.js'
export { MeasureFormPage, MeasurePage } from './measure.js'
export { ResolutionPage, UnitResolutionsPage, UnitResolutionsSection } from './resolution.js'
