export { CURRENT_CONSENT_VERSION, consentText, consentTextHash, scopeLabels } from './consent-text.js'
export type { ProfileInput, SearchQuery as PoolSearchQuery } from './input.js'
export { consentCovers, type SearcherPlace } from './policy.js'
export { haversineKm, type Point } from './postal-codes.js'
export {
  consentTexts,
  feedProfileFromSurvey,
  listPoolSkills,
  placeOf,
  projectOpensFor,
  saveProfile,
  saveProfileWithin,
  searchVolunteers,
} from './service/index.js'
export {
  type Consent,
  consents,
  skills,
  VOLUNTEER_POOL_PURPOSE,
  volunteerProfileSkills,
  volunteerProfiles,
  volunteerReaches,
  volunteerScopes,
} from './tables.js'
export { ConsentTexts } from './views/index.js'
