export { resolveTokenActorFor } from './service/tokens.js'
export { type ApiToken, apiTokens } from './tables.js'
