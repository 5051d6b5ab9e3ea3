import type { FastifyInstance } from 'fastify'
import { NotFoundError } from '../../../platform/errors.js'
import { IdParams } from '../../../platform/http/forms.js'
import { UnitSearchQuery } from '../input.js'
import { abilities } from '../policy.js'
import { homeCounts, searchUnits, viewUnit } from '../service.js'
import { HomePage, UnitPage, UnitSearchPage } from '../views/units.js'

export async function unitRoutes(app: FastifyInstance) {
  const deps = app.deps

  const viewHome = homeCounts(deps, () => app.anonymousPages.publicDataVersion())
  app.get('/', { config: { access: 'public' } }, async (_req, reply) => {
    return reply.page(HomePage({ ctx: reply.ctx(), ...(await viewHome()) }))
  })

  app.get('/units', { config: { access: 'public' } }, async (req, reply) => {
    const query = UnitSearchQuery.safeParse(req.query)
    const q = query.success ? (query.data.q ?? '') : ''
    const results = await searchUnits(deps, q)
    return reply.page(UnitSearchPage({ ctx: reply.ctx(), q, results }))
  })

  // A KV's public page, which anyone opening the map clicks next: kept for visitors without a session
  // while the public data version is unchanged (platform/pages).
  const sendUnitPage = app.anonymousPages.family('/units/', () => app.anonymousPages.publicData)
  app.get('/units/:id', { config: { access: 'public' } }, async (req, reply) => {
    const params = IdParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    return sendUnitPage(req, reply, params.data.id, async (ctx) => {
      const { unit, parent, children, mergedInto } = await viewUnit(deps, params.data.id)
      // A team's page is the teams domain's, which shows it only to whom its visibility allows.
      if (unit.kind === 'team') return { redirect: `/teams/${unit.id}` }
      const sections = (
        await Promise.all(app.unitSections.map((section) => section(ctx, unit, req.actor)))
      ).filter((s) => s !== null)
      return {
        page: UnitPage({
          ctx,
          unit,
          parent,
          children,
          mergedInto,
          sections,
          can: abilities(req.actor, unit),
        }),
      }
    })
  })
}
