import type { FastifyInstance } from 'fastify'
import { NotFoundError } from '../../../platform/http/errors.js'
import { IdParams } from '../../../platform/http/forms.js'
import { UserSearchQuery } from '../input.js'
import { deactivateAccount, reactivateAccount, searchAccounts, USER_LIST_LIMIT } from '../service/index.js'
import { UserListPage } from '../views/admin-users.js'

export async function adminUserRoutes(app: FastifyInstance) {
  app.get('/admin/users', { config: { access: 'admin' } }, async (req, reply) => {
    const query = UserSearchQuery.safeParse(req.query)
    const q = query.success ? query.data.q : ''
    const users = await searchAccounts(app.deps, req.actor!, q)
    return reply.page(
      UserListPage({ ctx: reply.ctx(), query: q, users, limit: USER_LIST_LIMIT, selfId: req.actor!.userId }),
    )
  })

  app.post('/admin/users/:id/deactivate', { config: { access: 'admin' } }, async (req, reply) => {
    const params = IdParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    await deactivateAccount(app.deps, req.actor!, params.data.id, { requestId: req.requestId })
    req.flash('success', 'accounts.flash.deactivated')
    return reply.redirect('/admin/users', 303)
  })

  app.post('/admin/users/:id/reactivate', { config: { access: 'admin' } }, async (req, reply) => {
    const params = IdParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    await reactivateAccount(app.deps, req.actor!, params.data.id, { requestId: req.requestId })
    req.flash('success', 'accounts.flash.reactivated')
    return reply.redirect('/admin/users', 303)
  })
}
