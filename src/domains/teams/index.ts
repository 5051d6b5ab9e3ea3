export { listTeamsWithLeads, type TeamWithLeads } from './repo.js'
export { findVisibleTeam } from './service.js'
export { type Team, type TeamMember, teamMembers, teams } from './tables.js'
