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
export { grantRole, revokeRole } from './service.js'
export { type OrgUnit, orgUnits } from './tables.js'
