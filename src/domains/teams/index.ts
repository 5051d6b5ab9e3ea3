export { type Team, type TeamMember, teamMembers, teams } from './tables.js'
