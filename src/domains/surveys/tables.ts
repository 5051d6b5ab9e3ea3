import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
import type { CallingHours } from './calling-hours.js'
import type { Questionnaire } from './questionnaire.js'

export const surveyStatuses = ['draft', 'open', 'closed'] as const
export type SurveyStatus = (typeof surveyStatuses)[number]
export const answerChannels = ['online', 'phone'] as const
export type AnswerChannel = (typeof answerChannels)[number]

/**
 * A questionnaire of a unit, built by its board or an office above, answered by the members of the unit's
 * subtree. `anonymous` is fixed when it is created: such a survey keeps no link from answers to members.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    title: text().notNull(),
    intro: text().notNull().default(''),
    anonymous: boolean().notNull(),
    status: text({ enum: surveyStatuses }).notNull().default('draft'),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    openedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('surveys_unit_idx').on(t.unitId),
    check('surveys_status_chk', sql`${t.status} in ('draft', 'open', 'closed')`),
  ],
)

/**
 * The questions of a survey as they were at one time. The newest version is edited in place while nobody has
 * answered it; once answers exist, a change makes the next version, and answers stay with their version.
 */
export const surveyVersions = pgTable(
  'survey_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    surveyId: uuid()
      .notNull()
      .references(() => surveys.id),
    number: integer().notNull(),
    questionnaire: jsonb().$type<Questionnaire>().notNull(),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('survey_versions_number_uq').on(t.surveyId, t.number)],
)

/**
 * One person's answers to one version. In an anonymous survey `member_id`, `recorded_by_id` and `submitted_at`
 * stay null: the row says only which KV the answers come from (for results per KV, withheld below five).
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid().primaryKey().defaultRandom(),
    surveyId: uuid()
      .notNull()
      .references(() => surveys.id),
    versionId: uuid()
      .notNull()
      .references(() => surveyVersions.id),
    memberId: uuid().references(() => members.id),
    /** The respondent's home KV. */
    unitId: uuid().references(() => orgUnits.id),
    channel: text({ enum: answerChannels }).notNull(),
    /** The caller who entered answers given by phone. */
    recordedById: uuid().references(() => users.id),
    submittedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('survey_responses_version_idx').on(t.versionId, t.unitId),
    index('survey_responses_member_idx').on(t.memberId).where(sql`${t.memberId} is not null`),
    check('survey_responses_channel_chk', sql`${t.channel} in ('online', 'phone')`),
  ],
)

/** The answers of a response: one row per chosen option, number or text. */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    id: uuid().primaryKey().defaultRandom(),
    responseId: uuid()
      .notNull()
      .references(() => surveyResponses.id, { onDelete: 'cascade' }),
    versionId: uuid()
      .notNull()
      .references(() => surveyVersions.id),
    questionKey: text().notNull(),
    option: text(),
    numberValue: integer(),
    textValue: text(),
  },
  (t) => [
    index('survey_answers_response_idx').on(t.responseId),
    index('survey_answers_version_idx').on(t.versionId, t.questionKey),
  ],
)

/**
 * What the results page reads: the counts of one version per KV, kept by triggers on `survey_responses` and
 * `survey_answers` in the transaction that writes the answers (the migration `survey_result_counts_kept`), so a
 * page reads a few rows per question and KV however many answered. One row per
 *
 * - `question_key` null: the responses (respondents) of the version in the KV;
 * - `question_key` with `option` and `number_value` null: the respondents who answered that question;
 * - `question_key` with `option` or `number_value`: the answers choosing that option or giving that number.
 *
 * Free texts are counted only as respondents. A row that falls to zero is deleted. A response that moves to
 * another KV (a merge) takes its counts along; an answer's question, option, number, response or version and a
 * response's version are never changed (the triggers refuse it), so the counts cannot drift from the answers.
 */
export const surveyResultCounts = pgTable(
  'survey_result_counts',
  {
    versionId: uuid()
      .notNull()
      .references(() => surveyVersions.id),
    questionKey: text(),
    unitId: uuid().references(() => orgUnits.id),
    option: text(),
    numberValue: integer(),
    n: integer().notNull(),
  },
  (t) => [
    unique('survey_result_counts_cell_uq')
      .on(t.versionId, t.questionKey, t.unitId, t.option, t.numberValue)
      .nullsNotDistinct(),
  ],
)

/**
 * The member's "already answered" mark, kept apart from the answers: it names the survey and the member and
 * nothing that leads to the response, so the two cannot be joined.
 */
export const surveyParticipations = pgTable(
  'survey_participations',
  {
    surveyId: uuid()
      .notNull()
      .references(() => surveys.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    answeredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.surveyId, t.memberId] }),
    index('survey_participations_member_idx').on(t.memberId),
  ],
)

/** A member's personal link to a survey, sent by mail: only the sha256 of its token is kept. */
export const surveyLinks = pgTable(
  'survey_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    surveyId: uuid()
      .notNull()
      .references(() => surveys.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('survey_links_token_uq').on(t.tokenHash),
    uniqueIndex('survey_links_member_uq').on(t.surveyId, t.memberId),
    index('survey_links_member_idx').on(t.memberId),
  ],
)

export type Survey = typeof surveys.$inferSelect
export type SurveyVersion = typeof surveyVersions.$inferSelect

export const callOutcomes = [
  'reached',
  'no_answer',
  'callback',
  'wrong_number',
  'do_not_call',
  'declined',
] as const
export type CallOutcome = (typeof callOutcomes)[number]
export const targetStates = ['open', 'claimed', 'callback', 'done'] as const
export type TargetState = (typeof targetStates)[number]

/** Who a phone campaign calls: members of the survey unit's subtree, narrowed by these. */
export type CampaignFilters = {
  kvId: string | null
  enteredFrom: string | null
  enteredTo: string | null
  neverReachedByOnboarding: boolean
  noEventIn12Months: boolean
}

/**
 * A phone campaign for a survey: a call list made once from the filters, a script to read out, calling hours and
 * callers. Call notes and outcomes are deleted `retention_days` after it ends.
 */
export const surveyCampaigns = pgTable(
  'survey_campaigns',
  {
    id: uuid().primaryKey().defaultRandom(),
    surveyId: uuid()
      .notNull()
      .references(() => surveys.id),
    /** The survey's unit, whose board and offices above run the campaign. */
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    name: text().notNull(),
    script: text().notNull(),
    /** Per weekday (Monday first) a window on Berlin's clocks or null: "next person" claims only within it. */
    callingHours: jsonb().$type<CallingHours>().notNull(),
    filters: jsonb().$type<CampaignFilters>().notNull(),
    retentionDays: integer().notNull().default(90),
    status: text({ enum: ['running', 'ended'] })
      .notNull()
      .default('running'),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    /** Set when the notes and outcomes were deleted after the retention time. */
    purgedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('survey_campaigns_survey_idx').on(t.surveyId),
    index('survey_campaigns_unit_idx').on(t.unitId),
    check('survey_campaigns_status_chk', sql`${t.status} in ('running', 'ended')`),
    check('survey_campaigns_retention_chk', sql`${t.retentionDays} between 1 and 730`),
    check(
      'survey_campaigns_hours_chk',
      sql`jsonb_typeof(${t.callingHours}) = 'array' and jsonb_array_length(${t.callingHours}) = 7`,
    ),
  ],
)

/**
 * A campaign's callers: the role `caller` for this campaign, usable once the confidentiality note is confirmed.
 * A caller the owners removed keeps the row (their calls still count in the progress per caller) with
 * `removed_at`, and may no longer open the campaign.
 */
export const campaignCallers = pgTable(
  'campaign_callers',
  {
    campaignId: uuid()
      .notNull()
      .references(() => surveyCampaigns.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    addedAt: timestamp({ withTimezone: true }).notNull(),
    confirmedAt: timestamp({ withTimezone: true }),
    removedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.userId] }), index('campaign_callers_user_idx').on(t.userId)],
)

/**
 * One member on a campaign's call list. `state` moves open → claimed (one caller, at `claimed_at`) → open again
 * (no answer), callback (due at `callback_at`, for the same caller) or done. A claim older than 30 minutes returns
 * to the pool. When the campaign's notes are purged the row loses the member and the caller and keeps its KV,
 * state, attempts and outcome: the progress per KV stays as it was.
 */
export const campaignTargets = pgTable(
  'campaign_targets',
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => surveyCampaigns.id),
    /** Null once the campaign's notes were purged: the row then counts in the progress and names nobody. */
    memberId: uuid().references(() => members.id),
    /** The member's home KV when the list was made: progress per KV. */
    unitId: uuid().references(() => orgUnits.id),
    state: text({ enum: targetStates }).notNull().default('open'),
    claimedById: uuid().references(() => users.id),
    claimedAt: timestamp({ withTimezone: true }),
    callbackAt: timestamp({ withTimezone: true }),
    outcome: text({ enum: callOutcomes }),
    attempts: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex('campaign_targets_member_uq').on(t.campaignId, t.memberId),
    // "Next person" (repo.claimNext) reads each of its branches from one of these, in the order it wants.
    index('campaign_targets_open_idx').on(t.campaignId, t.attempts).where(sql`${t.state} = 'open'`),
    index('campaign_targets_callback_idx').on(t.campaignId, t.callbackAt).where(sql`${t.state} = 'callback'`),
    index('campaign_targets_claimed_idx').on(t.campaignId, t.claimedById).where(sql`${t.state} = 'claimed'`),
    index('campaign_targets_member_idx').on(t.memberId),
    check('campaign_targets_state_chk', sql`${t.state} in ('open', 'claimed', 'callback', 'done')`),
  ],
)

/** One call attempt: who called whom, the outcome and the caller's note. */
export const campaignCalls = pgTable(
  'campaign_calls',
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => surveyCampaigns.id),
    targetId: uuid()
      .notNull()
      .references(() => campaignTargets.id, { onDelete: 'cascade' }),
    /** Null once the campaign's notes were purged (with the note): the call counts for its caller, about nobody. */
    memberId: uuid().references(() => members.id),
    callerId: uuid().references(() => users.id),
    outcome: text({ enum: callOutcomes }).notNull(),
    note: text(),
    callbackAt: timestamp({ withTimezone: true }),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('campaign_calls_target_idx').on(t.targetId),
    index('campaign_calls_campaign_idx').on(t.campaignId, t.callerId),
    index('campaign_calls_member_idx').on(t.memberId),
  ],
)

/** A member's "do not call me": every later campaign leaves them out. */
export const memberDoNotCall = pgTable('member_do_not_call', {
  memberId: uuid()
    .primaryKey()
    .references(() => members.id),
  at: timestamp({ withTimezone: true }).notNull(),
})

export type SurveyCampaign = typeof surveyCampaigns.$inferSelect
export type CampaignTarget = typeof campaignTargets.$inferSelect
