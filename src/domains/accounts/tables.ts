import { sql } from 'drizzle-orm'
import { bigint, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { members } from '../members/tables.js'

/**
 * The mails a person may switch off. Everything else is what they asked for or must know (a
 * confirmation, a cancelled event, a new role, a ratification that waits for them) and always goes out.
 */
export const optionalMails = [
  'help.shiftReminder',
  'help.signupNotice',
  'help.partnerRequest',
  'events.reminder',
] as const
export type OptionalMail = (typeof optionalMails)[number]
/**
 * Kept in mail_opt_outs beside the kinds switched off: the coordinator takes the sign-ups of the day
 * as one digest the next morning instead of a mail per sign-up (help.signupNotice is then off).
 */
export const SIGNUP_DIGEST = 'help.signupDigest'

/** A condition for a query joining users: the account has not switched this optional mail off. */
export const wantsMail = (kind: OptionalMail) => sql`not (${kind} = any(${users.mailOptOuts}))`

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    // argon2id; null for accounts that only ever log in by e-mail link.
    passwordHash: text(),
    displayName: text().notNull(),
    locale: text().notNull().default('de'),
    memberId: uuid().references(() => members.id),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    deactivatedAt: timestamp({ withTimezone: true }),
    // The optional mails (optionalMails) this person switched off on the account page, and SIGNUP_DIGEST.
    mailOptOuts: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`),
    uniqueIndex('users_member_uq').on(t.memberId),
  ],
)

export const sessions = pgTable(
  'sessions',
  {
    // sha256 of the cookie value: a leaked table does not hand out live sessions.
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    userAgent: text(),
    // When this session confirmed the second factor; until then roles above member are held back.
    secondFactorAt: timestamp({ withTimezone: true }),
    // A session begun at the party's OpenID provider: its issuer and ID token, sealed (AES-GCM under the app secret,
    // bound to the account), so that signing out here ends the provider's session too (id_token_hint). Cleared
    // when the session ends.
    oidcLogoutSealed: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** An account's confirmed TOTP authenticator (RFC 6238). One per account; removing it is disabling two-factor. */
export const twoFactorCredentials = pgTable('two_factor_credentials', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id),
  // AES-256-GCM under a key derived from the app secret, bound to the account: a leaked table or
  // backup alone does not yield codes.
  secretSealed: text().notNull(),
  // The last time step a code was accepted for; a code of this step or an earlier one is a replay.
  lastUsedStep: bigint({ mode: 'number' }),
  confirmedAt: timestamp({ withTimezone: true }).notNull(),
})

/** Single-use recovery codes for a lost authenticator; only their sha256 is stored. */
export const twoFactorRecoveryCodes = pgTable(
  'two_factor_recovery_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('two_factor_recovery_codes_user_code_uq').on(t.userId, t.codeHash)],
)

export const loginTokenPurpose = pgEnum('login_token_purpose', [
  'magic_link',
  'password_reset',
  'verify_email',
])

export const loginTokens = pgTable(
  'login_tokens',
  {
    // sha256 of the token sent by e-mail.
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    purpose: loginTokenPurpose().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('login_tokens_user_idx').on(t.userId)],
)

export type User = typeof users.$inferSelect
export type Session = typeof sessions.$inferSelect

/**
 * A login at the party's OpenID provider linked to an account: the provider's issuer and its stable subject
 * (`sub`). One account has at most one link per provider, and a subject belongs to one account.
 */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    issuer: text().notNull(),
    subject: text().notNull(),
    linkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('oidc_identities_issuer_subject_uq').on(t.issuer, t.subject),
    uniqueIndex('oidc_identities_user_issuer_uq').on(t.userId, t.issuer),
  ],
)

export type OidcIdentityRow = typeof oidcIdentities.$inferSelect
