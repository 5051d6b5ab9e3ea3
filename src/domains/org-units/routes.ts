import type { FastifyInstance } from 'fastify'
import { NotFoundError } from '../../platform/http/errors.js'
import { IdParams } from '../../platform/http/forms.js'
import { abilities } from './policy.js'
import { countUnitsByKind, findUnit, getUnit, listChildren } from './repo.js'
import { HomePage, UnitPage } from './views.js'

export async function orgUnitsRoutes(app: FastifyInstance) {
  const db = () => app.deps.database.db

  app.get('/', { config: { access: 'public' } }, async (_req, reply) => {
    const counts = await countUnitsByKind(db())
    return reply.page(
      HomePage({ ctx: reply.ctx(), districts: counts.district ?? 0, states: counts.state ?? 0 }),
    )
  })

  app.get('/units/:id', { config: { access: 'public' } }, async (req, reply) => {
    const params = IdParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const unit = await getUnit(db(), params.data.id)
    const parent = unit.parentId ? await findUnit(db(), unit.parentId) : undefined
    const children = await listChildren(db(), unit.id)
    const ctx = reply.ctx()
    const sections = (
      await Promise.all(app.unitSections.map((section) => section(ctx, unit, req.actor)))
    ).filter((s) => s !== null)
    return reply.page(UnitPage({ ctx, unit, parent, children, sections, can: abilities(req.actor, unit) }))
  })
}
