export * from './jobs.js'
export * from './pairing.js'
export * from './programmes.js'
export * from './tandems.js'
