import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { NotFoundError } from '../../platform/http/errors.js'
import { viewMemberList } from './service.js'
import { MemberListPage } from './views.js'

const Params = z.object({ id: z.uuid() })
const Query = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) })

export async function membersRoutes(app: FastifyInstance) {
  app.get('/units/:id/members', { config: { access: 'signed-in' } }, async (req, reply) => {
    const params = Params.safeParse(req.params)
    const query = Query.safeParse(req.query)
    if (!params.success || !query.success) throw new NotFoundError()
    const { unit, members } = await viewMemberList(app.deps, req.actor, params.data.id, query.data.page)
    return reply.page(MemberListPage({ ctx: reply.ctx(), unit, members }))
  })
}
