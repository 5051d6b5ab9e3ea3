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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
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
