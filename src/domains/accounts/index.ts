export { hashPassword } from './passwords.js'
export { deactivateAccount, reactivateAccount, searchAccounts } from './service/index.js'
export { createSession, resolveActorFor, sessionCookieName, sessionLimits } from './sessions.js'
export { type User, users } from './tables.js'
