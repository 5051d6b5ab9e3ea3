import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../platform/http/routes.js'
import { exportMyData, viewMyData } from './service/index.js'
import { MyDataPage } from './views.js'

export async function privacyRoutes(app: FastifyInstance) {
  const deps = app.deps
  const retentionDays = app.config.privacy.retentionDaysAfterLeaving

  app.get('/account/data', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { summary, hasMember } = await viewMyData(deps, actorOf(req))
    return reply.page(MyDataPage({ ctx: reply.ctx(), summary, hasMember, retentionDays }))
  })

  app.get('/account/data.json', { config: { access: 'signed-in' } }, async (req, reply) => {
    const data = await exportMyData(deps, actorOf(req), req.requestId)
    const day = data.generatedAt.slice(0, 10)
    return reply
      .type('application/json; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="meine-daten-${day}.json"`)
      .send(JSON.stringify(data, null, 2))
  })
}
