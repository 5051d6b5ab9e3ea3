// Cookies: @fastify/cookie with the platform's defaults (cookies.ts), read at onRequest and written at onSend.
// The API and embeds read none: their cookies are set aside before anyone looks (the session, the language,
// the CSRF binding and the flash message then do not apply), and an embed's answer sets none.
// Flash messages: `req.flash` keeps one for the next page, written here at onSend; the view context reads it once.
// Relies on: nothing; registered first, so every later hook sees the cookies as set aside.
import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'
import type { Flash } from '../../views/context.js'
import { cookieDefaults, platformCookies } from '../cookies.js'
import { isApiPath } from '../problem.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The route is made for an iframe on another site (`config.embed`); read once, at onRequest (see `answersAsEmbed`). */
    embed: boolean
    /** Sets a message shown once on the next page, after a redirect. */
    flash: (kind: Flash['kind'], key: Flash['key']) => void
  }
}

const FLASH_COOKIE = platformCookies.flash

/**
 * Whether an answer is an embed's: its route is made for an iframe, and has not handed the request over to
 * the 404 handler (`reply.callNotFound()`), whose answer is a page's. Reads no route options (they are built
 * anew on each read).
 */
export function answersAsEmbed(req: FastifyRequest): boolean {
  return req.embed && !req.is404
}

function setCookiesAside(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  const embed = req.routeOptions.config?.embed === true
  req.embed = embed
  // The API never reads a cookie: a browser's ambient session cannot act through it, so it needs no CSRF token.
  // Neither does an embed. @fastify/cookie has parsed the header already; here it is set aside.
  if (embed || isApiPath(req.url)) req.cookies = {}
  done()
}

function writeFlash(
  req: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: null, payload: unknown) => void,
) {
  const embed = answersAsEmbed(req)
  const pending = (req as unknown as { pendingFlash?: string }).pendingFlash
  // @fastify/cookie's onSend hook has run: a cookie set now is written at once.
  if (pending && !embed) reply.setCookie(FLASH_COOKIE, pending, { maxAge: 60 })
  if (embed) reply.removeHeader('set-cookie')
  done(null, payload)
}

async function cookies(app: FastifyInstance, opts: { secure: boolean }) {
  // Its onSend hook runs before this plugin's own below, which keeps embeds free of cookies.
  await app.register(fastifyCookie, { parseOptions: cookieDefaults(opts.secure) })
  app.decorateRequest('embed', false)
  app.decorateRequest('flash', function (this: FastifyRequest, kind: Flash['kind'], key: Flash['key']) {
    ;(this as unknown as { pendingFlash?: string }).pendingFlash = `${kind}:${key}`
  })
  app.addHook('onRequest', setCookiesAside)
  app.addHook('onSend', writeFlash)
}

export const cookiesPlugin = fp(cookies, { name: 'http-cookies' })
