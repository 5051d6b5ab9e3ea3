import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { roles } from '../../platform/auth/actor.js'
import { users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { teams } from '../teams/tables.js'

/** Who may find a member in the pool, narrowest first; each scope includes the narrower ones (see README). */
export const volunteerScopes = ['own_kv', 'partners', 'state', 'party'] as const
export type VolunteerScope = (typeof volunteerScopes)[number]

/** How far a member is willing to go for the work itself. */
export const volunteerReaches = ['own_kv', 'distance', 'state', 'everywhere', 'online_only'] as const
export type VolunteerReach = (typeof volunteerReaches)[number]

export const requestStatuses = ['pending', 'accepted', 'declined'] as const
export type RequestStatus = (typeof requestStatuses)[number]
export const projectStatuses = ['open', 'finished'] as const
export const applicationStatuses = ['applied', 'accepted', 'declined'] as const
export type ApplicationStatus = (typeof applicationStatuses)[number]

export const VOLUNTEER_POOL_PURPOSE = 'volunteer_pool'

/**
 * The extendable list of skills; admins and the federal office add to it, rename and retire them. A retired
 * skill is offered no more, but stays with the members who chose it (profiles and calls keep their rows).
 */
export const skills = pgTable(
  'skills',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    // The one skill that asks "which?" (languages) takes free text beside the checkbox.
    takesDetail: boolean().notNull().default(false),
    sortOrder: integer().notNull().default(1000),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('skills_name_uq').on(sql`lower(${t.name})`)],
)

/**
 * A member's consent to an optional processing purpose, with the exact text they were shown.
 * Rows are never deleted or edited except to set withdrawn_at: a changed scope is a new consent.
 */
export const consents = pgTable(
  'consents',
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    purpose: text().notNull(),
    scope: text().notNull(),
    textVersion: text().notNull(),
    // sha256 of the text as it was rendered, so a later edit of the wording cannot rewrite history.
    textHash: text().notNull(),
    givenAt: timestamp({ withTimezone: true }).notNull(),
    withdrawnAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // At most one current consent per purpose; searches join on exactly this row.
    uniqueIndex('consents_current_uq').on(t.memberId, t.purpose).where(sql`${t.withdrawnAt} is null`),
    index('consents_current_purpose_idx')
      .on(t.purpose, t.scope, t.memberId)
      .where(sql`${t.withdrawnAt} is null`),
  ],
)

export const volunteerProfiles = pgTable(
  'volunteer_profiles',
  {
    memberId: uuid()
      .primaryKey()
      .references(() => members.id),
    hoursPerMonth: integer().notNull(),
    weekdays: boolean().notNull().default(false),
    evenings: boolean().notNull().default(false),
    weekends: boolean().notNull().default(false),
    reach: text({ enum: volunteerReaches }).notNull(),
    reachKm: integer(),
    worksOnline: boolean().notNull().default(false),
    shortProjects: boolean().notNull().default(false),
    languages: text(),
    // The point of the member's postal code when the profile was saved; null without a known code.
    lat: doublePrecision(),
    lon: doublePrecision(),
    // The ids of the member's rows in volunteer_profile_skills, kept equal to them by triggers on that table
    // (migrations/0064_volunteer_profile_skill_ids_kept.sql), whoever writes it: the search tests "has every
    // skill asked for" on the row it already reads instead of probing the skills' index per candidate.
    skillIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'volunteer_profiles_reach_chk',
      sql`${t.reach} in ('own_kv', 'distance', 'state', 'everywhere', 'online_only')`,
    ),
    check(
      'volunteer_profiles_reach_km_chk',
      sql`(${t.reach} = 'distance') = (${t.reachKm} is not null and ${t.reachKm} > 0)`,
    ),
    check('volunteer_profiles_hours_chk', sql`${t.hoursPerMonth} between 0 and 200`),
    // A distance search first narrows by a box of latitudes and longitudes. The index holds every column the
    // search tests on a profile (skills, hours, days, reach), so the candidates in the box are read from the
    // index alone where the table's pages are all visible, as autovacuum leaves a table written now and then.
    // An entry holds the profile's skill ids, one per skill of the list at most (15 today; the form takes up to
    // 50, about 0.9 KB): a B-tree entry may take 2.7 KB, so a list of more than about 150 skills needs another index.
    index('volunteer_profiles_near_idx').on(
      t.lat,
      t.lon,
      t.skillIds,
      t.hoursPerMonth,
      t.weekdays,
      t.evenings,
      t.weekends,
      t.worksOnline,
      t.shortProjects,
      t.reach,
      t.reachKm,
      t.memberId,
    ),
  ],
)

export const volunteerProfileSkills = pgTable(
  'volunteer_profile_skills',
  {
    memberId: uuid()
      .notNull()
      .references(() => volunteerProfiles.memberId),
    skillId: uuid()
      .notNull()
      .references(() => skills.id),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.skillId] }),
    index('volunteer_profile_skills_skill_idx').on(t.skillId, t.memberId),
  ],
)

/** "Ask": a unit's coordinator asks a pool member through the platform. */
export const volunteerRequests = pgTable(
  'volunteer_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    askedById: uuid()
      .notNull()
      .references(() => users.id),
    // The role the asker holds on the unit itself, shown to the member beside the unit; null on rows from
    // before it was recorded.
    askedAs: text({ enum: roles }),
    message: text().notNull(),
    status: text({ enum: requestStatuses }).notNull().default('pending'),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    answeredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('volunteer_requests_status_chk', sql`${t.status} in ('pending', 'accepted', 'declined')`),
    check(
      'volunteer_requests_asked_as_chk',
      sql`${t.askedAs} in ('coordinator', 'board', 'state_office', 'federal_office', 'admin')`,
    ),
    index('volunteer_requests_member_idx').on(t.memberId),
    index('volunteer_requests_asked_by_idx').on(t.askedById),
  ],
)

/**
 * A short, topic-bound call for help ("Gestaltung Wahlkampfflyer, 3 Wochen, 5 Stunden"), of a unit or of a
 * team the unit hosts.
 */
export const volunteerProjects = pgTable(
  'volunteer_projects',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => orgUnits.id),
    createdById: uuid()
      .notNull()
      .references(() => users.id),
    title: text().notNull(),
    description: text().notNull(),
    weeks: integer().notNull(),
    hours: integer().notNull(),
    deadline: date().notNull(),
    status: text({ enum: projectStatuses }).notNull().default('open'),
    finishedAt: timestamp({ withTimezone: true }),
    // A team or working group of the posting unit whose call it is: its active leads post and run it beside
    // those who speak for the unit; who sees the call and whose consent counts stays the posting unit's.
    teamId: uuid().references(() => teams.unitId),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    check('volunteer_projects_status_chk', sql`${t.status} in ('open', 'finished')`),
    index('volunteer_projects_unit_idx').on(t.unitId),
    index('volunteer_projects_team_idx').on(t.teamId),
  ],
)

export const volunteerProjectSkills = pgTable(
  'volunteer_project_skills',
  {
    projectId: uuid()
      .notNull()
      .references(() => volunteerProjects.id),
    skillId: uuid()
      .notNull()
      .references(() => skills.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.skillId] })],
)

export const volunteerApplications = pgTable(
  'volunteer_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    projectId: uuid()
      .notNull()
      .references(() => volunteerProjects.id),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    message: text(),
    status: text({ enum: applicationStatuses }).notNull().default('applied'),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('volunteer_applications_status_chk', sql`${t.status} in ('applied', 'accepted', 'declined')`),
    uniqueIndex('volunteer_applications_once_uq').on(t.projectId, t.memberId),
    index('volunteer_applications_member_idx').on(t.memberId),
  ],
)

export type Skill = typeof skills.$inferSelect
export type Consent = typeof consents.$inferSelect
export type VolunteerProfile = typeof volunteerProfiles.$inferSelect
export type VolunteerRequest = typeof volunteerRequests.$inferSelect
export type VolunteerProject = typeof volunteerProjects.$inferSelect
export type VolunteerApplication = typeof volunteerApplications.$inferSelect
