import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { VNode } from 'preact'
import { z } from 'zod'
import type { Config } from '../../config.js'
import { type Actor, holdsAnywhere, type Role, roleRank } from '../auth/actor.js'
import type { Db } from '../db/types.js'
import { isLocale, type Locale, negotiateLocale, type Translate, translator } from '../i18n/index.js'
import { databaseRateStore } from '../limits/rate-store.js'
import { loggedUrl } from '../log.js'
import type { Flash, ViewContext } from '../views/context.js'
import { ErrorPage } from '../views/layout.js'
import { renderPage } from '../views/render.js'
import { cookieDefaults, platformCookies } from './cookies.js'
import { csrfTokenFor, isValidCsrfToken, newCsrfBinding } from './csrf.js'
import { DomainError, UnauthenticatedError } from './errors.js'
import { safeLocalPath } from './local-path.js'
import { isApiPath, type ProblemField, sendProblem } from './problem.js'
import { collectRoutes } from './route-table.js'
import { securityHeaders } from './security-headers.js'
import { isMultipartRequest, isUpload, readUpload, type Upload } from './uploads.js'

export type ResolveActor = (sessionToken: string) => Promise<Actor | undefined>

export type HttpPlatformOptions = {
  config: Config
  secret: string
  /** Where the request limits count. */
  database: Db
  resolveActor: ResolveActor
  /** The actor of a personal access token (the API's bearer token); undefined for one that is not live. */
  resolveBearer: ResolveActor
  sessionCookieName: string
  checkHealth: () => Promise<void>
  /** What keeps this process from serving (database unreachable, migrations missing); empty when ready. */
  checkReady: () => Promise<string[]>
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined
    locale: Locale
    t: Translate
    requestId: string
    /** Sets a message shown once on the next page, after a redirect. */
    flash: (kind: Flash['kind'], key: Flash['key']) => void
    /** The fields and the file of a route that takes an upload (`config.upload`); checks the CSRF token first. */
    readUpload: () => Promise<Upload>
  }
  interface FastifyReply {
    ctx: () => ViewContext
    page: (vnode: VNode, status?: number) => FastifyReply
  }
}

const { flash: FLASH_COOKIE, csrf: CSRF_COOKIE, lang: LANG_COOKIE } = platformCookies
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

function loadAssets(dir: string) {
  const assets = new Map<string, { body: Buffer; hash: string; type: string }>()
  for (const name of readdirSync(dir)) {
    const type = contentTypes[extname(name)]
    if (!type) continue
    const body = readFileSync(join(dir, name))
    assets.set(name, { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 10) })
  }
  return assets
}

/** Whether the role a route needs is one the actor holds but may use only after confirming the second factor. */
function heldBackFor(actor: Actor, access: Role) {
  return !!actor.secondFactor?.heldBack.some((role) => roleRank(role) >= roleRank(access))
}

function wantsJson(req: FastifyRequest) {
  return isApiPath(req.url) || (req.headers.accept ?? '').startsWith('application/json')
}

/** The token of an `Authorization: Bearer …` header (RFC 6750), undefined without one. */
function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization
  if (typeof header !== 'string') return undefined
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header)
  return match?.[1] ?? ''
}

async function httpPlatform(app: FastifyInstance, opts: HttpPlatformOptions) {
  const { config, secret } = opts
  const secure = config.http.secureCookies
  const assets = loadAssets(new URL('../../../public', import.meta.url).pathname)
  const assetUrl = (file: string) => `/assets/${file}?v=${assets.get(file)?.hash ?? '0'}`

  // Cookies are read in onRequest and written at onSend, each with the platform's defaults (cookies.ts).
  // This plugin's onSend hook runs before the platform's own below, which keeps embeds free of cookies.
  await app.register(fastifyCookie, { parseOptions: cookieDefaults(secure) })
  await app.register(formbody, { bodyLimit: 1024 * 1024 })
  // Multipart bodies are parsed only by routes that take a file, in their handler (after the access
  // check), as a stream; see uploads.ts. The plugin's parser itself reads nothing.
  await app.register(multipart)
  // Request limits count in the database (limit_counters), so they hold across processes. They are
  // checked after the CSRF and access checks (route-level preHandler), so a refused request counts nothing.
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    store: databaseRateStore(opts.database),
  })

  app.decorateRequest('actor', undefined)
  app.decorateRequest('locale', 'de')
  app.decorateRequest('t', null as unknown as Translate)
  app.decorateRequest('requestId', '')
  app.decorateRequest('flash', function (this: FastifyRequest, kind: Flash['kind'], key: Flash['key']) {
    ;(this as unknown as { pendingFlash?: string }).pendingFlash = `${kind}:${key}`
  })

  const contexts = new WeakMap<FastifyReply, ViewContext>()
  app.decorateReply('ctx', function (this: FastifyReply): ViewContext {
    const existing = contexts.get(this)
    if (existing) return existing
    const req = this.request
    let csrf: string | undefined
    const flashRaw = req.cookies[FLASH_COOKIE]
    let flash: Flash | undefined
    if (flashRaw) {
      const [kind, key] = flashRaw.split(':') as [Flash['kind'], Flash['key']]
      if (['success', 'error', 'info'].includes(kind) && key) flash = { kind, key }
      this.clearCookie(FLASH_COOKIE)
    }
    const ctx: ViewContext = {
      t: req.t,
      locale: req.locale,
      actor: req.actor,
      path: req.url.split('?')[0] ?? '/',
      flash,
      levelNames: config.levelNames,
      nav: { admin: holdsAnywhere(req.actor, 'admin'), outbox: config.mail.outboxPage },
      assetUrl,
      csrfToken: () => {
        if (csrf) return csrf
        let binding = req.actor?.sessionId ?? req.cookies[CSRF_COOKIE]
        if (!binding) {
          binding = newCsrfBinding()
          req.cookies[CSRF_COOKIE] = binding
          this.setCookie(CSRF_COOKIE, binding)
        }
        csrf = csrfTokenFor(secret, binding)
        return csrf
      },
    }
    contexts.set(this, ctx)
    return ctx
  })
  app.decorateReply('page', function (this: FastifyReply, vnode: VNode, status?: number) {
    if (status) this.code(status)
    return this.type('text/html; charset=utf-8').send(renderPage(vnode))
  })

  collectRoutes(app)
  app.addHook('onRoute', (route) => {
    if (!route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access policy (config.access).`)
    }
  })

  app.addHook('onRequest', async (req) => {
    req.requestId = req.id
    const embed = req.routeOptions.config?.embed === true
    // The API never reads a cookie: a browser's ambient session cannot act through it, so it needs no CSRF token.
    // Neither does an embed. @fastify/cookie has parsed the header already; here it is set aside.
    const api = isApiPath(req.url)
    if (embed || api) req.cookies = {}
    const sessionToken = req.cookies[opts.sessionCookieName]
    if (api) {
      const token = bearerToken(req)
      if (token) req.actor = await opts.resolveBearer(token)
    } else if (sessionToken && !req.url.startsWith('/assets/'))
      req.actor = await opts.resolveActor(sessionToken)
    const chosen = req.cookies[LANG_COOKIE]
    req.locale = isLocale(chosen)
      ? chosen
      : negotiateLocale(req.headers['accept-language'], config.i18n.defaultLocale)
    req.t = translator(req.locale, config.i18n.genderMark)
  })

  /** Refuses a state-changing request whose token (a form field or the X-CSRF-Token header) is not this session's. */
  function checkCsrf(req: FastifyRequest, field: unknown) {
    const token = typeof field === 'string' ? field : req.headers['x-csrf-token']
    const binding = req.actor?.sessionId ?? req.cookies[CSRF_COOKIE]
    if (req.headers['sec-fetch-site'] === 'cross-site' || !isValidCsrfToken(secret, binding, token)) {
      throw new DomainError('common.errors.csrf', 403)
    }
  }

  function checkBodyShape(body: unknown) {
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw new DomainError('common.errors.badRequest', 400)
    }
  }

  // Before any byte of the body is read: only a route that takes a file accepts multipart.
  app.addHook('preParsing', async (req) => {
    if (isMultipartRequest(req) && !req.routeOptions.config?.upload) {
      throw new DomainError('common.errors.unsupportedMediaType', 415)
    }
  })
  app.decorateRequest('readUpload', function (this: FastifyRequest) {
    return readUpload(this, (field) => checkCsrf(this, field))
  })

  app.addHook('preHandler', async (req) => {
    const access = req.routeOptions.config?.access
    const api = isApiPath(req.url)
    // Pages post forms, whose bodies are objects; a bare JSON string, number or array is refused here
    // so no handler ever has to guard against it. The API checks its bodies once the token is known.
    const body = req.body
    if (!api) {
      checkBodyShape(body)
      // An upload's token is its first field, checked by readUpload before the file is read.
      if (unsafeMethods.has(req.method) && !isUpload(req)) {
        checkCsrf(req, (body as Record<string, unknown> | undefined)?._csrf)
      }
    }
    if (access === 'public' || access === undefined) return
    if (!req.actor) throw new UnauthenticatedError()
    if (api && unsafeMethods.has(req.method) && req.actor.apiToken?.scope !== 'write') {
      throw new DomainError('common.errors.insufficientScope', 403)
    }
    if (access !== 'signed-in' && !holdsAnywhere(req.actor, access)) {
      if (heldBackFor(req.actor, access)) throw new DomainError('common.errors.secondFactorRequired', 403)
      throw new DomainError('common.errors.forbidden', 403)
    }
    if (api) {
      // The API takes JSON bodies only.
      if (
        body !== undefined &&
        !/^application\/(?:[a-z.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '')
      )
        throw new DomainError('common.errors.unsupportedMediaType', 415)
      checkBodyShape(body)
    }
  })

  // The security headers of the four kinds of answer (page or embed, with or without a session), built once.
  const headerSets = [false, true].flatMap((embed) =>
    [false, true].map((authenticated) =>
      Object.entries(
        securityHeaders({ secure, embed, embedOrigins: config.http.embedOrigins, authenticated }),
      ),
    ),
  )
  app.addHook('onSend', async (req, reply, payload) => {
    const embed = req.routeOptions.config?.embed === true
    const pending = (req as unknown as { pendingFlash?: string }).pendingFlash
    // @fastify/cookie's onSend hook has run: a cookie set now is written at once.
    if (pending && !embed) reply.setCookie(FLASH_COOKIE, pending, { maxAge: 60 })
    if (embed) reply.removeHeader('set-cookie')
    for (const [name, value] of headerSets[(embed ? 2 : 0) + (req.actor ? 1 : 0)]!) {
      if (!reply.hasHeader(name)) reply.header(name, value)
    }
    return payload
  })

  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 300, timeWindow: '1 minute' }) },
    async (req, reply) => {
      if (isApiPath(req.url))
        return sendProblem(reply, {
          status: 404,
          code: 'notFound',
          title: req.t('common.errors.notFound'),
          instance: req.url.split('?')[0],
        })
      if (wantsJson(req)) return reply.code(404).send({ error: 'not_found' })
      return reply.page(
        ErrorPage({ ctx: reply.ctx(), status: 404, message: req.t('common.errors.notFound') }),
        404,
      )
    },
  )

  app.setErrorHandler(async (err: unknown, req, reply) => {
    let status = 500
    let code = 'common.errors.unexpected'
    if (err instanceof DomainError) {
      status = err.status
      code = err.code
    } else {
      const statusCode = (err as { statusCode?: number }).statusCode
      if (statusCode && statusCode >= 400 && statusCode < 500) {
        status = statusCode
        code =
          statusCode === 429
            ? 'common.errors.rateLimited'
            : statusCode === 413
              ? 'common.errors.payloadTooLarge'
              : statusCode === 415
                ? 'common.errors.unsupportedMediaType'
                : statusCode === 404
                  ? 'common.errors.notFound'
                  : 'common.errors.badRequest'
      } else {
        req.log.error({ err, url: loggedUrl(req) }, 'unhandled error')
      }
    }
    if (!req.t) req.t = translator(config.i18n.defaultLocale, config.i18n.genderMark)
    if (!req.cookies) req.cookies = {}
    if (status === 401 && req.method === 'GET' && !wantsJson(req)) {
      return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303)
    }
    if (isApiPath(req.url)) return apiProblem(req, reply, err, status, code)
    if (wantsJson(req))
      return reply.code(status).send({ error: code.split('.').pop(), message: req.t(code as never) })
    const params = err instanceof DomainError ? err.params : undefined
    return reply.page(ErrorPage({ ctx: reply.ctx(), status, message: req.t(code as never, params) }), status)
  })

  /** An error of the API as problem details: a bearer challenge on 401, the fields of a validation error. */
  function apiProblem(req: FastifyRequest, reply: FastifyReply, err: unknown, status: number, code: string) {
    let errors: ProblemField[] | undefined
    const fields = (err as { apiFields?: ProblemField[] }).apiFields
    if (Array.isArray(fields)) errors = fields
    else if (err instanceof DomainError && 'field' in err && typeof err.field === 'string') {
      errors = [{ pointer: `/${err.field}`, code: code.split('.').pop()!, detail: req.t(code as never) }]
    }
    if (status === 401) {
      const presented = bearerToken(req) !== undefined
      reply.header(
        'www-authenticate',
        presented ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"',
      )
      code = 'common.errors.invalidToken'
    }
    if (code === 'common.errors.insufficientScope')
      reply.header('www-authenticate', 'Bearer realm="api", error="insufficient_scope", scope="write"')
    const params = err instanceof DomainError ? err.params : undefined
    return sendProblem(reply, {
      status,
      code: code.split('.').pop()!,
      title: req.t(code as never, params),
      instance: req.url.split('?')[0],
      ...(errors ? { errors } : {}),
    })
  }

  app.get('/assets/:file', { config: { access: 'public' } }, async (req, reply) => {
    const { file } = req.params as { file: string }
    const asset = assets.get(file)
    if (!asset) return reply.callNotFound()
    const versioned = (req.query as { v?: string }).v === asset.hash
    reply.header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
    return reply.type(asset.type).send(asset.body)
  })

  // Browsers ask for /favicon.ico on pages that name no icon (print and embed pages).
  app.get('/favicon.ico', { config: { access: 'public' } }, async (_req, reply) => {
    const icon = assets.get('favicon.svg')
    if (!icon) return reply.callNotFound()
    reply.header('cache-control', 'public, max-age=86400')
    return reply.type(icon.type).send(icon.body)
  })

  app.get('/lang/:locale', { config: { access: 'public' } }, async (req, reply) => {
    const parsed = z.object({ locale: z.enum(['de', 'en']) }).safeParse(req.params)
    if (!parsed.success) return reply.callNotFound()
    reply.setCookie(LANG_COOKIE, parsed.data.locale, { maxAge: 365 * 24 * 3600 })
    return reply.redirect(safeLocalPath((req.query as { back?: unknown }).back), 303)
  })

  app.get('/health', { config: { access: 'public' } }, async (_req, reply) => {
    try {
      await opts.checkHealth()
      return { status: 'ok' }
    } catch {
      return reply.code(503).send({ status: 'unavailable' })
    }
  })

  // For a load balancer: send requests here only when the database answers and its schema is current.
  app.get('/ready', { config: { access: 'public' } }, async (_req, reply) => {
    let problems: string[]
    try {
      problems = await opts.checkReady()
    } catch {
      problems = ['database unreachable']
    }
    if (problems.length > 0) return reply.code(503).send({ status: 'unavailable', problems })
    return { status: 'ready' }
  })
}

export const httpPlatformPlugin = fp(httpPlatform, { name: 'http-platform' })
