export { type Erasure, inventory, type Reference, type TableEntry } from './inventory.js'
export {
  collectPersonalData,
  eraseFormerMembers,
  OTHER_PERSON,
  type PersonalDataExport,
  retentionCutoff,
} from './service/index.js'
