// Every table of the platform, for Drizzle's typed client. drizzle-kit reads the same files.

export * from './domains/accounts/tables.js'
export * from './domains/agreements/tables.js'
export * from './domains/events/tables.js'
export * from './domains/help/tables.js'
export * from './domains/members/imports.tables.js'
export * from './domains/members/tables.js'
export * from './domains/onboarding/tables.js'
export * from './domains/org-units/grants.tables.js'
export * from './domains/org-units/tables.js'
export * from './domains/partnerships/tables.js'
export * from './domains/volunteers/tables.js'
export * from './platform/audit/tables.js'
