import type { FastifyInstance } from 'fastify'
import { ConflictError, FieldError } from '../../../platform/errors.js'
import { parseForm } from '../../../platform/http/forms.js'
import { actorOf, idOf } from '../../../platform/http/routes.js'
import { CreateTokenInput } from '../input.js'
import { createToken, revokeToken, viewTokens } from '../service/tokens.js'
import { TokenCreatedPage, TokensPage } from '../views.js'

/** The account's personal access tokens: list, create (shown once), revoke. */
export async function tokenRoutes(app: FastifyInstance) {
  const deps = app.deps

  app.get('/account/tokens', { config: { access: 'signed-in' } }, async (req, reply) => {
    const data = await viewTokens(deps, actorOf(req))
    return reply.page(TokensPage({ ctx: reply.ctx(), data, form: {} }))
  })

  app.post('/account/tokens', { config: { access: 'signed-in' } }, async (req, reply) => {
    const form = parseForm(CreateTokenInput, req.body)
    if (!form.ok) {
      const data = await viewTokens(deps, actorOf(req))
      return reply.page(TokensPage({ ctx: reply.ctx(), data, form }), 422)
    }
    try {
      const { token } = await createToken(deps, actorOf(req), form.data, { requestId: req.requestId })
      // The token is in this answer only: no cache may keep it.
      reply.header('cache-control', 'no-store')
      return reply.page(TokenCreatedPage({ ctx: reply.ctx(), token, name: form.data.name }))
    } catch (err) {
      if (!(err instanceof FieldError) && !(err instanceof ConflictError)) throw err
      const data = await viewTokens(deps, actorOf(req))
      const field = err instanceof FieldError ? err.field : '_form'
      return reply.page(
        TokensPage({
          ctx: reply.ctx(),
          data,
          form: { values: { name: form.data.name }, errors: { [field]: err.code } },
        }),
        422,
      )
    }
  })

  app.post('/account/tokens/:id/revoke', { config: { access: 'signed-in' } }, async (req, reply) => {
    await revokeToken(deps, actorOf(req), idOf(req), { requestId: req.requestId })
    req.flash('success', 'api.flash.revoked')
    return reply.redirect('/account/tokens', 303)
  })
}
