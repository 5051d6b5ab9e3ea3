import type { FastifyInstance } from 'fastify'
import { NotFoundError } from '../../../platform/errors.js'
import { parseForm } from '../../../platform/http/forms.js'
import { actorOf, idOf } from '../../../platform/http/routes.js'
import { MailSettingsInput, SessionParams } from '../input.js'
import {
  endOtherSessions,
  endSession,
  saveMailSettings,
  viewAccount,
  viewMailSettings,
} from '../service/index.js'
import { unlinkLogin } from '../service/single-sign-on.js'
import { sessionCookieName } from '../sessions.js'
import { AccountPage } from '../views/account.js'
import { MailSettingsPage } from '../views/mail-settings.js'

export async function accountRoutes(app: FastifyInstance) {
  const cookieName = sessionCookieName(app.config)

  app.get('/account', { config: { access: 'signed-in' } }, async (req, reply) => {
    const account = await viewAccount(app.deps, actorOf(req))
    return reply.page(AccountPage({ ctx: reply.ctx(), account, provider: app.config.auth.oidc }))
  })

  app.post('/account/logins/:id/unlink', { config: { access: 'signed-in' } }, async (req, reply) => {
    await unlinkLogin(app.deps, actorOf(req), idOf(req), { requestId: req.requestId })
    req.flash('success', 'accounts.sso.unlinked')
    return reply.redirect('/account', 303)
  })

  app.get('/account/mails', { config: { access: 'signed-in' } }, async (req, reply) => {
    const settings = await viewMailSettings(app.deps, actorOf(req))
    return reply.page(MailSettingsPage({ ctx: reply.ctx(), settings }))
  })

  app.post('/account/mails', { config: { access: 'signed-in' } }, async (req, reply) => {
    const form = parseForm(MailSettingsInput, req.body)
    // Every field has a value it falls back to, so the form cannot fail; a broken body changes nothing.
    if (!form.ok) return reply.redirect('/account/mails', 303)
    await saveMailSettings(app.deps, actorOf(req), form.data, { requestId: req.requestId })
    req.flash('success', 'accounts.flash.mailSettingsSaved')
    return reply.redirect('/account/mails', 303)
  })

  app.post('/account/sessions/:id/end', { config: { access: 'signed-in' } }, async (req, reply) => {
    const params = SessionParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const { wasCurrent } = await endSession(app.deps, actorOf(req), params.data.id, {
      requestId: req.requestId,
    })
    req.flash('info', 'accounts.flash.sessionEnded')
    if (wasCurrent) {
      reply.clearCookie(cookieName)
      return reply.redirect('/', 303)
    }
    return reply.redirect('/account', 303)
  })

  app.post('/account/sessions/end-others', { config: { access: 'signed-in' } }, async (req, reply) => {
    await endOtherSessions(app.deps, actorOf(req), { requestId: req.requestId })
    req.flash('success', 'accounts.flash.otherSessionsEnded')
    return reply.redirect('/account', 303)
  })
}
