import { createServer } from 'node:http'
import Fastify, { type FastifyInstance } from 'fastify'
import type { VNode } from 'preact'
import type { Config } from './config.js'
import { accountsDomain, resolveActorFor, sessionCookieName } from './domains/accounts/index.js'
import { agreementsDomain } from './domains/agreements/index.js'
import { auditLogDomain } from './domains/audit-log/index.js'
import { eventsDomain } from './domains/events/index.js'
import { helpDomain } from './domains/help/index.js'
import { membersDomain } from './domains/members/index.js'
import { onboardingDomain } from './domains/onboarding/index.js'
import { orgUnitsDomain } from './domains/org-units/index.js'
import type { OrgUnit } from './domains/org-units/tables.js'
import { partnershipMapDomain } from './domains/partnership-map/index.js'
import { partnershipsDomain } from './domains/partnerships/index.js'
import { privacyDomain } from './domains/privacy/index.js'
import { volunteersDomain } from './domains/volunteers/index.js'
import type { Actor } from './platform/auth/actor.js'
import type { Database } from './platform/db/client.js'
import { FrontCache } from './platform/http/front-cache.js'
import { httpPlatformPlugin } from './platform/http/plugin.js'
import { loggerOptions } from './platform/log.js'
import type { Mailer } from './platform/mail/mailer.js'
import type { ViewContext } from './platform/views/context.js'

export type Deps = {
  database: Database
  mailer: Mailer
  secret: string
  /** Injected clock, so tests can travel in time. */
  now?: () => Date
}

export type AppDeps = Required<Deps>

/**
 * A section another domain adds to a unit's page (its partnerships, its events, …), so the
 * unit page needs to know no other domain. Returns nothing when it has nothing to show.
 */
export type UnitSection = (ctx: ViewContext, unit: OrgUnit, actor: Actor | undefined) => Promise<VNode | null>

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps
    config: Config
    unitSections: UnitSection[]
    frontCache: FrontCache
  }
}

/** Builds the application without listening: the same function serves the server, the tests and the benchmarks. */
export async function buildApp(config: Config, deps: Deps): Promise<FastifyInstance> {
  const frontCache = new FrontCache({
    sessionCookieName: sessionCookieName(config),
    defaultLocale: config.i18n.defaultLocale,
  })
  const app = Fastify({
    logger: loggerOptions({ env: config.env, level: config.logLevel }),
    trustProxy: config.http.trustProxy || false,
    bodyLimit: 1024 * 1024,
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        if (!frontCache.tryAnswer(req, res)) handler(req, res)
      })
      // Fastify's default, which it applies only to servers it creates itself.
      server.keepAliveTimeout = 72_000
      return server
    },
  })
  const full: AppDeps = { now: () => new Date(), ...deps }
  app.decorate('deps', full)
  app.decorate('config', config)
  app.decorate('unitSections', [] as UnitSection[])
  app.decorate('frontCache', frontCache)

  await app.register(httpPlatformPlugin, {
    config,
    secret: deps.secret,
    resolveActor: resolveActorFor(full, config),
    sessionCookieName: sessionCookieName(config),
    checkHealth: async () => {
      await deps.database.db.execute('select 1')
    },
  })

  // The domains, in the order their pages are listed. Each one is a plugin with its own routes.
  await app.register(accountsDomain)
  await app.register(orgUnitsDomain)
  await app.register(membersDomain)
  await app.register(auditLogDomain)
  await app.register(partnershipsDomain)
  await app.register(partnershipMapDomain)
  await app.register(agreementsDomain)
  await app.register(eventsDomain)
  await app.register(helpDomain)
  await app.register(volunteersDomain)
  await app.register(onboardingDomain)
  await app.register(privacyDomain)

  return app
}
