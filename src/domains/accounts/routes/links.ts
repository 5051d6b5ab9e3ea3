import type { FastifyInstance } from 'fastify'
import { parseForm } from '../../../platform/http/forms.js'
import { EmailInput, NewPasswordInput, TokenParams } from '../input.js'
import {
  InvalidLinkError,
  isLoginLinkUsable,
  isResetLinkUsable,
  logInWithLink,
  requestLoginLink,
  requestPasswordReset,
  resetPassword,
  secondFactorAfterLogin,
} from '../service/index.js'
import { sessionCookieName } from '../sessions.js'
import { RequestLinkPage, ResetPasswordPage } from '../views/links.js'
import { ConfirmLinkPage, InvalidLinkPage } from '../views/registration.js'
import { afterLoginPath, loginLimit, mailRequestLimit, setSessionCookie } from './login.js'

/** Login by e-mail link and password reset: both send a single-use link and answer alike for unknown addresses. */
export async function linkRoutes(app: FastifyInstance) {
  const env = { deps: app.deps, config: app.config }
  const cookieName = sessionCookieName(app.config)

  app.get('/login/link', { config: { access: 'public' } }, async (_req, reply) => {
    return reply.page(RequestLinkPage({ ctx: reply.ctx(), form: {}, kind: 'link', action: '/login/link' }))
  })

  app.post(
    '/login/link',
    { config: { access: 'public', rateLimit: mailRequestLimit } },
    async (req, reply) => {
      const form = parseForm(EmailInput, req.body)
      if (!form.ok) {
        return reply.page(
          RequestLinkPage({ ctx: reply.ctx(), form, kind: 'link', action: '/login/link' }),
          422,
        )
      }
      await requestLoginLink(env, form.data, {
        requestId: req.requestId,
        locale: req.locale,
      })
      return reply.redirect('/check-inbox', 303)
    },
  )

  app.get('/login/link/:token', { config: { access: 'public' } }, async (req, reply) => {
    const params = TokenParams.safeParse(req.params)
    if (!params.success || !(await isLoginLinkUsable(env, params.data.token))) {
      return reply.page(InvalidLinkPage({ ctx: reply.ctx() }), 410)
    }
    const { t } = req
    return reply.page(
      ConfirmLinkPage({
        ctx: reply.ctx(),
        title: t('accounts.link.confirmTitle'),
        intro: t('accounts.link.confirmIntro'),
        action: `/login/link/${params.data.token}`,
        submit: t('accounts.link.confirmSubmit'),
      }),
    )
  })

  app.post(
    '/login/link/:token',
    { config: { access: 'public', rateLimit: loginLimit } },
    async (req, reply) => {
      const params = TokenParams.safeParse(req.params)
      try {
        if (!params.success) throw new InvalidLinkError()
        const { token, userId } = await logInWithLink(env, params.data.token, {
          userAgent: req.headers['user-agent'],
          requestId: req.requestId,
        })
        setSessionCookie(reply, cookieName, token)
        req.flash('success', 'accounts.flash.loggedIn')
        const step = await secondFactorAfterLogin(app.deps, app.config, userId)
        return reply.redirect(afterLoginPath(step, '/'), 303)
      } catch (err) {
        if (!(err instanceof InvalidLinkError)) throw err
        return reply.page(InvalidLinkPage({ ctx: reply.ctx() }), 410)
      }
    },
  )

  app.get('/password/forgot', { config: { access: 'public' } }, async (_req, reply) => {
    return reply.page(
      RequestLinkPage({ ctx: reply.ctx(), form: {}, kind: 'forgot', action: '/password/forgot' }),
    )
  })

  app.post(
    '/password/forgot',
    { config: { access: 'public', rateLimit: mailRequestLimit } },
    async (req, reply) => {
      const form = parseForm(EmailInput, req.body)
      if (!form.ok) {
        return reply.page(
          RequestLinkPage({ ctx: reply.ctx(), form, kind: 'forgot', action: '/password/forgot' }),
          422,
        )
      }
      await requestPasswordReset(env, form.data, {
        requestId: req.requestId,
        locale: req.locale,
      })
      return reply.redirect('/check-inbox', 303)
    },
  )

  app.get('/password/reset/:token', { config: { access: 'public' } }, async (req, reply) => {
    const params = TokenParams.safeParse(req.params)
    if (!params.success || !(await isResetLinkUsable(env, params.data.token))) {
      return reply.page(InvalidLinkPage({ ctx: reply.ctx() }), 410)
    }
    const action = `/password/reset/${params.data.token}`
    return reply.page(ResetPasswordPage({ ctx: reply.ctx(), form: {}, action }))
  })

  app.post(
    '/password/reset/:token',
    { config: { access: 'public', rateLimit: loginLimit } },
    async (req, reply) => {
      const params = TokenParams.safeParse(req.params)
      try {
        if (!params.success) throw new InvalidLinkError()
        const action = `/password/reset/${params.data.token}`
        const form = parseForm(NewPasswordInput, req.body)
        if (!form.ok) return reply.page(ResetPasswordPage({ ctx: reply.ctx(), form, action }), 422)
        await resetPassword(env, params.data.token, form.data, { requestId: req.requestId })
        // Every session has ended, the one of this browser (if any) too.
        reply.clearCookie(cookieName)
        req.flash('success', 'accounts.flash.passwordReset')
        return reply.redirect('/login', 303)
      } catch (err) {
        if (!(err instanceof InvalidLinkError)) throw err
        return reply.page(InvalidLinkPage({ ctx: reply.ctx() }), 410)
      }
    },
  )
}
