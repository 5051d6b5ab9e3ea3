// The message catalogues of every domain, German first. A key missing in English is a type error.

import * as accounts from './domains/accounts/messages.js'
import * as agreements from './domains/agreements/messages.js'
import * as api from './domains/api/messages.js'
import * as auditLog from './domains/audit-log/messages.js'
import * as events from './domains/events/messages.js'
import * as help from './domains/help/messages.js'
import * as matchmaking from './domains/matchmaking/messages.js'
import * as members from './domains/members/messages.js'
import * as mentoring from './domains/mentoring/messages.js'
import * as onboarding from './domains/onboarding/messages.js'
import * as orgUnits from './domains/org-units/messages.js'
import * as partnershipMap from './domains/partnership-map/messages.js'
import * as partnerships from './domains/partnerships/messages.js'
import * as playbook from './domains/playbook/messages.js'
import * as privacy from './domains/privacy/messages.js'
import * as reports from './domains/reports/messages.js'
import * as resolutions from './domains/resolutions/messages.js'
import * as surveys from './domains/surveys/messages.js'
import * as teams from './domains/teams/messages.js'
import * as volunteers from './domains/volunteers/messages.js'
import * as common from './platform/i18n/common.js'
import type { DotPaths, Messages } from './platform/i18n/types.js'

export const de = {
  common: common.de,
  accounts: accounts.de,
  orgUnits: orgUnits.de,
  members: members.de,
  auditLog: auditLog.de,
  partnerships: partnerships.de,
  partnershipMap: partnershipMap.de,
  events: events.de,
  help: help.de,
  volunteers: volunteers.de,
  agreements: agreements.de,
  onboarding: onboarding.de,
  teams: teams.de,
  privacy: privacy.de,
  resolutions: resolutions.de,
  reports: reports.de,
  api: api.de,
  mentoring: mentoring.de,
  matchmaking: matchmaking.de,
  surveys: surveys.de,
  playbook: playbook.de,
} as const

export const en: Messages<typeof de> = {
  common: common.en,
  accounts: accounts.en,
  orgUnits: orgUnits.en,
  members: members.en,
  auditLog: auditLog.en,
  partnerships: partnerships.en,
  partnershipMap: partnershipMap.en,
  events: events.en,
  help: help.en,
  volunteers: volunteers.en,
  agreements: agreements.en,
  onboarding: onboarding.en,
  teams: teams.en,
  privacy: privacy.en,
  resolutions: resolutions.en,
  reports: reports.en,
  api: api.en,
  mentoring: mentoring.en,
  matchmaking: matchmaking.en,
  surveys: surveys.en,
  playbook: playbook.en,
}

export type MessageKey = DotPaths<typeof de>
