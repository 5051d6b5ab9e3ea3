import type { FastifyInstance } from 'fastify'
import { actorOf, idOf } from '../../../platform/http/routes.js'
import { UserSearchQuery } from '../input.js'
import { deactivateAccount, reactivateAccount, searchAccounts, USER_LIST_LIMIT } from '../service/index.js'
import { UserListPage } from '../views/admin-users.js'

export async function adminUserRoutes(app: FastifyInstance) {
  app.get('/admin/users', { config: { access: 'admin' } }, async (req, reply) => {
    const query = UserSearchQuery.safeParse(req.query)
    const q = query.success ? query.data.q : ''
    const actor = actorOf(req)
    const users = await searchAccounts(app.deps, actor, q)
    return reply.page(
      UserListPage({ ctx: reply.ctx(), query: q, users, limit: USER_LIST_LIMIT, selfId: actor.userId }),
    )
  })

  app.post('/admin/users/:id/deactivate', { config: { access: 'admin' } }, async (req, reply) => {
    await deactivateAccount(app.deps, actorOf(req), idOf(req), { requestId: req.requestId })
    req.flash('success', 'accounts.flash.deactivated')
    return reply.redirect('/admin/users', 303)
  })

  app.post('/admin/users/:id/reactivate', { config: { access: 'admin' } }, async (req, reply) => {
    await reactivateAccount(app.deps, actorOf(req), idOf(req), { requestId: req.requestId })
    req.flash('success', 'accounts.flash.reactivated')
    return reply.redirect('/admin/users', 303)
  })
}
