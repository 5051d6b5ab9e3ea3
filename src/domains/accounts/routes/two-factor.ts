import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { FieldError } from '../../../platform/errors.js'
import { parseForm } from '../../../platform/http/forms.js'
import { safeLocalPath } from '../../../platform/http/local-path.js'
import { actorOf, idOf } from '../../../platform/http/routes.js'
import type { FormState } from '../../../platform/views/components.js'
import { ConfirmSecondFactorInput, DisableSecondFactorInput, EnrolSecondFactorInput } from '../input.js'
import { qrCodePath } from '../qr.js'
import {
  confirmSecondFactor,
  disableSecondFactor,
  type Enrolment,
  enrolSecondFactor,
  resetSecondFactorOf,
  resumeEnrolment,
  startEnrolment,
  viewTwoFactor,
} from '../service/index.js'
import { resolveActorFor, sessionCookieName } from '../sessions.js'
import { RecoveryCodesPage, SecondFactorPromptPage, TwoFactorPage } from '../views/two-factor.js'
import { loginLimit, setSessionCookie } from './login.js'

export async function twoFactorRoutes(app: FastifyInstance) {
  const cookieName = sessionCookieName(app.config)
  const resolveActor = resolveActorFor(app.deps, app.config)

  /** Starts using the new session at once, so the page answered now already belongs to it. */
  async function switchSession(req: FastifyRequest, reply: FastifyReply, token: string) {
    setSessionCookie(reply, cookieName, token)
    req.actor = await resolveActor(token)
  }

  async function twoFactorPage(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    enrolment?: Enrolment,
    status = 200,
  ) {
    const actor = actorOf(req)
    const state = await viewTwoFactor(app.deps, actor)
    const shown = state.enrolled || !state.needed ? undefined : (enrolment ?? startEnrolment(app.deps, actor))
    const qr = shown ? qrCodePath(shown.uri) : undefined
    return reply.page(TwoFactorPage({ ctx: reply.ctx(), status: state, enrolment: shown, qr, form }), status)
  }

  app.get('/login/two-factor', { config: { access: 'signed-in' } }, async (req, reply) => {
    const next = safeLocalPath((req.query as { next?: unknown }).next)
    const step = actorOf(req).secondFactor?.step
    if (step === 'enrol') return reply.redirect('/account/two-factor', 303)
    if (!step) return reply.redirect(next, 303)
    return reply.page(SecondFactorPromptPage({ ctx: reply.ctx(), form: {}, next }))
  })

  app.post(
    '/login/two-factor',
    { config: { access: 'signed-in', rateLimit: loginLimit } },
    async (req, reply) => {
      const next = safeLocalPath((req.body as { next?: unknown } | undefined)?.next)
      const form = parseForm(ConfirmSecondFactorInput, req.body)
      if (!form.ok) return reply.page(SecondFactorPromptPage({ ctx: reply.ctx(), form, next }), 422)
      try {
        const { token } = await confirmSecondFactor(app.deps, actorOf(req), form.data, {
          requestId: req.requestId,
        })
        setSessionCookie(reply, cookieName, token)
        req.flash('success', 'accounts.flash.secondFactorConfirmed')
        return reply.redirect(next, 303)
      } catch (err) {
        if (!(err instanceof FieldError)) throw err
        const failed = { values: {}, errors: { [err.field]: err.code } }
        return reply.page(SecondFactorPromptPage({ ctx: reply.ctx(), form: failed, next }), 422)
      }
    },
  )

  app.get('/account/two-factor', { config: { access: 'signed-in' } }, async (req, reply) => {
    return twoFactorPage(req, reply, {})
  })

  app.post(
    '/account/two-factor',
    { config: { access: 'signed-in', rateLimit: loginLimit } },
    async (req, reply) => {
      const sealed = (req.body as { enrolment?: unknown } | undefined)?.enrolment
      const actor = actorOf(req)
      const resume = () =>
        typeof sealed === 'string' && sealed.length <= 200
          ? resumeEnrolment(app.deps, actor, sealed)
          : startEnrolment(app.deps, actor)
      const form = parseForm(EnrolSecondFactorInput, req.body)
      if (!form.ok) return twoFactorPage(req, reply, { errors: form.errors }, resume(), 422)
      try {
        const { token, recoveryCodes } = await enrolSecondFactor(
          app.deps,
          actor,
          form.data,
          { requestId: req.requestId },
          { config: app.config, locale: req.locale },
        )
        await switchSession(req, reply, token)
        return reply.page(RecoveryCodesPage({ ctx: reply.ctx(), codes: recoveryCodes }))
      } catch (err) {
        if (!(err instanceof FieldError)) throw err
        return twoFactorPage(req, reply, { errors: { [err.field]: err.code } }, resume(), 422)
      }
    },
  )

  app.post(
    '/account/two-factor/disable',
    { config: { access: 'signed-in', rateLimit: loginLimit } },
    async (req, reply) => {
      const form = parseForm(DisableSecondFactorInput, req.body)
      if (!form.ok) return twoFactorPage(req, reply, { errors: form.errors }, undefined, 422)
      try {
        await disableSecondFactor(
          app.deps,
          actorOf(req),
          form.data,
          { requestId: req.requestId },
          { config: app.config, locale: req.locale },
        )
        req.flash('success', 'accounts.flash.twoFactorDisabled')
        return reply.redirect('/account/two-factor', 303)
      } catch (err) {
        if (!(err instanceof FieldError)) throw err
        return twoFactorPage(req, reply, { errors: { [err.field]: err.code } }, undefined, 422)
      }
    },
  )

  app.post('/admin/users/:id/two-factor/reset', { config: { access: 'admin' } }, async (req, reply) => {
    await resetSecondFactorOf(
      app.deps,
      actorOf(req),
      idOf(req),
      { requestId: req.requestId },
      { config: app.config, locale: req.locale },
    )
    req.flash('success', 'accounts.flash.twoFactorReset')
    return reply.redirect('/admin/users', 303)
  })
}
