import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { events } from '../events/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'

/**
 * What a step is about. All but `custom` have behaviour of their own (the welcome e-mail and the
 * invitation are sent by the platform, a reached call, an assigned buddy and an answered questionnaire
 * close their steps), so each of them stands at most once in a standard.
 */
export const stepKinds = [
  'welcome_mail',
  'welcome_call',
  'meeting_invitation',
  'buddy',
  'questionnaire',
  'first_activity',
  'custom',
] as const
export type StepKind = (typeof stepKinds)[number]

export const stepStatuses = ['open', 'done', 'skipped'] as const
export type StepStatus = (typeof stepStatuses)[number]

export const contactOutcomes = ['reached', 'not_reached', 'call_back'] as const
export type ContactOutcome = (typeof contactOutcomes)[number]

/** The topics a new member can name in the questionnaire; the labels are in the message catalogue. */
export const interestTopics = [
  'campaigns',
  'policy',
  'local',
  'education',
  'social',
  'youth',
  'online',
  'organisation',
] as const

const kindCheck = (column: unknown) =>
  sql`${column} in ('welcome_mail', 'welcome_call', 'meeting_invitation', 'buddy', 'questionnaire', 'first_activity', 'custom')`

/**
 * The steps of a standard: a state's (its KVs follow it) or a KV's own additions. A state without
 * rows follows the default standard in `standard.ts`. The title is the unit's own wording; without
 * one, the kind's name from the message catalogue is shown.
 */
export const onboardingSteps = pgTable(
  'onboarding_steps',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    kind: text({ enum: stepKinds }).notNull(),
    title: text(),
    // Counted from the entry date: 0 is the day of entry.
    dueDays: integer().notNull(),
    // Only a state's step can be mandatory: its KVs may not drop it.
    mandatory: boolean().notNull().default(false),
    position: integer().notNull().default(0),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('onboarding_steps_kind_chk', kindCheck(t.kind)),
    check('onboarding_steps_due_days_chk', sql`${t.dueDays} between 0 and 365`),
    check('onboarding_steps_custom_title_chk', sql`${t.kind} <> 'custom' or ${t.title} is not null`),
    uniqueIndex('onboarding_steps_kind_uq').on(t.unitId, t.kind).where(sql`${t.kind} <> 'custom'`),
    index('onboarding_steps_unit_idx').on(t.unitId),
  ],
)

/** A KV leaves out an optional step of its state's standard. */
export const onboardingStepOptOuts = pgTable(
  'onboarding_step_opt_outs',
  {
    districtId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    stepId: uuid()
      .notNull()
      .references(() => onboardingSteps.id, { onDelete: 'cascade' }),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.stepId] })],
)

/** A KV's welcome e-mail, with placeholders such as {vorname}; without a row the catalogue's default is sent. */
export const onboardingWelcomeTexts = pgTable('onboarding_welcome_texts', {
  unitId: uuid()
    .primaryKey()
    .references(() => orgUnits.id),
  subject: text().notNull(),
  body: text().notNull(),
  updatedById: uuid().references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** One new member's way in. Started once, when the member is first inserted; the KV is the member's current home. */
export const onboardingPipelines = pgTable(
  'onboarding_pipelines',
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    // The entry date the due dates were counted from.
    enteredOn: date().notNull(),
    buddyMemberId: uuid().references(() => members.id),
    buddyAssignedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('onboarding_pipelines_member_uq').on(t.memberId),
    index('onboarding_pipelines_entered_on_idx').on(t.enteredOn),
    check('onboarding_pipelines_buddy_chk', sql`${t.buddyMemberId} <> ${t.memberId}`),
    check(
      'onboarding_pipelines_buddy_at_chk',
      sql`(${t.buddyMemberId} is null) = (${t.buddyAssignedAt} is null)`,
    ),
  ],
)

/**
 * The steps of one pipeline, copied from the standard when it started: a later change of the standard
 * does not move the due dates of people already on their way.
 */
export const onboardingPipelineSteps = pgTable(
  'onboarding_pipeline_steps',
  {
    id: uuid().primaryKey().defaultRandom(),
    pipelineId: uuid()
      .notNull()
      .references(() => onboardingPipelines.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    kind: text({ enum: stepKinds }).notNull(),
    title: text(),
    dueOn: date().notNull(),
    mandatory: boolean().notNull().default(false),
    status: text({ enum: stepStatuses }).notNull().default('open'),
    closedAt: timestamp({ withTimezone: true }),
    // Null when the platform closed it (a mail sent by the job).
    closedById: uuid().references(() => users.id),
    // The new-member meeting an invitation named.
    eventId: uuid().references(() => events.id),
  },
  (t) => [
    check('onboarding_pipeline_steps_kind_chk', kindCheck(t.kind)),
    check('onboarding_pipeline_steps_status_chk', sql`${t.status} in ('open', 'done', 'skipped')`),
    check('onboarding_pipeline_steps_closed_chk', sql`(${t.status} = 'open') = (${t.closedAt} is null)`),
    check('onboarding_pipeline_steps_skip_chk', sql`not (${t.mandatory} and ${t.status} = 'skipped')`),
    uniqueIndex('onboarding_pipeline_steps_position_uq').on(t.pipelineId, t.position),
    // The mail job looks for the open steps it sends; the other kinds need no such index.
    index('onboarding_pipeline_steps_to_send_idx')
      .on(t.kind, t.dueOn)
      .where(sql`${t.status} = 'open' and ${t.kind} in ('welcome_mail', 'meeting_invitation')`),
  ],
)

/** Each attempt to reach a new member, as the board records it. */
export const onboardingContacts = pgTable(
  'onboarding_contacts',
  {
    id: uuid().primaryKey().defaultRandom(),
    pipelineId: uuid()
      .notNull()
      .references(() => onboardingPipelines.id, { onDelete: 'cascade' }),
    outcome: text({ enum: contactOutcomes }).notNull(),
    attemptedOn: date().notNull(),
    callBackOn: date(),
    note: text(),
    recordedById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('onboarding_contacts_outcome_chk', sql`${t.outcome} in ('reached', 'not_reached', 'call_back')`),
    check(
      'onboarding_contacts_call_back_chk',
      sql`(${t.outcome} = 'call_back') = (${t.callBackOn} is not null)`,
    ),
    index('onboarding_contacts_pipeline_idx').on(t.pipelineId, t.attemptedOn),
  ],
)

/** The new member's answers to the interest questionnaire; their board reads them. */
export const onboardingQuestionnaires = pgTable(
  'onboarding_questionnaires',
  {
    pipelineId: uuid()
      .primaryKey()
      .references(() => onboardingPipelines.id, { onDelete: 'cascade' }),
    interests: text().array().notNull().default(sql`'{}'::text[]`),
    skillIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    hoursPerMonth: integer(),
    weekdays: boolean().notNull().default(false),
    evenings: boolean().notNull().default(false),
    weekends: boolean().notNull().default(false),
    message: text(),
    // Whether the answers went into the volunteer pool, with the consent recorded there.
    joinedPool: boolean().notNull().default(false),
    answeredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [check('onboarding_questionnaires_hours_chk', sql`${t.hoursPerMonth} between 0 and 200`)],
)

export type OnboardingStep = typeof onboardingSteps.$inferSelect
export type OnboardingPipeline = typeof onboardingPipelines.$inferSelect
export type PipelineStep = typeof onboardingPipelineSteps.$inferSelect
export type OnboardingContact = typeof onboardingContacts.$inferSelect
export type OnboardingQuestionnaire = typeof onboardingQuestionnaires.$inferSelect
export type WelcomeText = typeof onboardingWelcomeTexts.$inferSelect
