import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError } from '../../../platform/errors.js'
import { parseForm } from '../../../platform/http/forms.js'
import { actorOf, failedForm, idOf } from '../../../platform/http/routes.js'
import { formatDate } from '../../../platform/i18n/index.js'
import type { FormState } from '../../../platform/views/components.js'
import {
  AttendanceInput,
  CheckInInput,
  EventFormInput,
  EventListQuery,
  EventStatusInput,
  GuestRsvpInput,
  RsvpInput,
  TokenParams,
} from '../input.js'
import type { EventTeam } from '../policy.js'
import * as service from '../service/index.js'
import {
  CalendarPage,
  EventFormPage,
  EventPage,
  type EventPageForms,
  GuestConfirmPage,
  GuestDonePage,
  GuestSentPage,
  OrganisePage,
  TeamEventsSection,
  UnitEventsPage,
  UnitEventsSection,
} from '../views/index.js'

const CALENDAR = 'text/calendar; charset=utf-8'
const ScopeQuery = z.object({ scope: z.enum(['own', 'partners', 'state']).catch('own') })
const NewEventQuery = z.object({
  unit: z.uuid().optional().catch(undefined),
  template: z.uuid().optional().catch(undefined),
})
const GuestLinkAction = z.object({ action: z.enum(['confirm', 'cancel']).catch('confirm') })

function tokenOf(req: FastifyRequest) {
  const parsed = TokenParams.safeParse(req.params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data.token
}

/** The ticked host boxes of a submitted form, which formValues (strings only) does not keep. */
function submittedHosts(body: unknown) {
  const v = (body as Record<string, unknown> | undefined)?.hostUnitIds
  return ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string')
}

/** An RSVP form state to re-render with: the ticked access needs kept, joined, since formValues keeps strings. */
function rsvpState(state: FormState, body: unknown): FormState {
  const v = (body as Record<string, unknown> | undefined)?.accessNeedKinds
  const ticked = ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string')
  return { ...state, values: { ...state.values, accessNeedKinds: ticked.join(' ') } }
}

export async function eventRoutes(app: FastifyInstance) {
  const deps = app.deps
  const env = { deps, config: app.config }

  app.unitSections.push(async (ctx, unit, actor) => {
    const events = await service.upcomingForUnit(deps, actor, unit.id)
    if (events.length === 0 && unit.kind !== 'district') return null
    return UnitEventsSection({ ctx, unit, events })
  })

  // A team's page lists its coming events, and offers its leads to create one.
  app.teamSections.push(async (ctx, team, actor) => {
    const data = await service.upcomingForTeam(deps, actor, team.id)
    if (data.events.length === 0 && !data.canCreate) return null
    return TeamEventsSection({ ctx, team, ...data })
  })

  const upcomingLists = new service.UpcomingEventLists({
    version: () => app.anonymousPages.publicDataVersion(),
    now: deps.now,
  })
  app.get('/units/:id/events', { config: { access: 'public' } }, async (req, reply) => {
    const { scope } = ScopeQuery.parse(req.query ?? {})
    const filters = EventListQuery.parse(req.query ?? {})
    const data = await service.listUnitEvents(deps, req.actor, idOf(req), scope, filters, upcomingLists)
    return reply.page(UnitEventsPage({ ctx: reply.ctx(), scope, filters, ...data }))
  })

  app.get('/units/:id/events.ics', { config: { access: 'public' } }, async (req, reply) => {
    const body = await service.unitCalendar(deps, app.config, idOf(req))
    return reply
      .type(CALENDAR)
      .header('content-disposition', 'inline; filename="veranstaltungen.ics"')
      .send(body)
  })

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    opts: {
      eventId?: string
      inSeries?: boolean
      values?: Record<string, string>
      hosts?: string[]
      /** The team organising the event: its leads may choose the unit hosting it. */
      team?: EventTeam | null
      template?: { values?: Record<string, string>; used?: { id: string; title: string } }
    } = {},
    status?: number,
  ) {
    const hostOptions = await service.eventFormOptions(deps, actorOf(req), opts.team ?? null)
    const selected = form.values ? submittedHosts(req.body) : (opts.hosts ?? [])
    const values = opts.values ?? {
      audience: 'own_members',
      startTime: '19:00',
      endTime: '21:00',
      months: '6',
      // "Use this" in the Wissenswerk: a new event starts with the checklist in its description.
      ...opts.template?.values,
    }
    return reply.page(
      EventFormPage({
        ctx: reply.ctx(),
        form,
        hostOptions,
        selectedHosts: selected,
        values,
        ...(opts.eventId ? { eventId: opts.eventId, inSeries: opts.inSeries ?? false } : {}),
        ...(opts.template?.used ? { usedTemplate: opts.template.used } : {}),
        team: opts.team ?? null,
      }),
      status,
    )
  }

  app.get('/events/new', { config: { access: 'coordinator' } }, async (req, reply) => {
    const { unit, template } = NewEventQuery.parse(req.query ?? {})
    const templates = template ? await service.eventTemplates(deps, actorOf(req), template) : undefined
    return renderForm(req, reply, {}, { hosts: unit ? [unit] : [], template: templates })
  })

  app.post('/events', { config: { access: 'coordinator' } }, async (req, reply) => {
    const form = parseForm(EventFormInput, req.body)
    if (!form.ok) return renderForm(req, reply, form, {}, 422)
    try {
      const { event } = await service.createEvent(deps, actorOf(req), form.data)
      req.flash('success', 'events.flash.created')
      return reply.redirect(`/events/${event.id}`, 303)
    } catch (err) {
      return renderForm(req, reply, failedForm(err, req.body), {}, 422)
    }
  })

  // A team's event: its active leads (or those who organise for the unit hosting the team) create it.
  app.get('/teams/:id/events/new', { config: { access: 'signed-in' } }, async (req, reply) => {
    const team = await service.prepareTeamEvent(deps, actorOf(req), idOf(req))
    return renderForm(req, reply, {}, { hosts: [team.hostId], team })
  })

  app.post('/teams/:id/events', { config: { access: 'signed-in' } }, async (req, reply) => {
    const team = await service.prepareTeamEvent(deps, actorOf(req), idOf(req))
    const form = parseForm(EventFormInput, req.body)
    if (!form.ok) return renderForm(req, reply, form, { team }, 422)
    try {
      const { event } = await service.createEvent(deps, actorOf(req), form.data, { teamId: team.id })
      req.flash('success', 'events.flash.created')
      return reply.redirect(`/events/${event.id}`, 303)
    } catch (err) {
      return renderForm(req, reply, failedForm(err, req.body), { team }, 422)
    }
  })

  async function renderEvent(
    req: FastifyRequest,
    reply: FastifyReply,
    forms: EventPageForms = {},
    status?: number,
  ) {
    const data = await service.viewEvent(deps, req.actor, idOf(req))
    return reply.page(EventPage({ ctx: reply.ctx(), data, forms }), status)
  }

  // An event page without a session is kept while the public data version and the event's counts are
  // unchanged, and until the event starts or ends (platform/pages).
  const sendEventPage = app.anonymousPages.family('/events/', (id) => ({
    key: `event:${id}`,
    read: () => service.eventPageFingerprint(deps, id),
  }))
  app.get('/events/:id', { config: { access: 'public' } }, async (req, reply) =>
    sendEventPage(req, reply, idOf(req), async (ctx) => {
      const data = await service.viewEvent(deps, req.actor, idOf(req))
      const now = deps.now().getTime()
      const changesAt = [data.event.startsAt, data.event.endsAt].find((at) => at.getTime() > now)
      return { page: EventPage({ ctx, data, forms: {} }), changesAt }
    }),
  )

  app.get('/events/:id.ics', { config: { access: 'public' } }, async (req, reply) => {
    const body = await service.eventCalendar(deps, app.config, req.actor, idOf(req))
    return reply
      .type(CALENDAR)
      .header('content-disposition', 'attachment; filename="veranstaltung.ics"')
      .send(body)
  })

  // The pages that manage an event are for any account: a team's leads hold no role, the policy decides.
  app.get('/events/:id/edit', { config: { access: 'signed-in' } }, async (req, reply) => {
    const loaded = await service.eventForEditing(deps, actorOf(req), idOf(req))
    return renderForm(
      req,
      reply,
      {},
      {
        eventId: loaded.event.id,
        inSeries: loaded.event.seriesId !== null,
        values: service.eventFormValues(loaded),
        hosts: loaded.hosts.map((h) => h.id),
        team: loaded.subject.team,
      },
    )
  })

  app.post('/events/:id', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    // What was typed comes back with the errors, on the form of an event the actor may edit.
    const again = async (form: FormState) => {
      const loaded = await service.eventForEditing(deps, actorOf(req), id)
      return renderForm(
        req,
        reply,
        form,
        { eventId: id, inSeries: loaded.event.seriesId !== null, team: loaded.subject.team },
        422,
      )
    }
    const form = parseForm(EventFormInput, req.body)
    if (!form.ok) return again(form)
    let changed: number
    try {
      changed = (await service.editEvent(env, actorOf(req), id, form.data)).changed
    } catch (err) {
      return again(failedForm(err, req.body))
    }
    req.flash('success', changed > 1 ? 'events.flash.seriesSaved' : 'events.flash.saved')
    return reply.redirect(`/events/${id}`, 303)
  })

  app.post('/events/:id/status', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(EventStatusInput, req.body)
    if (!form.ok) throw new NotFoundError()
    const { status, applyTo } = form.data
    const { changed } = await service.changeEventStatus(deps, actorOf(req), id, status, app.config, applyTo)
    req.flash(
      'success',
      status !== 'cancelled'
        ? 'events.flash.published'
        : changed > 1
          ? 'events.flash.seriesCancelled'
          : 'events.flash.cancelled',
    )
    return reply.redirect(`/events/${id}`, 303)
  })

  app.post('/events/:id/rsvp', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(RsvpInput, req.body)
    if (!form.ok) return renderEvent(req, reply, { rsvp: rsvpState(form, req.body) }, 422)
    let status: string
    try {
      status = (await service.registerForEvent(deps, actorOf(req), id, form.data, app.config)).status
    } catch (err) {
      return renderEvent(req, reply, { rsvp: rsvpState(failedForm(err, req.body), req.body) }, 422)
    }
    req.flash(
      status === 'waitlisted' ? 'info' : 'success',
      status === 'waitlisted' ? 'events.flash.waitlisted' : 'events.flash.registered',
    )
    return reply.redirect(`/events/${id}`, 303)
  })

  app.post('/events/:id/rsvp/cancel', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    await service.cancelRsvp(env, actorOf(req), id)
    req.flash('success', 'events.flash.rsvpCancelled')
    return reply.redirect(`/events/${id}`, 303)
  })

  app.post(
    '/events/:id/guests',
    { config: { access: 'public', rateLimit: { max: 10, timeWindow: '10 minutes' } } },
    async (req, reply) => {
      const id = idOf(req)
      const form = parseForm(GuestRsvpInput, req.body)
      if (!form.ok) return renderEvent(req, reply, { guest: rsvpState(form, req.body) }, 422)
      try {
        await service.registerGuest(env, id, form.data, req.locale)
      } catch (err) {
        return renderEvent(req, reply, { guest: rsvpState(failedForm(err, req.body), req.body) }, 422)
      }
      return reply.redirect('/events/guests/sent', 303)
    },
  )

  app.get('/events/guests/sent', { config: { access: 'public' } }, async (_req, reply) =>
    reply.page(GuestSentPage({ ctx: reply.ctx() })),
  )

  app.get('/events/rsvp/:token', { config: { access: 'public' } }, async (req, reply) => {
    const token = tokenOf(req)
    const { event, rsvp } = await service.viewGuestLink(deps, token)
    // The token is in the URL: it must not travel on to other pages as a referrer.
    reply.header('referrer-policy', 'no-referrer')
    return reply.page(GuestConfirmPage({ ctx: reply.ctx(), token, event, rsvp }))
  })

  app.post('/events/rsvp/:token', { config: { access: 'public' } }, async (req, reply) => {
    const { action } = GuestLinkAction.parse(req.body ?? {})
    const { event, rsvp } =
      action === 'cancel'
        ? await service.cancelGuestRsvp(env, tokenOf(req))
        : await service.confirmGuestRsvp(env, tokenOf(req), req.locale)
    reply.header('referrer-policy', 'no-referrer')
    return reply.page(GuestDonePage({ ctx: reply.ctx(), event, status: rsvp.status }))
  })

  app.get('/events/:id/organise', { config: { access: 'signed-in' } }, async (req, reply) => {
    const plan = await service.planEvent(deps, actorOf(req), idOf(req))
    return reply.page(OrganisePage({ ctx: reply.ctx(), plan }))
  })

  app.post('/events/:id/attendance', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(AttendanceInput, req.body)
    if (!form.ok) throw new NotFoundError()
    await service.markAttendance(deps, actorOf(req), id, form.data.rsvpId, form.data.attended)
    req.flash('success', 'events.flash.attendance')
    return reply.redirect(`/events/${id}/organise`, 303)
  })

  app.post('/events/:id/check-in', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(CheckInInput, req.body)
    if (!form.ok) return renderEvent(req, reply, { checkIn: form }, 422)
    try {
      await service.checkInToEvent(deps, actorOf(req), id, form.data.code)
    } catch (err) {
      return renderEvent(req, reply, { checkIn: failedForm(err, req.body) }, 422)
    }
    req.flash('success', 'events.flash.checkedIn')
    return reply.redirect(`/events/${id}`, 303)
  })

  app.get('/calendar', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { since } = await service.calendarFeedStatus(deps, actorOf(req))
    return reply.page(CalendarPage({ ctx: reply.ctx(), since: since ? formatDate(req.locale, since) : null }))
  })

  // Answers with the page instead of a redirect: only the hash is stored, so the URL can be shown only now.
  app.post('/calendar', { config: { access: 'signed-in' } }, async (req, reply) => {
    const token = await service.renewCalendarToken(deps, actorOf(req))
    reply.header('cache-control', 'no-store')
    return reply.page(
      CalendarPage({
        ctx: reply.ctx(),
        since: null,
        feedUrl: `${app.config.http.publicUrl}/calendar/${token}.ics`,
      }),
    )
  })

  app.get('/calendar/:token.ics', { config: { access: 'public' } }, async (req, reply) => {
    const body = await service.personalCalendar(deps, app.config, tokenOf(req))
    return reply.type(CALENDAR).header('cache-control', 'private, no-store').send(body)
  })
}
