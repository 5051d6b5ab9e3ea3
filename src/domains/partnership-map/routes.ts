import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NotFoundError } from '../../platform/errors.js'
import { PublicCache, publicCaching, readyVariant, sendCached } from '../../platform/http/page-cache.js'
import { renderPage } from '../../platform/views/render.js'
import { toCsv, toGeoJson, toJson } from './exports.js'
import { fold } from './gazetteer.js'
import {
  DirectoryQuery,
  filterKey,
  IdParam,
  type MapFilters,
  parseMapFilters,
  UnpartneredQuery,
} from './input.js'
import { mapGeneration } from './page-cache.js'
import {
  filterPartnerships,
  listPublicPartnerships,
  listUnpartnered,
  readDataVersion,
  searchDirectory,
  viewMap,
  viewPublicUnit,
} from './service.js'
import { EmbedMapPage, MapPage } from './views/map-page.js'
import { DirectoryPage, EmbedKvPage, UnitPartnershipsSection, UnpartneredPage } from './views/units.js'

const HTML = 'text/html; charset=utf-8'

const exportFormats = {
  csv: { type: 'text/csv; charset=utf-8', serialise: toCsv, file: 'partnerschaften.csv' },
  geojson: { type: 'application/geo+json; charset=utf-8', serialise: toGeoJson, file: undefined },
  json: { type: 'application/json; charset=utf-8', serialise: toJson, file: undefined },
} as const

export async function partnershipMapRoutes(app: FastifyInstance) {
  const db = () => app.deps.database.db
  const cache = new PublicCache(() => readDataVersion(db()), app.deps.now, mapGeneration)
  // Searches are kept apart, in fewer entries: words nobody else types cannot push the map itself out.
  const searchCache = new PublicCache(() => readDataVersion(db()), app.deps.now, mapGeneration, 3000, 100)
  const caching = publicCaching(app.config.http)
  const pageCaching = caching.page
  const embedCaching = caching.embed
  const mapKey = (embed: boolean, locale: string, filters: MapFilters) =>
    `${embed ? 'embed' : 'map'}|${locale}|${filterKey(filters)}`
  const exportCaching = caching.file(300)

  app.unitSections.push(async (ctx, unit) => {
    if (unit.kind !== 'district' && unit.kind !== 'local') return null
    const partnerships = await listPublicPartnerships(db(), unit.id)
    if (partnerships.length === 0 && unit.kind === 'local') return null
    return UnitPartnershipsSection({ ctx, unitId: unit.id, partnerships })
  })

  async function mapPage(req: FastifyRequest, reply: FastifyReply, embed: boolean) {
    const parsed = parseMapFilters(req.query)
    // The widget has no search of its own.
    const filters = embed ? { ...parsed, q: undefined } : parsed
    const ctx = reply.ctx()
    const render = async () => {
      const data = await viewMap(db(), filters)
      return renderPage(embed ? EmbedMapPage({ ctx, data, filters }) : MapPage({ ctx, data, filters }))
    }
    // Signed-in visitors see their own navigation, so their page is theirs alone.
    if (ctx.actor || ctx.flash) return reply.type(HTML).send(await render())
    const build = async () => ({ body: await render(), type: HTML })
    const body = filters.q
      ? await searchCache.get(`${mapKey(false, ctx.locale, filters)}|${fold(filters.q)}`, build)
      : await cache.get(mapKey(embed, ctx.locale, filters), build)
    return sendCached(req, reply, body, embed ? embedCaching : pageCaching)
  }

  // A built map page is answered in front of the framework for visitors without a session (see
  // FrontCache); a cold or stale cache falls through to the routes below, which build it.
  for (const embed of [false, true]) {
    app.frontCache.answer(
      embed ? '/embed/map' : '/map',
      (req) => {
        const filters = parseMapFilters(req.query)
        // A search is answered by the application (its own cache, its rate limit).
        if (filters.q && !embed) return undefined
        const body = cache.peek(mapKey(embed, req.locale, filters))
        return body && readyVariant(body, req.acceptsGzip, embed ? embedCaching : pageCaching)
      },
      { ignoreCookies: embed },
    )
  }

  // Only searches count towards the limit: each new one is drawn afresh.
  const searching = (req: FastifyRequest) => parseMapFilters(req.query).q !== undefined
  app.get(
    '/map',
    {
      config: {
        access: 'public',
        rateLimit: { max: 60, timeWindow: '1 minute', allowList: (req) => !searching(req) },
      },
    },
    (req, reply) => mapPage(req, reply, false),
  )
  app.get('/embed/map', { config: { access: 'public', embed: true } }, (req, reply) =>
    mapPage(req, reply, true),
  )

  app.get('/embed/kv/:id', { config: { access: 'public', embed: true } }, async (req, reply) => {
    const params = IdParam.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const ctx = reply.ctx()
    const body = await cache.get(`kv|${ctx.locale}|${params.data.id}`, async () => {
      const { unit, partnerships } = await viewPublicUnit(db(), params.data.id)
      return { body: renderPage(EmbedKvPage({ ctx, unit, partnerships })), type: HTML }
    })
    return sendCached(req, reply, body, embedCaching)
  })

  for (const [ext, format] of Object.entries(exportFormats)) {
    app.get(`/partnerships.${ext}`, { config: { access: 'public' } }, async (req, reply) => {
      const filters = parseMapFilters(req.query)
      const body = await cache.get(`${ext}|${filterKey(filters)}`, async () => ({
        body: format.serialise(filterPartnerships(await listPublicPartnerships(db()), filters)),
        type: format.type,
        headers: format.file
          ? { 'content-disposition': `attachment; filename="${format.file}"` }
          : ({} as Record<string, string>),
      }))
      return sendCached(req, reply, body, exportCaching)
    })
  }

  app.get('/directory', { config: { access: 'public' } }, async (req, reply) => {
    const { q } = DirectoryQuery.parse(req.query ?? {})
    const hits = await searchDirectory(db(), q)
    return reply.page(DirectoryPage({ ctx: reply.ctx(), q, hits }))
  })

  app.get('/partnerships/unpartnered', { config: { access: 'federal_office' } }, async (req, reply) => {
    const { sort } = UnpartneredQuery.parse(req.query ?? {})
    const rows = await listUnpartnered(db(), sort)
    return reply.page(UnpartneredPage({ ctx: reply.ctx(), rows, sort }))
  })
}
