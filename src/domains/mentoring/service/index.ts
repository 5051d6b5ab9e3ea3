export * from './pairing.js'
export * from './programmes.js'
