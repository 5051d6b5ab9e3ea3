import type { FastifyInstance } from 'fastify'
import { NotFoundError } from '../../../platform/http/errors.js'
import { IdParams } from '../../../platform/http/forms.js'
import { UnitSearchQuery } from '../input.js'
import { abilities } from '../policy.js'
import { countUnitsByKind, findUnit, getUnit, listChildren, listUnitsMatching } from '../repo.js'
import { HomePage, UnitPage, UnitSearchPage } from '../views/units.js'

export async function unitRoutes(app: FastifyInstance) {
  const db = () => app.deps.database.db

  app.get('/', { config: { access: 'public' } }, async (_req, reply) => {
    const counts = await countUnitsByKind(db())
    return reply.page(
      HomePage({ ctx: reply.ctx(), districts: counts.district ?? 0, states: counts.state ?? 0 }),
    )
  })

  app.get('/units', { config: { access: 'public' } }, async (req, reply) => {
    const query = UnitSearchQuery.safeParse(req.query)
    const q = query.success ? (query.data.q ?? '') : ''
    const results = q ? await listUnitsMatching(db(), q, { limit: 50 }) : []
    return reply.page(UnitSearchPage({ ctx: reply.ctx(), q, results }))
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
