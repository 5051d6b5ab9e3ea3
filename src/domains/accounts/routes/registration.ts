import type { FastifyInstance } from 'fastify'
import { parseForm } from '../../../platform/http/forms.js'
import { RegisterInput, TokenParams } from '../input.js'
import {
  confirmEmail,
  InvalidLinkError,
  isVerificationLinkUsable,
  registerAccount,
} from '../service/index.js'
import { CheckInboxPage, ConfirmLinkPage, InvalidLinkPage, RegisterPage } from '../views/registration.js'
import { loginLimit, mailRequestLimit } from './login.js'

export async function registrationRoutes(app: FastifyInstance) {
  const env = { deps: app.deps, config: app.config }

  app.get('/register', { config: { access: 'public' } }, async (_req, reply) => {
    return reply.page(RegisterPage({ ctx: reply.ctx(), form: {} }))
  })

  app.post('/register', { config: { access: 'public', rateLimit: mailRequestLimit } }, async (req, reply) => {
    const form = parseForm(RegisterInput, req.body)
    if (!form.ok) return reply.page(RegisterPage({ ctx: reply.ctx(), form }), 422)
    await registerAccount(env, form.data, { requestId: req.requestId, locale: req.locale })
    return reply.redirect('/check-inbox', 303)
  })

  app.get('/check-inbox', { config: { access: 'public' } }, async (_req, reply) => {
    return reply.page(CheckInboxPage({ ctx: reply.ctx() }))
  })

  app.get('/register/verify/:token', { config: { access: 'public' } }, async (req, reply) => {
    const params = TokenParams.safeParse(req.params)
    if (!params.success || !(await isVerificationLinkUsable(env, params.data.token))) {
      return reply.page(InvalidLinkPage({ ctx: reply.ctx() }), 410)
    }
    const { t } = req
    return reply.page(
      ConfirmLinkPage({
        ctx: reply.ctx(),
        title: t('accounts.verify.title'),
        intro: t('accounts.verify.intro'),
        action: `/register/verify/${params.data.token}`,
        submit: t('accounts.verify.submit'),
      }),
    )
  })

  app.post(
    '/register/verify/:token',
    { config: { access: 'public', rateLimit: loginLimit } },
    async (req, reply) => {
      const params = TokenParams.safeParse(req.params)
      try {
        if (!params.success) throw new InvalidLinkError()
        const { linked } = await confirmEmail(env, params.data.token, { requestId: req.requestId })
        req.flash('success', linked ? 'accounts.flash.verifiedLinked' : 'accounts.flash.verified')
        return reply.redirect(req.actor ? '/account' : '/login', 303)
      } catch (err) {
        if (!(err instanceof InvalidLinkError)) throw err
        return reply.page(InvalidLinkPage({ ctx: reply.ctx() }), 410)
      }
    },
  )
}
