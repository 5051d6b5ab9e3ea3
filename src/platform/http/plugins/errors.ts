// Errors: how a failure is answered. A domain error (platform/errors.ts) or the HTTP layer's own (../errors.ts)
// by its status and code; Fastify's own 4xx (a body too large, a limit reached, a media type it cannot parse)
// by kind; anything else is logged and answered 500. A page gets an error page in the visitor's language
// (a 401 on GET: the login, coming back here), the API problem details (RFC 9457, problem.ts) with a bearer
// challenge on 401, a client asking for JSON a small JSON body. A path that matches no route is a 404 the
// same three ways, limited to 300 a minute per client.
// Relies on: the rate limits, the views (error pages), the locale (a failure before it is read answers in
// the default language). Registered before any route: a route takes the error handler set when it is declared.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { DomainError } from '../../errors.js'
import { loggedUrl } from '../../log.js'
import { ErrorPage } from '../../views/layout.js'
import { isApiPath, type ProblemField, sendProblem } from '../problem.js'
import { bearerToken } from './actor.js'

function wantsJson(req: FastifyRequest) {
  return isApiPath(req.url) || (req.headers.accept ?? '').startsWith('application/json')
}

/** The message key of an error Fastify or one of its plugins raised with a 4xx status. */
function codeOfStatus(statusCode: number) {
  return statusCode === 429
    ? 'common.errors.rateLimited'
    : statusCode === 413
      ? 'common.errors.payloadTooLarge'
      : statusCode === 415
        ? 'common.errors.unsupportedMediaType'
        : statusCode === 404
          ? 'common.errors.notFound'
          : 'common.errors.badRequest'
}

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

async function errors(app: FastifyInstance) {
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
        code = codeOfStatus(statusCode)
      } else {
        req.log.error({ err, url: loggedUrl(req) }, 'unhandled error')
      }
    }
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
}

export const errorsPlugin = fp(errors, { name: 'http-errors' })
