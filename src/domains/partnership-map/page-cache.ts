import { CacheGeneration } from '../../platform/http/page-cache.js'

/** Bumped after every write to the partnership registry in this process: the map's pages are rebuilt at once. */
export const mapGeneration = new CacheGeneration()

/** Tells every public-map cache in this process that partnerships changed. The registry calls it after a write. */
export function invalidateMapCache() {
  mapGeneration.bump()
}
