import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { formValues, IdParams, parseForm } from '../../../platform/http/forms.js'
import { PublicCache, publicCaching, readyVariant, sendCached } from '../../../platform/http/page-cache.js'
import type { Locale } from '../../../platform/i18n/index.js'
import { localDay } from '../../../platform/time.js'
import { renderPage } from '../../../platform/views/render.js'
import { EmbedEventsQuery, type PublicCalendarFilters, PublicCalendarQuery } from '../input.js'
import * as service from '../service/index.js'
import {
  calendarHref,
  EmbedEventsPage,
  feedHref,
  PUBLIC_CALENDAR_PATH,
  PublicCalendarErrorPage,
  PublicCalendarPage,
} from '../views/public-calendar.js'

const HTML = 'text/html; charset=utf-8'
const CALENDAR = 'text/calendar; charset=utf-8'
const FEED_PATH = `${PUBLIC_CALENDAR_PATH}.ics`
const embedKinds = { kv: 'district', state: 'state' } as const

/**
 * The public calendar (`/termine`), its iCal feed (`/termine.ics`) and the embedded event lists of a
 * KV or a state (`/embed/kv/:id/events`, `/embed/state/:id/events`). What a visitor without a session
 * gets is rendered once per choice, kept in a PublicCache and answered by the front cache until an
 * event changes: at once in this process (publicCalendarGeneration), within three seconds in any
 * other (the events' data version). The list's key holds the day, so "from today" moves at midnight.
 */
export async function publicCalendarRoutes(app: FastifyInstance) {
  const deps = app.deps
  const cache = new PublicCache(
    () => service.readPublicCalendarVersion(deps),
    deps.now,
    service.publicCalendarGeneration,
  )
  const caching = publicCaching(app.config.http)
  const pageCaching = caching.page
  const embedCaching = caching.embed
  // Calendar programs poll a feed; five minutes of staleness is what they expect.
  const feedCaching = caching.file(300)

  // Today in Berlin: the day the list starts on and its cache key holds.
  const today = () => localDay(deps.now())
  // One key per address: the filters as the canonical address, the language and the day.
  const pageKey = (locale: Locale, f: PublicCalendarFilters) => `page|${locale}|${today()}|${calendarHref(f)}`
  const feedKey = (f: PublicCalendarFilters) => `feed|${today()}|${feedHref(f)}`
  const embedKey = (kind: string, id: string, locale: Locale, count: number) =>
    `embed|${kind}|${id}|${locale}|${count}|${today()}`

  /** The filters of a query that parses, else undefined (the application answers with the errors). */
  const filtersOf = (query: unknown) => {
    const parsed = PublicCalendarQuery.safeParse(query ?? {})
    return parsed.success ? parsed.data : undefined
  }

  app.frontCache.answer(PUBLIC_CALENDAR_PATH, (req) => {
    const f = filtersOf(req.query)
    const body = f && cache.peek(pageKey(req.locale, f))
    return body && readyVariant(body, req.acceptsGzip, pageCaching)
  })
  app.frontCache.answer(FEED_PATH, (req) => {
    const f = filtersOf(req.query)
    const body = f && cache.peek(feedKey(f))
    return body && readyVariant(body, req.acceptsGzip, feedCaching)
  })
  for (const kind of Object.keys(embedKinds)) {
    app.frontCache.answer(
      `/embed/${kind}/:id/events`,
      (req) => {
        const { anzahl } = EmbedEventsQuery.parse(req.query)
        const body = cache.peek(embedKey(kind, req.params.id ?? '', req.locale, anzahl))
        return body && readyVariant(body, req.acceptsGzip, embedCaching)
      },
      { ignoreCookies: true },
    )
  }

  async function calendarPage(req: FastifyRequest, reply: FastifyReply) {
    const form = parseForm(PublicCalendarQuery, req.query)
    const ctx = reply.ctx()
    if (!form.ok) {
      // What was typed cannot be used: the form again, with the choices that can be read kept.
      const fallback = PublicCalendarQuery.parse({
        ...formValues(req.query),
        ...Object.fromEntries(Object.keys(form.errors).map((k) => [k, undefined])),
      })
      const data = await service.viewPublicCalendar(deps, { ...fallback, plz: undefined })
      return reply.page(PublicCalendarErrorPage({ ctx, data, filters: fallback, form }), 422)
    }
    const f = form.data
    const render = async () => {
      const data = await service.viewPublicCalendar(deps, f)
      return renderPage(PublicCalendarPage({ ctx, data, filters: f, publicUrl: app.config.http.publicUrl }))
    }
    try {
      // Signed-in visitors see their own navigation, so their page is theirs alone.
      if (ctx.actor || ctx.flash) return reply.type(HTML).send(await render())
      const body = await cache.get(pageKey(ctx.locale, f), async () => ({ body: await render(), type: HTML }))
      return sendCached(req, reply, body, pageCaching)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      const data = await service.viewPublicCalendar(deps, { ...f, plz: undefined })
      const errorForm = { values: formValues(req.query), errors: { [err.field]: err.code } }
      return reply.page(PublicCalendarErrorPage({ ctx, data, filters: f, form: errorForm }), 422)
    }
  }

  app.get(PUBLIC_CALENDAR_PATH, { config: { access: 'public' } }, calendarPage)

  app.get(FEED_PATH, { config: { access: 'public' } }, async (req, reply) => {
    const form = parseForm(PublicCalendarQuery, req.query)
    if (!form.ok)
      return reply.code(422).type('text/plain; charset=utf-8').send(Object.keys(form.errors).join(', '))
    const f = form.data
    try {
      const body = await cache.get(feedKey(f), async () => ({
        body: await service.publicCalendarFeed(deps, app.config, f),
        type: CALENDAR,
        headers: { 'content-disposition': 'inline; filename="termine.ics"' },
      }))
      return sendCached(req, reply, body, feedCaching)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return reply.code(422).type('text/plain; charset=utf-8').send(err.field)
    }
  })

  for (const [kind, unitKind] of Object.entries(embedKinds)) {
    app.get(
      `/embed/${kind}/:id/events`,
      { config: { access: 'public', embed: true } },
      async (req, reply) => {
        const params = IdParams.safeParse(req.params)
        if (!params.success) throw new NotFoundError()
        const { anzahl } = EmbedEventsQuery.parse(req.query ?? {})
        const ctx = reply.ctx()
        const body = await cache.get(embedKey(kind, params.data.id, ctx.locale, anzahl), async () => {
          const { unit, events } = await service.viewEmbeddedEvents(deps, unitKind, params.data.id, anzahl)
          return { body: renderPage(EmbedEventsPage({ ctx, unit, events })), type: HTML }
        })
        return sendCached(req, reply, body, embedCaching)
      },
    )
  }
}
