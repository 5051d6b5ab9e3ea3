import type { DbOrTx } from '../../../platform/db/types.js'
import { listKreiseOfUnits } from '../repo.js'
import type { OrgUnit } from '../tables.js'
import { type DistrictTerritory, districtTerritory } from '../territory.js'

/** The territories of districts as they stand, by the district's id (see `districtTerritory`). */
export async function readDistrictTerritories(
  db: DbOrTx,
  districts: readonly Pick<OrgUnit, 'id' | 'ags' | 'municipalities'>[],
): Promise<Map<string, DistrictTerritory>> {
  const kreise = await listKreiseOfUnits(
    db,
    districts.map((d) => d.id),
  )
  return new Map(districts.map((d) => [d.id, districtTerritory(kreise.get(d.id) ?? [], d)]))
}
