import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../../config.js'
import type { Db } from '../db/types.js'
import { accessPlugin } from './plugins/access.js'
import { type ActorOptions, actorPlugin } from './plugins/actor.js'
import { assetsPlugin, assetUrlOf, loadAssets } from './plugins/assets.js'
import { bodiesPlugin } from './plugins/bodies.js'
import { cookiesPlugin } from './plugins/cookies.js'
import { csrfPlugin } from './plugins/csrf.js'
import { errorsPlugin } from './plugins/errors.js'
import { type HealthOptions, healthPlugin } from './plugins/health.js'
import { localePlugin } from './plugins/locale.js'
import { rateLimitsPlugin } from './plugins/rate-limits.js'
import { securityHeadersPlugin } from './plugins/security-headers.js'
import { viewsPlugin } from './plugins/views.js'

export type { ResolveActor } from './plugins/actor.js'

export type HttpPlatformOptions = ActorOptions &
  HealthOptions & {
    config: Config
    secret: string
    /** Where the request limits count. */
    database: Db
  }

/**
 * The HTTP platform: what every request goes through before and after a domain's handler, as focused
 * plugins (plugins/, each saying what it does and what it relies on). They share one instance, so their
 * hooks run, kind by kind, in the order they are registered here:
 *
 *  - onRequest: cookies (parsed; the API's and embeds' set aside) → actor (session or bearer token) → locale
 *  - preParsing: bodies (multipart only where a route takes a file)
 *  - preHandler: CSRF (and a page's body is a form) → access gate → the route's own (its rate limit)
 *  - onSend: cookies (the flash message; none for embeds) → security headers
 *
 * The rate limits and the route table come before any route (their onRoute hooks see each one), the error
 * handler too (a route takes the one set when it is declared); so the plugins that declare routes (assets,
 * locale's /lang, health) come last.
 */
async function httpPlatform(app: FastifyInstance, opts: HttpPlatformOptions) {
  const { config, secret } = opts
  const assets = loadAssets(new URL('../../../public', import.meta.url).pathname)

  await app.register(cookiesPlugin, { secure: config.http.secureCookies })
  await app.register(bodiesPlugin, { secret })
  await app.register(rateLimitsPlugin, { database: opts.database })
  await app.register(actorPlugin, opts)
  await app.register(csrfPlugin, { secret })
  await app.register(accessPlugin)
  await app.register(viewsPlugin, { config, secret, assetUrl: assetUrlOf(assets) })
  await app.register(securityHeadersPlugin, { config })
  await app.register(errorsPlugin)
  await app.register(assetsPlugin, { assets })
  await app.register(localePlugin, { config })
  await app.register(healthPlugin, opts)
}

export const httpPlatformPlugin = fp(httpPlatform, { name: 'http-platform' })
