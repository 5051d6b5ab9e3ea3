export { ERASURE_BATCH, eraseFormerMembers, retentionCutoff } from './erase.js'
export {
  collectPersonalData,
  type DataSummary,
  exportMyData,
  OTHER_PERSON,
  type PersonalDataExport,
  summarise,
  viewMyData,
} from './export.js'
