import { fold, type MunicipalityRef, municipalitiesNamed } from '../org-units/index.js'

/** A town the directory finds: org-units' reading of the municipalities, the one there is. */
export type Municipality = MunicipalityRef

/** Case- and accent-insensitive form for search: "Gießen" and "giessen" meet. */
export { fold }

/** Municipalities whose name is the query, or, when none is, begins with it (at most `limit`). */
export function findTowns(query: string, limit = 20): Municipality[] {
  return municipalitiesNamed(query, limit)
}
