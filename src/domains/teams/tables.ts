import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'

export const joinPolicies = ['open', 'application'] as const
export type JoinPolicy = (typeof joinPolicies)[number]
/** Who sees a team and may join it: the members of the unit hosting it, or every member of the party. */
export const teamVisibilities = ['unit', 'party'] as const
export type TeamVisibility = (typeof teamVisibilities)[number]
export const teamRoles = ['lead', 'member'] as const
export type TeamRole = (typeof teamRoles)[number]
export const membershipStatuses = ['applied', 'active', 'left', 'declined'] as const
export type MembershipStatus = (typeof membershipStatuses)[number]

/**
 * A team or working group: a unit of kind `team` below the unit that hosts it (a KV's "AG Mitgliederarbeit",
 * a state's campaign team), so events and other records can name it as their unit. This row holds what only
 * a team has. A team that ends keeps its rows and its history.
 */
export const teams = pgTable(
  'teams',
  {
    unitId: uuid()
      .primaryKey()
      .references(() => orgUnits.id),
    purpose: text().notNull().default(''),
    joinPolicy: text({ enum: joinPolicies }).notNull(),
    visibility: text({ enum: teamVisibilities }).notNull().default('unit'),
    createdById: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
    endedById: uuid().references(() => users.id),
  },
  (t) => [
    check('teams_join_policy_chk', sql`${t.joinPolicy} in ('open', 'application')`),
    check('teams_visibility_chk', sql`${t.visibility} in ('unit', 'party')`),
  ],
)

/** Who is in a team, who asked to join and who left: one row per membership, kept after leaving. */
export const teamMembers = pgTable(
  'team_members',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => teams.unitId),
    memberId: uuid()
      .notNull()
      .references(() => members.id),
    role: text({ enum: teamRoles }).notNull().default('member'),
    status: text({ enum: membershipStatuses }).notNull(),
    appliedAt: timestamp({ withTimezone: true }).notNull(),
    joinedAt: timestamp({ withTimezone: true }),
    leftAt: timestamp({ withTimezone: true }),
    decidedById: uuid().references(() => users.id),
  },
  (t) => [
    // A member asks or belongs once at a time; earlier memberships stay as history.
    uniqueIndex('team_members_current_uq')
      .on(t.teamId, t.memberId)
      .where(sql`${t.status} in ('applied', 'active')`),
    index('team_members_member_idx').on(t.memberId),
    check('team_members_role_chk', sql`${t.role} in ('lead', 'member')`),
    check('team_members_status_chk', sql`${t.status} in ('applied', 'active', 'left', 'declined')`),
  ],
)

export type Team = typeof teams.$inferSelect
export type TeamMember = typeof teamMembers.$inferSelect
