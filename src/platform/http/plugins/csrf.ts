// CSRF: a page's state-changing request (POST, PUT, PATCH, DELETE) carries a token bound to the session, or
// before login to a random cookie (csrf.ts), as the form field `_csrf` or the X-CSRF-Token header; a
// cross-site request (Sec-Fetch-Site) is refused whatever it carries (403). A page's body must be a form
// (an object): a bare JSON string, number or array is refused (400), so no handler has to guard against it.
// An upload's token is its first field, checked by `req.readUpload()` before the file is read. The API
// reads no cookie and needs no token.
// Relies on: cookies (the binding cookie), the actor (the session). Runs before the access gate.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'
import { platformCookies } from '../cookies.js'
import { csrfTokenFor, freshCsrfToken, isValidCsrfToken } from '../csrf.js'
import { HttpError } from '../errors.js'
import { isApiPath } from '../problem.js'
import { isUpload } from '../uploads.js'

const CSRF_COOKIE = platformCookies.csrf
export const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Refuses a state-changing request whose token (a form field or the X-CSRF-Token header) is not this session's. */
export function checkCsrf(secret: string, req: FastifyRequest, field: unknown) {
  const token = typeof field === 'string' ? field : req.headers['x-csrf-token']
  const binding = req.actor?.sessionId ?? req.cookies[CSRF_COOKIE]
  if (req.headers['sec-fetch-site'] === 'cross-site' || !isValidCsrfToken(secret, binding, token)) {
    throw new HttpError('common.errors.csrf', 403)
  }
}

/** The token a page's forms carry; before login it binds a new random cookie, set on this answer. */
export function issueCsrfToken(secret: string, req: FastifyRequest, reply: FastifyReply): string {
  const binding = req.actor?.sessionId ?? req.cookies[CSRF_COOKIE]
  if (binding) return csrfTokenFor(secret, binding)
  const fresh = freshCsrfToken(secret)
  req.cookies[CSRF_COOKIE] = fresh.binding
  reply.setCookie(CSRF_COOKIE, fresh.binding)
  return fresh.token
}

/** A body that is there but no object (a form's or a JSON object's) is a bad request. */
export function checkBodyShape(body: unknown) {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new HttpError('common.errors.badRequest', 400)
  }
}

async function csrf(app: FastifyInstance, opts: { secret: string }) {
  const { secret } = opts
  app.addHook('preHandler', (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    // The API checks its bodies once the token is known (the access gate).
    if (!isApiPath(req.url)) {
      const body = req.body
      checkBodyShape(body)
      if (unsafeMethods.has(req.method) && !isUpload(req)) {
        checkCsrf(secret, req, (body as Record<string, unknown> | undefined)?._csrf)
      }
    }
    done()
  })
}

export const csrfPlugin = fp(csrf, { name: 'http-csrf' })
