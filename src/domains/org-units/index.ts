export { type RoleGrant, roleGrants } from './grants.tables.js'
export { can as canOnUnit } from './policy.js'
export {
  findUnit,
  findUnitByAgs,
  getUnit,
  insertUnit,
  listChildren,
  listUnitsMatching,
} from './repo.js'
export {
  applyStructureFiles,
  grantRole,
  loadStructure,
  revokeRole,
  type StructureFile,
  type StructureOutcome,
} from './service.js'
export { shippedStructureFiles } from './structure-geodata.js'
export { type OrgUnit, orgUnits, unitKreise } from './tables.js'
