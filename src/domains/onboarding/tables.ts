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
export type ClosedStatus = Exclude<StepStatus, 'open'>

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

/**
 * The steps of a KV's standard as they stood when pipelines started: every pipeline points to one, and a
 * later change of the standard makes a new plan, so the due dates of people already on their way stay.
 * Identical standards share a plan (`stepsKey` is the hash of the steps).
 */
export const onboardingPlans = pgTable(
  'onboarding_plans',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    stepsKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('onboarding_plans_unit_key_uq').on(t.unitId, t.stepsKey)],
)

export const onboardingPlanSteps = pgTable(
  'onboarding_plan_steps',
  {
    planId: uuid()
      .notNull()
      .references(() => onboardingPlans.id),
    position: integer().notNull(),
    kind: text({ enum: stepKinds }).notNull(),
    title: text(),
    dueDays: integer().notNull(),
    mandatory: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.position] }),
    check('onboarding_plan_steps_kind_chk', kindCheck(t.kind)),
    check('onboarding_plan_steps_due_days_chk', sql`${t.dueDays} between 0 and 365`),
  ],
)

/** One new member's way in. Started once, when the member is first inserted; the KV is the member's current home. */
export const onboardingPipelines = pgTable(
  'onboarding_pipelines',
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    planId: uuid()
      .notNull()
      .references(() => onboardingPlans.id),
    // The entry date the due dates are counted from.
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
 * A closed step of a pipeline (the step is its plan's step at this position). A step without a row is
 * open; reopening deletes the row. Only the steps that happened are written, one row each.
 */
export const onboardingStepProgress = pgTable(
  'onboarding_step_progress',
  {
    pipelineId: uuid()
      .notNull()
      .references(() => onboardingPipelines.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    status: text({ enum: ['done', 'skipped'] }).notNull(),
    closedAt: timestamp({ withTimezone: true }).notNull(),
    // Null when the platform closed it (a mail sent by the job).
    closedById: uuid().references(() => users.id),
    // The new-member meeting an invitation named.
    eventId: uuid().references(() => events.id),
  },
  (t) => [
    primaryKey({ columns: [t.pipelineId, t.position] }),
    check('onboarding_step_progress_status_chk', sql`${t.status} in ('done', 'skipped')`),
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
/** A step of one pipeline: its plan's step with the due date and, once closed, its progress. */
export type PipelineStep = {
  pipelineId: string
  position: number
  kind: StepKind
  title: string | null
  dueOn: string
  mandatory: boolean
  status: StepStatus
  closedAt: Date | null
  closedById: string | null
  eventId: string | null
  /** Closed by the member's own doing, not by the board: the first activity once they RSVP or sign up for a shift. */
  automatic: boolean
}
export type OnboardingContact = typeof onboardingContacts.$inferSelect
export type OnboardingQuestionnaire = typeof onboardingQuestionnaires.$inferSelect
export type WelcomeText = typeof onboardingWelcomeTexts.$inferSelect
