export { invalidateMapCache } from './page-cache.js'
export { listPublicPartnerships, type PublicPartnership } from './service.js'
