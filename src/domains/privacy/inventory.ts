import { type SQL, sql } from 'drizzle-orm'
import { toSnakeCase } from 'drizzle-orm/casing'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import {
  agreementRatifications,
  agreementVersions,
  apiTokens,
  auditEvents,
  boardReportSettings,
  boardReports,
  boardReportVersions,
  calendarTokens,
  campaignCallers,
  campaignCalls,
  campaignTargets,
  consents,
  donationDrives,
  donationPledges,
  eventRsvps,
  eventSeries,
  events,
  helpRecords,
  helpRequests,
  helpSignups,
  helpTravel,
  loginTokens,
  memberDoNotCall,
  memberImports,
  members,
  mentoringApplications,
  mentoringCheckIns,
  mentoringCoordinators,
  mentoringGoals,
  mentoringProgrammes,
  mentoringReviews,
  mentoringTandems,
  oidcIdentities,
  onboardingContacts,
  onboardingPipelines,
  onboardingQuestionnaires,
  onboardingStepOptOuts,
  onboardingStepProgress,
  onboardingSteps,
  onboardingWelcomeTexts,
  partnershipExchanges,
  partnershipLinkConfirmations,
  partnershipMinutes,
  partnershipReports,
  partnershipRetreats,
  partnershipStatusChanges,
  partnerships,
  playbookEntries,
  playbookImages,
  playbookVersions,
  resolutionMeasures,
  resolutionProgressNotes,
  resolutions,
  roleGrants,
  sessions,
  skills,
  surveyAnswers,
  surveyCampaigns,
  surveyLinks,
  surveyParticipations,
  surveyResponses,
  surveys,
  surveyVersions,
  teamMembers,
  teams,
  twoFactorCredentials,
  twoFactorRecoveryCodes,
  users,
  volunteerApplications,
  volunteerProfileSkills,
  volunteerProfiles,
  volunteerProjects,
  volunteerRequests,
} from '../../db-schema.js'

/**
 * The reviewed map of where the platform keeps something about a person: every table that names a
 * member or an account, how the access export (Art. 15) shows it and what the erasure after the
 * retention period (Art. 17) does with it. `inventory.test.ts` reads the foreign keys of the live
 * schema and fails for any column pointing at `members` or `users` that is not listed here, so a new
 * table is neither left out of the export nor forgotten by the erasure.
 */

/** A column's name in the database: the client writes property names in snake_case. */
export const dbName = (column: AnyPgColumn) => (column.keyAsName ? toSnakeCase(column.name) : column.name)

/** Whom a column names: the member record or the account. */
export type Person = 'member' | 'user'

/**
 * What the erasure does with a row that names the former member in this column:
 * - `delete`: the row is about the person (a profile, a consent, a session) and goes.
 * - `unlink`: the row belongs to the organisation and only names the person in passing; the column is set to null.
 * - `keep`: the row stays as a pseudonymised record for counts and history. It keeps pointing at the
 *   member's tombstone or the pseudonymised account, which identify no one; `clear` blanks what is personal.
 * - `own-row`: the member row itself (made a tombstone) or the account (pseudonymised); see `erase.ts`.
 */
export type Erasure = 'delete' | 'unlink' | 'keep' | 'own-row'

export type Reference = {
  /** The column of this table that holds the person's id (or, with `through`, a parent row's key). */
  column: AnyPgColumn
  person: Person
  /** The column holds the key of a parent row that names the person in `by` (a pipeline's contacts). */
  through?: { key: AnyPgColumn; by: AnyPgColumn }
  /**
   * `subject`: the row is about the person and is exported whole, less secrets. `actor`: the person
   * acted on the organisation's record (created an event, recorded a call); only `actorView` is exported,
   * because the rest may be about other people the person may no longer see.
   */
  role: 'subject' | 'actor'
  erase: Erasure
  /** Set together with an unlink, when a check ties another column to this one. */
  alsoClear?: AnyPgColumn[]
}

export const categories = [
  'account',
  'membership',
  'roles',
  'volunteering',
  'events',
  'help',
  'partnerships',
  'agreements',
  'onboarding',
  'mentoring',
  'surveys',
  'administration',
  'activity',
] as const
export type Category = (typeof categories)[number]

export type TableEntry = {
  table: PgTable
  category: Category
  references: Reference[]
  /** Credentials: never exported, only said to exist. */
  secret?: AnyPgColumn[]
  /** What an `actor` row shows: what was done and when, nothing about the people it concerned. */
  actorView?: AnyPgColumn[]
  /** Columns of a kept row that erasure blanks or sets (personal ones, and a state that would still act on the person). */
  clear?: [AnyPgColumn, SQL | null][]
  /** Why the table is treated so; the domain README repeats it as a table. */
  why: string
}

const subject = (column: AnyPgColumn, person: Person, erase: Erasure): Reference => ({
  column,
  person,
  role: 'subject',
  erase,
})
const actor = (column: AnyPgColumn): Reference => ({ column, person: 'user', role: 'actor', erase: 'keep' })
const viaPipeline = (column: AnyPgColumn, erase: Erasure): Reference => ({
  column,
  person: 'member',
  through: { key: onboardingPipelines.id, by: onboardingPipelines.memberId },
  role: 'subject',
  erase,
})

const viaApplication = (column: AnyPgColumn): Reference => ({
  column,
  person: 'member',
  through: { key: mentoringApplications.id, by: mentoringApplications.memberId },
  role: 'subject',
  erase: 'delete',
})

let entries: readonly TableEntry[] | undefined

/**
 * The entries in the order the erasure runs: rows that others point at come after the rows pointing at
 * them. Built on first use, because the table modules import one another and may not all be loaded
 * when this module is.
 */
export function inventory(): readonly TableEntry[] {
  entries ??= build()
  return entries
}

const build = (): TableEntry[] => [
  // ---- the account
  {
    table: users,
    category: 'account',
    references: [subject(users.id, 'user', 'own-row'), subject(users.memberId, 'member', 'own-row')],
    secret: [users.passwordHash],
    why: 'The account. Pseudonymised at erasure (e-mail, name and password removed, deactivated) unless it still holds a role; then only its link to the member goes.',
  },
  {
    table: sessions,
    category: 'account',
    references: [subject(sessions.userId, 'user', 'delete')],
    secret: [sessions.id, sessions.oidcLogoutSealed],
    why: 'Sign-ins with their browser. The id is the hash of the cookie, a credential; a sign-in at the party’s provider keeps its ID token sealed until it ends.',
  },
  {
    table: loginTokens,
    category: 'account',
    references: [subject(loginTokens.userId, 'user', 'delete')],
    secret: [loginTokens.id],
    why: 'Links sent by e-mail. The id is the hash of the link, a credential.',
  },
  {
    table: twoFactorCredentials,
    category: 'account',
    references: [subject(twoFactorCredentials.userId, 'user', 'delete')],
    secret: [twoFactorCredentials.secretSealed],
    why: 'The authenticator app. Its secret is a credential.',
  },
  {
    table: twoFactorRecoveryCodes,
    category: 'account',
    references: [subject(twoFactorRecoveryCodes.userId, 'user', 'delete')],
    secret: [twoFactorRecoveryCodes.codeHash],
    why: 'Recovery codes: only whether each was used. The hash is a credential.',
  },
  {
    table: apiTokens,
    category: 'account',
    references: [subject(apiTokens.userId, 'user', 'delete')],
    secret: [apiTokens.tokenHash],
    why: 'Personal access tokens for the API: their name, reach, expiry and last use. The hash is a credential.',
  },
  {
    table: oidcIdentities,
    category: 'account',
    references: [subject(oidcIdentities.userId, 'user', 'delete')],
    secret: [oidcIdentities.subject],
    why: 'The login at the party’s provider linked to the account: which provider, since when, the last sign-in.',
  },
  {
    table: calendarTokens,
    category: 'account',
    references: [subject(calendarTokens.userId, 'user', 'delete')],
    secret: [calendarTokens.tokenHash],
    why: 'The private calendar feed. The hash of its address is a credential.',
  },

  // ---- membership and consent
  {
    table: consents,
    category: 'membership',
    references: [subject(consents.memberId, 'member', 'delete')],
    why: 'Consents given and withdrawn; no longer needed once the person is erased.',
  },
  {
    table: roleGrants,
    category: 'roles',
    references: [
      subject(roleGrants.userId, 'user', 'keep'),
      actor(roleGrants.grantedById),
      actor(roleGrants.revokedById),
    ],
    actorView: [roleGrants.id, roleGrants.role, roleGrants.grantedAt, roleGrants.revokedAt],
    why: 'Who held which role when (DSK: "who had which rights from when to when"); kept with the pseudonymised account.',
  },

  // ---- volunteer pool
  {
    table: volunteerProfileSkills,
    category: 'volunteering',
    references: [subject(volunteerProfileSkills.memberId, 'member', 'delete')],
    why: 'Skills of the volunteer profile.',
  },
  {
    table: volunteerProfiles,
    category: 'volunteering',
    references: [subject(volunteerProfiles.memberId, 'member', 'delete')],
    why: 'The volunteer profile: availability, reach, languages, place.',
  },
  {
    table: volunteerRequests,
    category: 'volunteering',
    references: [subject(volunteerRequests.memberId, 'member', 'delete'), actor(volunteerRequests.askedById)],
    actorView: [
      volunteerRequests.id,
      volunteerRequests.unitId,
      volunteerRequests.askedAs,
      volunteerRequests.createdAt,
    ],
    why: 'Requests to the person through the platform, with their message.',
  },
  {
    table: volunteerApplications,
    category: 'volunteering',
    references: [subject(volunteerApplications.memberId, 'member', 'delete')],
    why: 'Applications to project calls, with their message.',
  },
  {
    table: volunteerProjects,
    category: 'volunteering',
    references: [actor(volunteerProjects.createdById)],
    actorView: [
      volunteerProjects.id,
      volunteerProjects.unitId,
      volunteerProjects.title,
      volunteerProjects.createdAt,
    ],
    why: "Project calls the person posted for a unit; the unit's record.",
  },
  {
    table: boardReports,
    category: 'administration',
    references: [
      actor(boardReports.createdById),
      actor(boardReports.publishedById),
      actor(boardReports.lastEditedById),
      actor(boardReports.approvedById),
    ],
    actorView: [
      boardReports.id,
      boardReports.unitId,
      boardReports.title,
      boardReports.status,
      boardReports.createdAt,
    ],
    why: "Board reports the person started, changed, approved or published for a unit; the unit's record, signed with the authors' names as they chose them.",
  },
  {
    table: boardReportVersions,
    category: 'administration',
    references: [actor(boardReportVersions.savedById)],
    actorView: [boardReportVersions.reportId, boardReportVersions.version, boardReportVersions.savedAt],
    why: "The versions of a report's texts the person saved; the unit's record of its draft.",
  },
  {
    table: boardReportSettings,
    category: 'administration',
    references: [actor(boardReportSettings.updatedById)],
    actorView: [
      boardReportSettings.unitId,
      boardReportSettings.requiresApproval,
      boardReportSettings.updatedAt,
    ],
    why: "The unit's choice whether reports need a second board member's approval, and who made it.",
  },
  {
    table: skills,
    category: 'administration',
    references: [actor(skills.createdById)],
    actorView: [skills.id, skills.name, skills.createdAt],
    why: 'Skills the person added to the list.',
  },

  // ---- surveys
  {
    table: surveyAnswers,
    category: 'surveys',
    references: [
      {
        column: surveyAnswers.responseId,
        person: 'member',
        through: { key: surveyResponses.id, by: surveyResponses.memberId },
        role: 'subject',
        erase: 'keep',
      },
    ],
    clear: [[surveyAnswers.textValue, null]],
    why: 'The single answers of those responses, reached through the response (so listed before it, which is then unlinked): kept for the results; free text is cleared, it may name the person.',
  },
  {
    table: campaignCalls,
    category: 'surveys',
    references: [subject(campaignCalls.memberId, 'member', 'keep'), actor(campaignCalls.callerId)],
    actorView: [campaignCalls.id, campaignCalls.campaignId, campaignCalls.at],
    clear: [
      [campaignCalls.note, null],
      [campaignCalls.callbackAt, null],
    ],
    why: "Phone calls to the person in a campaign, with the outcome and the caller's note: kept at erasure with the outcome for the campaign's progress per caller, the note and call-back time cleared (for everyone some time after the campaign ends the note goes and the call is unlinked from the person); the calls the person made as a caller, without whom they called.",
  },
  {
    table: campaignTargets,
    category: 'surveys',
    references: [
      subject(campaignTargets.memberId, 'member', 'keep'),
      { column: campaignTargets.claimedById, person: 'user', role: 'actor', erase: 'unlink' },
    ],
    actorView: [campaignTargets.campaignId, campaignTargets.state],
    clear: [
      [campaignTargets.state, sql`'done'`],
      [campaignTargets.claimedById, null],
      [campaignTargets.claimedAt, null],
      [campaignTargets.callbackAt, null],
    ],
    why: "The person's place on a campaign's call list: kept at erasure with its KV, attempts and outcome for the campaign's progress, taken off the calls still to make (nobody claims or calls the person back); unlinked from the person for everyone some time after the campaign ends. A caller's current claim is unlinked from the caller.",
  },
  {
    table: campaignCallers,
    category: 'surveys',
    references: [subject(campaignCallers.userId, 'user', 'delete')],
    why: 'The campaigns the person calls for, and when they confirmed the confidentiality note.',
  },
  {
    table: memberDoNotCall,
    category: 'surveys',
    references: [subject(memberDoNotCall.memberId, 'member', 'delete')],
    why: 'The person asked not to be called by campaigns again.',
  },
  {
    table: surveyCampaigns,
    category: 'surveys',
    references: [actor(surveyCampaigns.createdById)],
    actorView: [surveyCampaigns.id, surveyCampaigns.name, surveyCampaigns.createdAt],
    why: "Phone campaigns the person set up; the unit's record.",
  },
  {
    table: surveyResponses,
    category: 'surveys',
    references: [subject(surveyResponses.memberId, 'member', 'unlink'), actor(surveyResponses.recordedById)],
    actorView: [surveyResponses.id, surveyResponses.surveyId, surveyResponses.channel],
    why: "The person's answers to surveys that are not anonymous (anonymous ones name nobody). At erasure the answers stay for the results, no longer linked to the person; the answers a caller entered by phone.",
  },
  {
    table: surveyParticipations,
    category: 'surveys',
    references: [subject(surveyParticipations.memberId, 'member', 'delete')],
    why: 'The "already answered" mark of each survey, kept apart from the answers.',
  },
  {
    table: surveyLinks,
    category: 'surveys',
    references: [subject(surveyLinks.memberId, 'member', 'delete')],
    secret: [surveyLinks.tokenHash],
    why: "The person's personal links to surveys; the link's hash opens the form and is never exported.",
  },
  {
    table: surveys,
    category: 'surveys',
    references: [actor(surveys.createdById)],
    actorView: [surveys.id, surveys.title, surveys.createdAt],
    why: "Surveys the person created; the unit's record.",
  },
  {
    table: surveyVersions,
    category: 'surveys',
    references: [actor(surveyVersions.createdById)],
    actorView: [surveyVersions.id, surveyVersions.surveyId, surveyVersions.number, surveyVersions.createdAt],
    why: 'Versions of questionnaires the person made.',
  },

  // ---- teams
  {
    table: teamMembers,
    category: 'membership',
    references: [subject(teamMembers.memberId, 'member', 'delete'), actor(teamMembers.decidedById)],
    actorView: [teamMembers.id, teamMembers.teamId, teamMembers.status],
    why: "The person's memberships in teams and working groups, and their applications; the applications the person decided on as a lead.",
  },
  {
    table: teams,
    category: 'membership',
    references: [actor(teams.createdById), actor(teams.endedById)],
    actorView: [teams.unitId, teams.createdAt, teams.endedAt],
    why: "Teams the person founded or ended; the unit's record.",
  },

  // ---- mentoring (a tandem names its two people through their applications)
  {
    table: mentoringReviews,
    category: 'mentoring',
    references: [viaApplication(mentoringReviews.applicationId)],
    why: "The person's closing review of their tandem and the programme: ratings and what they wrote. The partner's go with the tandem.",
  },
  {
    table: mentoringCheckIns,
    category: 'mentoring',
    references: [viaApplication(mentoringCheckIns.authorApplicationId)],
    why: "Meetings the person logged with their tandem, with the shared and the private note. The partner's go with the tandem.",
  },
  {
    table: mentoringGoals,
    category: 'mentoring',
    references: [viaApplication(mentoringGoals.createdByApplicationId)],
    why: "Goals the person set for their tandem. The partner's go with the tandem.",
  },
  {
    table: mentoringTandems,
    category: 'mentoring',
    references: [
      viaApplication(mentoringTandems.menteeApplicationId),
      viaApplication(mentoringTandems.mentorApplicationId),
      viaApplication(mentoringTandems.endedByApplicationId),
      actor(mentoringTandems.pairedById),
      actor(mentoringTandems.dissolvedById),
    ],
    actorView: [mentoringTandems.id, mentoringTandems.programmeId, mentoringTandems.pairedAt],
    why: "The person's tandems with the reasons of the pairing; the tandems the person paired or dissolved as a coordinator. A tandem goes with either of its people, before their applications.",
  },
  {
    table: mentoringApplications,
    category: 'mentoring',
    references: [
      subject(mentoringApplications.memberId, 'member', 'delete'),
      actor(mentoringApplications.decidedById),
    ],
    actorView: [mentoringApplications.id, mentoringApplications.programmeId, mentoringApplications.status],
    why: "The person's applications to mentoring programmes, with the voluntary self-description; the applications the person decided on as a coordinator.",
  },
  {
    table: mentoringCoordinators,
    category: 'mentoring',
    references: [
      subject(mentoringCoordinators.userId, 'user', 'delete'),
      actor(mentoringCoordinators.grantedById),
    ],
    actorView: [mentoringCoordinators.programmeId, mentoringCoordinators.grantedAt],
    why: 'Programmes the person coordinates, and coordinators the person named.',
  },
  {
    table: mentoringProgrammes,
    category: 'mentoring',
    references: [actor(mentoringProgrammes.createdById)],
    actorView: [mentoringProgrammes.id, mentoringProgrammes.name, mentoringProgrammes.createdAt],
    why: "Mentoring programmes the person set up; the unit's record.",
  },

  // ---- events
  {
    table: eventRsvps,
    category: 'events',
    references: [subject(eventRsvps.userId, 'user', 'keep')],
    secret: [eventRsvps.confirmTokenHash],
    clear: [
      [eventRsvps.accessNeeds, null],
      [eventRsvps.accessNeedKinds, sql`'{}'::text[]`],
      [eventRsvps.childrenAges, sql`'{}'::integer[]`],
      [eventRsvps.confirmTokenHash, null],
    ],
    why: "Registrations and attendance. Kept for the events' attendance counts with the pseudonymised account; access needs (ticks and text) and children's ages are cleared.",
  },
  {
    table: events,
    category: 'events',
    references: [actor(events.createdById)],
    actorView: [events.id, events.title, events.startsAt, events.createdAt],
    why: "Events the person created; the hosting unit's record.",
  },
  {
    table: eventSeries,
    category: 'events',
    references: [actor(eventSeries.createdById)],
    actorView: [eventSeries.id, eventSeries.createdAt],
    why: 'Event series the person created.',
  },

  // ---- help between KVs
  {
    table: helpTravel,
    category: 'help',
    references: [subject(helpTravel.memberId, 'member', 'delete')],
    why: 'Rides and beds offered or asked for, with place and note.',
  },
  {
    table: helpSignups,
    category: 'help',
    references: [subject(helpSignups.memberId, 'member', 'keep')],
    why: "Shift sign-ups. Kept with the tombstone for the shifts' counts and the solidarity balance; nothing personal is left in them.",
  },
  {
    table: donationPledges,
    category: 'help',
    references: [subject(donationPledges.memberId, 'member', 'keep')],
    why: "Pledges. Kept with the tombstone for the drive's total; amount and status only.",
  },
  {
    table: helpRequests,
    category: 'help',
    references: [subject(helpRequests.contactMemberId, 'member', 'keep'), actor(helpRequests.createdById)],
    actorView: [helpRequests.id, helpRequests.title, helpRequests.createdAt],
    why: "The unit's help requests. The contact is required, so it stays pointing at the tombstone (shown without a name).",
  },
  {
    table: helpRecords,
    category: 'help',
    references: [actor(helpRecords.createdById)],
    actorView: [helpRecords.id, helpRecords.helpedOn, helpRecords.createdAt],
    why: 'Help the person recorded for the balance.',
  },
  {
    table: donationDrives,
    category: 'help',
    references: [actor(donationDrives.createdById)],
    actorView: [donationDrives.id, donationDrives.title, donationDrives.createdAt],
    why: 'Donation drives the person started.',
  },

  // ---- onboarding
  {
    table: onboardingQuestionnaires,
    category: 'onboarding',
    references: [viaPipeline(onboardingQuestionnaires.pipelineId, 'delete')],
    why: "The new member's answers: interests, time, message.",
  },
  {
    table: onboardingContacts,
    category: 'onboarding',
    references: [viaPipeline(onboardingContacts.pipelineId, 'keep'), actor(onboardingContacts.recordedById)],
    actorView: [onboardingContacts.id, onboardingContacts.attemptedOn, onboardingContacts.createdAt],
    clear: [[onboardingContacts.note, null]],
    why: "Calls to the new member. Kept for the onboarding benchmark (reached, and when); the board's note is cleared.",
  },
  {
    table: onboardingStepProgress,
    category: 'onboarding',
    references: [
      viaPipeline(onboardingStepProgress.pipelineId, 'keep'),
      actor(onboardingStepProgress.closedById),
    ],
    actorView: [
      onboardingStepProgress.position,
      onboardingStepProgress.status,
      onboardingStepProgress.closedAt,
    ],
    why: 'The closed steps of the way in. Kept for the benchmark; nothing personal in them.',
  },
  {
    table: onboardingPipelines,
    category: 'onboarding',
    references: [
      subject(onboardingPipelines.memberId, 'member', 'keep'),
      {
        column: onboardingPipelines.buddyMemberId,
        person: 'member',
        role: 'actor',
        erase: 'unlink',
        alsoClear: [onboardingPipelines.buddyAssignedAt],
      },
    ],
    actorView: [onboardingPipelines.id, onboardingPipelines.buddyAssignedAt],
    why: "The way in: kept with the tombstone for the benchmark. As another member's buddy the person is unlinked: a buddy who left is no buddy.",
  },
  {
    table: onboardingSteps,
    category: 'administration',
    references: [actor(onboardingSteps.createdById)],
    actorView: [onboardingSteps.id, onboardingSteps.kind, onboardingSteps.createdAt],
    why: "Steps of a unit's onboarding standard the person added.",
  },
  {
    table: onboardingStepOptOuts,
    category: 'administration',
    references: [actor(onboardingStepOptOuts.createdById)],
    actorView: [onboardingStepOptOuts.stepId, onboardingStepOptOuts.createdAt],
    why: 'Steps the person left out for their KV.',
  },
  {
    table: onboardingWelcomeTexts,
    category: 'administration',
    references: [actor(onboardingWelcomeTexts.updatedById)],
    actorView: [onboardingWelcomeTexts.unitId, onboardingWelcomeTexts.updatedAt],
    why: "A KV's welcome e-mail the person last changed.",
  },

  // ---- partnerships and agreements
  {
    table: partnerships,
    category: 'partnerships',
    references: [
      { column: partnerships.coordinatorAMemberId, person: 'member', role: 'actor', erase: 'unlink' },
      { column: partnerships.coordinatorBMemberId, person: 'member', role: 'actor', erase: 'unlink' },
      actor(partnerships.proposedById),
    ],
    actorView: [partnerships.id, partnerships.unitAId, partnerships.unitBId, partnerships.createdAt],
    why: 'Partnerships the person coordinated (unlinked at erasure) or proposed.',
  },
  {
    table: partnershipStatusChanges,
    category: 'partnerships',
    references: [actor(partnershipStatusChanges.changedById)],
    actorView: [
      partnershipStatusChanges.id,
      partnershipStatusChanges.toStatus,
      partnershipStatusChanges.createdAt,
    ],
    why: 'Status changes the person made.',
  },
  {
    table: partnershipReports,
    category: 'partnerships',
    references: [actor(partnershipReports.decidedById)],
    actorView: [partnershipReports.id, partnershipReports.status, partnershipReports.decidedAt],
    why: "Reports the person moderated. The reporter's name and e-mail are someone else's and are not exported.",
  },
  {
    table: partnershipMinutes,
    category: 'agreements',
    references: [actor(partnershipMinutes.sharedById)],
    actorView: [partnershipMinutes.id, partnershipMinutes.title, partnershipMinutes.sharedAt],
    why: 'Minutes the person shared.',
  },
  {
    table: partnershipRetreats,
    category: 'agreements',
    references: [actor(partnershipRetreats.recordedById)],
    actorView: [partnershipRetreats.id, partnershipRetreats.heldOn, partnershipRetreats.createdAt],
    why: 'Retreats the person recorded.',
  },
  {
    table: partnershipLinkConfirmations,
    category: 'agreements',
    references: [actor(partnershipLinkConfirmations.confirmedById)],
    actorView: [partnershipLinkConfirmations.id, partnershipLinkConfirmations.confirmedOn],
    why: 'Website links the person confirmed.',
  },
  {
    table: partnershipExchanges,
    category: 'agreements',
    references: [actor(partnershipExchanges.recordedById)],
    actorView: [
      partnershipExchanges.id,
      partnershipExchanges.kind,
      partnershipExchanges.heldOn,
      partnershipExchanges.createdAt,
    ],
    why: "Exchanges with the partner the person recorded for their board. Kept (the agreement's evidence), pointing at the pseudonymised account.",
  },
  {
    table: agreementVersions,
    category: 'agreements',
    references: [actor(agreementVersions.authorUserId)],
    actorView: [
      agreementVersions.id,
      agreementVersions.agreementId,
      agreementVersions.number,
      agreementVersions.createdAt,
    ],
    clear: [[agreementVersions.authorName, null]],
    why: "Agreement versions the person wrote. Kept (the agreement's history); the author's name written into the version is cleared.",
  },
  {
    table: agreementRatifications,
    category: 'agreements',
    references: [actor(agreementRatifications.recordedById)],
    actorView: [
      agreementRatifications.id,
      agreementRatifications.agreementId,
      agreementRatifications.createdAt,
    ],
    why: 'Ratifications the person recorded.',
  },

  // ---- resolutions and their measures
  {
    table: resolutions,
    category: 'administration',
    references: [actor(resolutions.createdById)],
    actorView: [resolutions.id, resolutions.unitId, resolutions.createdAt],
    why: "Resolutions the person imported. Kept: they are the unit's decisions.",
  },
  {
    table: resolutionMeasures,
    category: 'administration',
    references: [actor(resolutionMeasures.createdById)],
    actorView: [resolutionMeasures.id, resolutionMeasures.resolutionId, resolutionMeasures.createdAt],
    why: 'Measures the person made from a resolution.',
  },
  {
    table: resolutionProgressNotes,
    category: 'administration',
    references: [actor(resolutionProgressNotes.authorId)],
    actorView: [
      resolutionProgressNotes.id,
      resolutionProgressNotes.measureId,
      resolutionProgressNotes.createdAt,
    ],
    why: "Progress the person reported on a measure. Kept (the measure's history), pointing at the pseudonymised account.",
  },

  // ---- playbook (Wissenswerk)
  {
    table: playbookEntries,
    category: 'administration',
    references: [actor(playbookEntries.authorId)],
    actorView: [playbookEntries.id, playbookEntries.title, playbookEntries.createdAt],
    why: "Entries of the Wissenswerk the person wrote for the editorial team. Kept (the organisation's text), pointing at the pseudonymised account.",
  },
  {
    table: playbookVersions,
    category: 'administration',
    references: [actor(playbookVersions.editedById)],
    actorView: [playbookVersions.entryId, playbookVersions.version, playbookVersions.editedAt],
    why: 'Versions of Wissenswerk entries the person saved ("who changed what"). Kept, pointing at the pseudonymised account.',
  },
  {
    table: playbookImages,
    category: 'administration',
    references: [actor(playbookImages.uploadedById)],
    actorView: [playbookImages.id, playbookImages.entryId, playbookImages.createdAt],
    why: 'Images the person uploaded to a Wissenswerk entry. Kept with the entry, pointing at the pseudonymised account.',
  },

  // ---- administration and the audit trail
  {
    table: memberImports,
    category: 'administration',
    references: [actor(memberImports.createdById)],
    actorView: [memberImports.id, memberImports.rowsTotal, memberImports.createdAt],
    why: 'Member imports the person ran (counts only).',
  },
  {
    table: auditEvents,
    category: 'activity',
    references: [{ column: auditEvents.actorUserId, person: 'user', role: 'actor', erase: 'keep' }],
    actorView: [auditEvents.at, auditEvents.action, auditEvents.objectType, auditEvents.actingRole],
    why: 'What the person did, from the audit trail (no foreign key on purpose). Append-only: never changed by the erasure; it holds ids, not names.',
  },

  // ---- the member record last: every row above may point at it
  {
    table: members,
    category: 'membership',
    references: [subject(members.id, 'member', 'own-row')],
    why: 'The membership record from the member import. At erasure a tombstone stays: dates, home KV and the hash of the member number, so an old import file does not bring the person back.',
  },
]
