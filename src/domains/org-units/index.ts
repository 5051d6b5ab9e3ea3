export { type RoleGrant, roleGrants } from './grants.tables.js'
export { allKreise, type KreisRef, kreisRef } from './kreise.js'
export {
  allMunicipalities,
  fold,
  type MunicipalityRef,
  municipalitiesNamed,
  municipalitiesOfKreis,
  municipalitiesOfPostalCode,
  municipalityLabel,
  municipalityLabels,
  municipalityOfPostalCode,
  municipalityRef,
  pointOfMunicipalities,
  populationOfKreis,
  searchMunicipalities,
} from './municipalities.js'
export { can as canOnUnit } from './policy.js'
export {
  areaPostalCodesByKreis,
  isKnownPostalCode,
  kreiseOfPostalCode,
  kreisOfPostalCode,
  type PostalCodePoint,
  pointOfPostalCode,
} from './postal-codes.js'
export {
  findFederation,
  findUnit,
  findUnitByAgs,
  getUnit,
  insertUnit,
  listChildren,
  listKreisCoverage,
  listRoleHolders,
  listUnitsMatching,
} from './repo.js'
export { applyProviderRoles } from './service/provider-roles.js'
export { readDistrictTerritories } from './service/territory.js'
export {
  applyStructureFiles,
  grantFederationAdmin,
  grantRole,
  loadStructure,
  revokeRole,
  type StructureFile,
  type StructureOutcome,
} from './service.js'
export { readTerritory, shippedStructureFiles } from './structure-geodata.js'
export { type OrgUnit, orgUnits, unitKreise } from './tables.js'
export {
  type DistrictTerritory,
  districtTerritory,
  hasTerritory,
  kreiseOfTerritory,
  municipalitiesOfTerritory,
  territoryPoints,
} from './territory.js'
