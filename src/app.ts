import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { resolveActorFor, sessionCookieName } from './domains/accounts/index.js'
import { accountsDomain } from './domains/accounts/plugin.js'
import { agreementsDomain } from './domains/agreements/plugin.js'
import { resolveTokenActorFor } from './domains/api/index.js'
import { apiDomain } from './domains/api/plugin.js'
import { auditLogDomain } from './domains/audit-log/plugin.js'
import { eventsDomain } from './domains/events/plugin.js'
import { helpDomain } from './domains/help/plugin.js'
import { matchmakingDomain } from './domains/matchmaking/plugin.js'
import { membersDomain } from './domains/members/plugin.js'
import { mentoringDomain } from './domains/mentoring/plugin.js'
import { onboardingDomain } from './domains/onboarding/plugin.js'
import { orgUnitsDomain } from './domains/org-units/plugin.js'
import { partnershipMapDomain } from './domains/partnership-map/plugin.js'
import { partnershipsDomain } from './domains/partnerships/plugin.js'
import { playbookDomain } from './domains/playbook/plugin.js'
import { privacyDomain } from './domains/privacy/plugin.js'
import { reportsDomain } from './domains/reports/plugin.js'
import { resolutionsDomain } from './domains/resolutions/plugin.js'
import { surveysDomain } from './domains/surveys/plugin.js'
import { teamsDomain } from './domains/teams/plugin.js'
import { volunteersDomain } from './domains/volunteers/plugin.js'
import type {
  AppDeps,
  Deps,
  OnPartnersJoined,
  PartnershipSection,
  TeamSection,
  UnitSection,
} from './platform/deps.js'
import { FrontCache, frontedHandler } from './platform/http/front-cache.js'
import { httpPlatformPlugin } from './platform/http/plugin.js'
import { securityHeaders } from './platform/http/security-headers.js'
import { loggerOptions, RequestLog } from './platform/log.js'
import { metricsPlugin } from './platform/metrics/plugin.js'
import { AnonymousPages } from './platform/pages/anonymous-pages.js'

/** Builds the application without listening: the same function serves the server, the tests and the benchmarks. */
export async function buildApp(config: Config, deps: Deps): Promise<FastifyInstance> {
  const frontCache = new FrontCache({
    sessionCookieName: sessionCookieName(config),
    defaultLocale: config.i18n.defaultLocale,
  })
  const app = Fastify({
    logger: loggerOptions({ env: config.env, level: config.logLevel }),
    logController: new RequestLog(),
    trustProxy: config.http.trustProxy || false,
    // Each log line of a request carries this id as `reqId`; the audit rows of its use case carry it too.
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    serverFactory: (handler) => {
      const server = createServer(frontedHandler(frontCache, handler))
      // Fastify's default, which it applies only to servers it creates itself.
      server.keepAliveTimeout = 72_000
      return server
    },
  })
  const full: AppDeps = { now: () => new Date(), ...deps }
  app.decorate('deps', full)
  app.decorate('config', config)
  app.decorate('unitSections', [] as UnitSection[])
  app.decorate('partnershipSections', [] as PartnershipSection[])
  app.decorate('teamSections', [] as TeamSection[])
  app.decorate('partnersJoined', [] as OnPartnersJoined[])
  app.decorate('frontCache', frontCache)
  app.decorate(
    'anonymousPages',
    new AnonymousPages({
      frontCache,
      db: () => full.database.db,
      secret: deps.secret,
      secure: config.http.secureCookies,
      now: () => full.now(),
      headers: securityHeaders({
        secure: config.http.secureCookies,
        embed: false,
        embedOrigins: config.http.embedOrigins,
        authenticated: false,
      }),
    }),
  )

  await app.register(httpPlatformPlugin, {
    config,
    secret: deps.secret,
    database: deps.database.db,
    resolveActor: resolveActorFor(full, config),
    resolveBearer: resolveTokenActorFor(full, config),
    sessionCookieName: sessionCookieName(config),
    checkHealth: async () => {
      await deps.database.db.execute('select 1')
    },
    checkReady: async () => {
      // Reads the job schedule and the mail outbox: both queues live in the database.
      await deps.database.db.execute('select 1 from job_schedule, mail_outbox limit 1')
      const pending = await deps.database.pendingMigrations()
      return pending.length > 0 ? [`migrations pending: ${pending.join(', ')}`] : []
    },
  })

  await app.register(metricsPlugin, { token: config.metrics.token, database: deps.database, frontCache })

  // The domains, in the order their pages are listed. Each one is a plugin with its own routes.
  await app.register(accountsDomain)
  await app.register(orgUnitsDomain)
  await app.register(membersDomain)
  await app.register(auditLogDomain)
  await app.register(partnershipsDomain)
  await app.register(partnershipMapDomain)
  await app.register(agreementsDomain)
  await app.register(eventsDomain)
  await app.register(teamsDomain)
  await app.register(helpDomain)
  await app.register(volunteersDomain)
  await app.register(onboardingDomain)
  await app.register(resolutionsDomain)
  await app.register(privacyDomain)
  await app.register(reportsDomain)
  await app.register(apiDomain)
  await app.register(mentoringDomain)
  await app.register(matchmakingDomain)
  await app.register(surveysDomain)
  await app.register(playbookDomain)

  return app
}
