export { hashPassword } from './passwords.js'
export { leadsActiveTeamSql } from './repo.js'
export { deactivateAccount, reactivateAccount, searchAccounts } from './service/index.js'
export {
  createSession,
  resolveActorFor,
  sessionConfirmedSecondFactor,
  sessionCookieName,
  sessionLimits,
  tokenSecondFactorHeldBack,
} from './sessions.js'
export { type User, users } from './tables.js'
