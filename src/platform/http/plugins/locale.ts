// Locale: the language of a request, from the visitor's choice (the bs_lang cookie, set at /lang/<de|en>) or
// else the browser's Accept-Language, falling back to the configured default; `req.t` translates into it
// with the configured gender mark. Embeds and the API read no cookie, so they follow the browser.
// Relies on: cookies; the actor (its hook runs first, so a failure resolving the actor is answered in the
// configured default language, which every request speaks until the hook has run). It declares a route, so it comes after the route table and error handler.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'
import { z } from 'zod'
import type { Config } from '../../../config.js'
import {
  isLocale,
  type Locale,
  locales,
  negotiateLocale,
  type Translate,
  translator,
} from '../../i18n/index.js'
import { platformCookies } from '../cookies.js'
import { safeLocalPath } from '../local-path.js'

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale
    t: Translate
  }
}

const LANG_COOKIE = platformCookies.lang
const LocaleParams = z.object({ locale: z.enum(locales) })

async function locale(app: FastifyInstance, opts: { config: Config }) {
  const { defaultLocale, genderMark } = opts.config.i18n
  // Until the hook below has read the visitor's choice (and for a failure before it), a request speaks the
  // configured default language: the one place that default is set for requests.
  app.decorateRequest('locale', defaultLocale)
  app.decorateRequest('t', translator(defaultLocale, genderMark))

  app.addHook('onRequest', (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const chosen = req.cookies[LANG_COOKIE]
    req.locale = isLocale(chosen) ? chosen : negotiateLocale(req.headers['accept-language'], defaultLocale)
    req.t = translator(req.locale, genderMark)
    done()
  })

  app.get('/lang/:locale', { config: { access: 'public' } }, async (req, reply) => {
    const parsed = LocaleParams.safeParse(req.params)
    if (!parsed.success) return reply.callNotFound()
    reply.setCookie(LANG_COOKIE, parsed.data.locale, { maxAge: 365 * 24 * 3600 })
    return reply.redirect(safeLocalPath((req.query as { back?: unknown }).back), 303)
  })
}

export const localePlugin = fp(locale, { name: 'http-locale' })
