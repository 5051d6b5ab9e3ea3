import { z } from 'zod'
import { parseRoleMapping, type RoleMapping } from './platform/auth/oidc-roles.js'
import type { UnitKind } from './platform/units.js'

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  // PostgreSQL's connections per process: requests beyond them wait for a free one.
  DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  MIGRATE_ON_START: booleanFromEnv.default(true),
  // The embedded database's buffer cache: PGlite touches all of it at start, so it is memory the process holds.
  PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(8).max(1024).default(16),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Brückenschlag <noreply@localhost>'),
  DEMO_DATA: z.enum(['auto', 'always', 'never']).default('auto'),
  DEFAULT_LOCALE: z.enum(['de', 'en']).default('de'),
  GENDER_MARK: z.enum([':', '*', '_']).default(':'),
  LEVEL_NAMES: z
    .string()
    .default('Bundesverband,Landesverband,Kreisverband,Ortsverband,Arbeitsgruppe')
    .refine(
      (v) => v.split(',').length === 5,
      'needs five comma-separated names: federal,state,district,local,team',
    ),
  EMBED_ORIGINS: z.string().default(''),
  // SECURITY-GOALS §1.5: the member profile is a mirror of the party's database, erased 30 days after leaving.
  RETENTION_DAYS_AFTER_LEAVING: z.coerce.number().int().min(1).max(3650).default(30),
  TRUST_PROXY: z.string().default(''),
  // Prometheus metrics at /metrics, only for a request carrying this token (Authorization: Bearer …).
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OUTBOX_PAGE: booleanFromEnv.optional(),
  // A public demonstration without a mail server: the outbox page shows the mails to whoever opens it.
  DEMO_MODE: booleanFromEnv.default(false),
  MFA_REQUIRED: booleanFromEnv.default(true),
  // Requests per minute and personal access token on the JSON API, counted in the database across processes.
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(120),
  // A timed job that fails this many runs in a row is parked until an admin resumes it (/admin/mail).
  JOB_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  // Single sign-on with the party's OpenID provider: all three, or none.
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  // The name on the login button ("Mit … anmelden").
  OIDC_NAME: z.string().min(1).max(60).default('Parteilogin'),
  // Where the provider sends the browser back; default PUBLIC_URL + /login/oidc/callback.
  OIDC_REDIRECT_URL: z.url().optional(),
  // Where the provider sends the browser after signing out there too; default PUBLIC_URL + /.
  OIDC_POST_LOGOUT_URL: z.url().optional(),
  OIDC_SCOPES: z.string().min(6).default('openid email profile'),
  // The provider's sign-ins that count as the second factor: `amr` values (e.g. mfa,otp,hwk) or `acr` values.
  OIDC_MFA_AMR: z.string().default(''),
  // false: members log in only through the provider (or by e-mail link); needs the OIDC settings.
  OIDC_PASSWORD_LOGIN: booleanFromEnv.default(true),
  OIDC_MFA_ACR: z.string().default(''),
  // Roles from the provider's claims: the claim to read (groups, or realm_access.roles nested) and a JSON object
  // from its values to roles (README, "Roles from the provider").
  OIDC_ROLES_CLAIM: z
    .string()
    .regex(/^\S{1,200}$/, 'must be a claim name without spaces (groups, or realm_access.roles nested)')
    .optional(),
  OIDC_ROLES: z.string().optional(),
})

export type Config = ReturnType<typeof buildConfig>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

/**
 * Parses the environment once. Every problem is reported together, so a deployment
 * is fixed in one go rather than one variable per restart.
 */
export function loadConfig(env: Record<string, string | undefined>) {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = envSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const e = parsed.data
  const problems: string[] = []
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET)
    problems.push('SESSION_SECRET: required in production')
  if (e.NODE_ENV === 'production' && !e.SMTP_URL) problems.push('SMTP_URL: required in production')
  const oidcSet = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length
  if (oidcSet > 0 && oidcSet < 3)
    problems.push(
      'OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three for single sign-on, or none',
    )
  if (e.OIDC_ISSUER) {
    const issuer = new URL(e.OIDC_ISSUER)
    if (issuer.protocol !== 'https:' && !isLoopback(issuer.hostname))
      problems.push('OIDC_ISSUER: must be https:// (plain http only on this machine, for trying it out)')
  }
  if (!e.OIDC_PASSWORD_LOGIN && !e.OIDC_ISSUER)
    problems.push(
      'OIDC_PASSWORD_LOGIN: false needs single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)',
    )
  if (e.OIDC_SCOPES && !e.OIDC_SCOPES.split(/\s+/).includes('openid'))
    problems.push('OIDC_SCOPES: must include openid')
  let roleMapping: RoleMapping | undefined
  if (e.OIDC_ROLES_CLAIM || e.OIDC_ROLES) {
    if (!e.OIDC_ROLES_CLAIM || !e.OIDC_ROLES)
      problems.push('OIDC_ROLES_CLAIM, OIDC_ROLES: set both for roles from the provider, or neither')
    else if (!e.OIDC_ISSUER)
      problems.push('OIDC_ROLES: needs single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)')
    else {
      const parsed = parseRoleMapping(e.OIDC_ROLES_CLAIM, e.OIDC_ROLES)
      if (parsed.problems) problems.push(...parsed.problems)
      else roleMapping = parsed.mapping
    }
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return buildConfig(e, roleMapping)
}

/** Whether the server listens on the loopback interface only, so no other machine reaches it. */
export function isLoopback(host: string) {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

/**
 * The development outbox page shows every login link, so it exists only where nobody else can read
 * it or everybody is meant to: without SMTP (mails go nowhere else), and on loopback or in demo mode.
 * OUTBOX_PAGE=false switches it off there too; nothing switches it on elsewhere.
 */
function outboxPageOn(e: z.infer<typeof envSchema>) {
  if (e.SMTP_URL || e.OUTBOX_PAGE === false) return false
  return isLoopback(e.HOST) || e.DEMO_MODE
}

/** Single sign-on, when the provider's issuer and the platform's client are configured; undefined otherwise. */
function oidcSettings(e: z.infer<typeof envSchema>, publicUrl: URL, roleMapping: RoleMapping | undefined) {
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return undefined
  return Object.freeze({
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    name: e.OIDC_NAME,
    redirectUrl: e.OIDC_REDIRECT_URL ?? new URL('/login/oidc/callback', publicUrl).href,
    postLogoutRedirectUrl: e.OIDC_POST_LOGOUT_URL ?? new URL('/', publicUrl).href,
    scopes: e.OIDC_SCOPES,
    secondFactor: Object.freeze({
      amr: e.OIDC_MFA_AMR.split(/[\s,]+/).filter(Boolean),
      acr: e.OIDC_MFA_ACR.split(/[\s,]+/).filter(Boolean),
    }),
    // Without a mapping the claims grant nothing, and grants a provider's claims made earlier end at the next sign-in.
    roles: roleMapping,
  })
}

function buildConfig(e: z.infer<typeof envSchema>, roleMapping?: RoleMapping) {
  const [federal, state, district, local, team] = e.LEVEL_NAMES.split(',').map((s) => s.trim()) as [
    string,
    string,
    string,
    string,
    string,
  ]
  // Without a public address, links point at this machine on the port the server listens on.
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`)
  return Object.freeze({
    env: e.NODE_ENV,
    http: Object.freeze({
      host: e.HOST,
      port: e.PORT,
      publicUrl: publicUrl.origin,
      secureCookies: publicUrl.protocol === 'https:',
      trustProxy: e.TRUST_PROXY,
      embedOrigins: e.EMBED_ORIGINS.split(/[\s,]+/).filter(Boolean),
    }),
    db: Object.freeze(
      e.DATABASE_URL
        ? {
            kind: 'postgres' as const,
            url: e.DATABASE_URL,
            poolMax: e.DB_POOL_MAX,
            dataDir: e.DATA_DIR,
            migrateOnStart: e.MIGRATE_ON_START,
          }
        : {
            kind: 'pglite' as const,
            url: undefined,
            dataDir: e.DATA_DIR,
            migrateOnStart: e.MIGRATE_ON_START,
            sharedBuffersMb: e.PGLITE_SHARED_BUFFERS_MB,
          },
    ),
    sessionSecret: e.SESSION_SECRET,
    mail: Object.freeze({
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      outboxPage: outboxPageOn(e),
    }),
    demoMode: e.DEMO_MODE,
    demoData: e.DEMO_DATA,
    // Roles above member act only in sessions that confirmed a second factor (TOTP).
    auth: Object.freeze({
      mfaRequired: e.MFA_REQUIRED,
      oidc: oidcSettings(e, publicUrl, roleMapping),
      // Logging in with e-mail and password; off only where single sign-on is configured.
      passwordLogin: e.OIDC_PASSWORD_LOGIN,
    }),
    i18n: Object.freeze({ defaultLocale: e.DEFAULT_LOCALE, genderMark: e.GENDER_MARK }),
    levelNames: Object.freeze({ federal, state, district, local, team } satisfies Record<UnitKind, string>),
    privacy: Object.freeze({ retentionDaysAfterLeaving: e.RETENTION_DAYS_AFTER_LEAVING }),
    api: Object.freeze({ rateLimitPerMinute: e.API_RATE_LIMIT }),
    jobs: Object.freeze({ maxFailures: e.JOB_MAX_FAILURES }),
    logLevel: e.LOG_LEVEL,
    metrics: Object.freeze({ token: e.METRICS_TOKEN }),
  })
}
