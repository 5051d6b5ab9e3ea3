import { failOnQueryOverlap } from './query-overlap.js'

failOnQueryOverlap()
