export { shippedElections } from './election-calendar.js'
export { electionDates, municipalTwinTowns, seekingProfiles } from './tables.js'
