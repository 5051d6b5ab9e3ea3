import type { FastifyInstance, FastifyReply } from 'fastify'
import { providerLogoutUrl } from '../../../platform/auth/oidc.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { parseForm } from '../../../platform/http/forms.js'
import { safeLocalPath } from '../../../platform/http/local-path.js'
import { actorOf } from '../../../platform/http/routes.js'
import { LogInInput } from '../input.js'
import { logInWithPassword, logOut, secondFactorAfterLogin } from '../service/index.js'
import { sessionCookieName, sessionLimits } from '../sessions.js'
import { LoginPage } from '../views/login.js'
import { ProviderLogoutPage } from '../views/sso.js'

export const loginLimit = { max: 30, timeWindow: '1 minute' }
/** Requests that send mail: fewer per address, since each one can reach a stranger's inbox. */
export const mailRequestLimit = { max: 10, timeWindow: '15 minutes' }

/** Sets the session cookie for a session just started; it lives as long as the longest session may. */
export function setSessionCookie(reply: FastifyReply, cookieName: string, token: string) {
  reply.setCookie(cookieName, token, { maxAge: sessionLimits.member.absoluteMs / 1000 })
}

/** Where to go after logging in: the code prompt or the set-up page, when the roles wait for a second factor. */
export function afterLoginPath(step: 'enrol' | 'confirm' | undefined, next: string) {
  if (step === 'confirm') return `/login/two-factor?next=${encodeURIComponent(next)}`
  if (step === 'enrol') return '/account/two-factor'
  return next
}

export async function loginRoutes(app: FastifyInstance) {
  const cookieName = sessionCookieName(app.config)
  const sso = app.config.auth.oidc?.name
  const passwordLogin = app.config.auth.passwordLogin

  app.get('/login', { config: { access: 'public' } }, async (req, reply) => {
    const next = safeLocalPath((req.query as { next?: unknown }).next)
    return reply.page(LoginPage({ ctx: reply.ctx(), form: {}, next, sso, passwordLogin }))
  })

  app.post('/login', { config: { access: 'public', rateLimit: loginLimit } }, async (req, reply) => {
    // With password login switched off there is nothing to post to.
    if (!passwordLogin) throw new NotFoundError()
    const form = parseForm(LogInInput, req.body)
    const next = safeLocalPath((req.body as { next?: unknown } | undefined)?.next)
    if (!form.ok) return reply.page(LoginPage({ ctx: reply.ctx(), form, next, sso }), 422)
    try {
      const { token, userId } = await logInWithPassword(app.deps, form.data, {
        userAgent: req.headers['user-agent'],
        requestId: req.requestId,
      })
      setSessionCookie(reply, cookieName, token)
      req.flash('success', 'accounts.flash.loggedIn')
      const step = await secondFactorAfterLogin(app.deps, app.config, userId)
      return reply.redirect(afterLoginPath(step, next), 303)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      const failed = { values: { email: form.data.email }, errors: { [err.field]: err.code } }
      return reply.page(LoginPage({ ctx: reply.ctx(), form: failed, next, sso }), 422)
    }
  })

  app.post('/logout', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { provider } = await logOut(app.deps, actorOf(req), { requestId: req.requestId })
    reply.clearCookie(cookieName)
    req.flash('info', 'accounts.flash.loggedOut')
    const oidc = app.config.auth.oidc
    // A session begun at the provider ends there too, where the provider offers it; otherwise here only.
    const url = provider && oidc ? await providerLogoutUrl(oidc, provider) : undefined
    if (!url) return reply.redirect('/', 303)
    req.actor = undefined
    reply.header('cache-control', 'no-store')
    reply.header('refresh', `0; url=${url.href}`)
    return reply.page(ProviderLogoutPage({ ctx: reply.ctx(), provider: oidc!.name, url: url.href }))
  })
}
