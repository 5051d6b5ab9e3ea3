import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { holdsAnywhere } from '../../platform/auth/actor.js'
import { NotFoundError } from '../../platform/errors.js'
import { formValues, parseForm } from '../../platform/http/forms.js'
import { actorOf, failedForm, idOf } from '../../platform/http/routes.js'
import type { FormState } from '../../platform/views/components.js'
import {
  AcceptCoordinatorInput,
  AcceptReportInput,
  ChangeStatusInput,
  CoordinatorConsentInput,
  DeclinePartnershipInput,
  EditPartnershipInput,
  NameCoordinatorInput,
  ProposePartnershipInput,
  RejectReportInput,
  SubmitReportInput,
  TwinTownInput,
  TwinTownParams,
  UnitSearchQuery,
} from './input.js'
import * as service from './service/index.js'
import {
  EditPartnershipPage,
  HONEYPOT_FIELD,
  NewPartnershipPage,
  type PageForm,
  PartnershipListPage,
  PartnershipPage,
  ReportFormPage,
  ReportQueuePage,
  ReportReviewPage,
  ReportThanksPage,
} from './views/index.js'

export type PartnershipRouteOptions = { onChange: () => void }

/** A search term: no control characters (PostgreSQL refuses a NUL in text), else no search. */
const searchTerm = () =>
  z
    .string()
    .trim()
    .max(100)
    .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    .optional()
    .catch(undefined)
const ReportSearchQuery = z.object({ qa: searchTerm(), qb: searchTerm() })
const ReportStartQuery = z.object({
  partnership: z.uuid().optional().catch(undefined),
  unit: z.uuid().optional().catch(undefined),
})

/** The tags of a submitted form, to tick the boxes again when it comes back. */
function submittedDetails(body: unknown) {
  const b = (body ?? {}) as Record<string, unknown>
  const tags = ([] as unknown[]).concat(b.tags ?? []).filter((v): v is string => typeof v === 'string')
  return { tags }
}

export async function partnershipRoutes(app: FastifyInstance, opts: PartnershipRouteOptions) {
  const deps = app.deps
  const links = { publicUrl: app.config.http.publicUrl }
  // Other domains push their reactions onto app.partnersJoined as they register; read when a request runs.
  const reactions = { links, onJoined: app.partnersJoined }
  const changed = () => opts.onChange()

  app.get('/partnerships', { config: { access: 'signed-in' } }, async (req, reply) => {
    const actor = actorOf(req)
    const { waiting, all } = await service.listMyPartnerships(deps, actor)
    return reply.page(
      PartnershipListPage({
        ctx: reply.ctx(),
        waiting,
        all,
        canPropose: holdsAnywhere(actor, 'board'),
        canModerate: holdsAnywhere(actor, 'federal_office'),
      }),
    )
  })

  async function renderNew(req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) {
    const query = UnitSearchQuery.catch({}).parse(req.query ?? {})
    const body = (req.body ?? {}) as Record<string, unknown>
    const q = typeof body.q === 'string' ? body.q : (query.q ?? '')
    const { own, results } = await service.proposalOptions(deps, actorOf(req), q)
    return reply.page(
      NewPartnershipPage({
        ctx: reply.ctx(),
        form,
        own,
        results,
        query: q,
        selectedOwn: query.unit,
        details: form.values ? { ...form.values, ...submittedDetails(req.body) } : undefined,
      }),
      status,
    )
  }

  app.get('/partnerships/new', { config: { access: 'board' } }, async (req, reply) =>
    renderNew(req, reply, {}),
  )

  app.post('/partnerships', { config: { access: 'board' } }, async (req, reply) => {
    const form = parseForm(ProposePartnershipInput, req.body)
    if (!form.ok) return renderNew(req, reply, form, 422)
    try {
      const p = await service.proposePartnership(deps, actorOf(req), form.data)
      changed()
      req.flash('success', 'partnerships.flash.proposed')
      return reply.redirect(`/partnerships/${p.id}`, 303)
    } catch (err) {
      return renderNew(req, reply, failedForm(err, req.body), 422)
    }
  })

  app.get('/partnerships/report', { config: { access: 'public' } }, async (req, reply) => {
    const search = await reportSearch(req)
    // Opened from a partnership's page or a KV's page: the form starts with what that page is about.
    const start = await service.reportFormStart(deps, ReportStartQuery.catch({}).parse(req.query ?? {}))
    if (start.partnership) {
      const { id, unitA, unitB } = start.partnership
      const values = {
        partnershipId: id,
        unitAText: unitA.name,
        unitAId: unitA.id,
        unitBText: unitB.name,
        unitBId: unitB.id,
      }
      const started = { ...search, resultsA: [unitA], resultsB: [unitB] }
      return reply.page(
        ReportFormPage({ ctx: reply.ctx(), form: { values }, search: started, about: start.partnership }),
      )
    }
    if (start.unit && !search.qa) {
      const started = { ...search, qa: start.unit.name, resultsA: [start.unit] }
      const values = { unitAText: start.unit.name, unitAId: start.unit.id }
      return reply.page(ReportFormPage({ ctx: reply.ctx(), form: { values }, search: started }))
    }
    return reply.page(ReportFormPage({ ctx: reply.ctx(), form: {}, search }))
  })

  async function reportSearch(req: FastifyRequest) {
    const { qa = '', qb = '' } = ReportSearchQuery.catch({}).parse(req.query ?? {})
    const [resultsA, resultsB] = await Promise.all([
      service.searchPartnerUnits(deps, qa),
      service.searchPartnerUnits(deps, qb),
    ])
    return { qa, qb, resultsA, resultsB }
  }

  app.post(
    '/partnerships/report',
    { config: { access: 'public', rateLimit: { max: 5, timeWindow: '10 minutes' } } },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const honeypot = body[HONEYPOT_FIELD]
      // A filled honeypot is a bot: it is told "thank you" and nothing is stored.
      if (typeof honeypot === 'string' && honeypot.trim() !== '') {
        return reply.redirect('/partnerships/report/thanks', 303)
      }
      const form = parseForm(SubmitReportInput, body)
      const search = { qa: '', qb: '', resultsA: [], resultsB: [] }
      if (!form.ok) return reply.page(ReportFormPage({ ctx: reply.ctx(), form, search }), 422)
      try {
        await service.submitPartnershipReport(deps, form.data, {
          publicUrl: app.config.http.publicUrl,
          locale: req.locale,
        })
      } catch (err) {
        return reply.page(ReportFormPage({ ctx: reply.ctx(), form: failedForm(err, body), search }), 422)
      }
      return reply.redirect('/partnerships/report/thanks', 303)
    },
  )

  // The search buttons inside the report form send the whole form here: the KVs are looked up and the
  // form comes back with everything typed so far, so a search never empties it (no script needed).
  app.post(
    '/partnerships/report/search',
    { config: { access: 'public', rateLimit: { max: 60, timeWindow: '10 minutes' } } },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const text = (name: string) =>
        typeof body[name] === 'string' ? (body[name] as string).trim().slice(0, 100) : ''
      const qa = text('unitAText')
      const qb = text('unitBText')
      // The side asked for is searched; the other side's list comes back too when a KV was chosen from it, so
      // searching the second side keeps the first one's choice.
      const chosen = (name: string) => typeof body[name] === 'string' && body[name] !== ''
      const [resultsA, resultsB] = await Promise.all([
        body.search === 'b' && !chosen('unitAId') ? [] : service.searchPartnerUnits(deps, qa),
        body.search === 'a' && !chosen('unitBId') ? [] : service.searchPartnerUnits(deps, qb),
      ])
      const values = formValues(body)
      delete values[HONEYPOT_FIELD]
      return reply.page(
        ReportFormPage({ ctx: reply.ctx(), form: { values }, search: { qa, qb, resultsA, resultsB } }),
      )
    },
  )

  app.get('/partnerships/report/thanks', { config: { access: 'public' } }, async (_req, reply) =>
    reply.page(ReportThanksPage({ ctx: reply.ctx() })),
  )

  app.get('/partnerships/reports', { config: { access: 'federal_office' } }, async (req, reply) => {
    const reports = await service.listPendingReports(deps, actorOf(req))
    return reply.page(ReportQueuePage({ ctx: reply.ctx(), reports }))
  })

  async function renderReview(
    req: FastifyRequest,
    reply: FastifyReply,
    forms: { accept?: FormState; reject?: FormState },
    status?: number,
  ) {
    const id = idOf(req)
    const data = await service.viewReport(deps, actorOf(req), id)
    const search = await reportSearch(req)
    return reply.page(
      ReportReviewPage({
        ctx: reply.ctx(),
        ...data,
        search,
        acceptForm: forms.accept ?? {},
        rejectForm: forms.reject ?? {},
      }),
      status,
    )
  }

  app.get('/partnerships/reports/:id', { config: { access: 'federal_office' } }, async (req, reply) =>
    renderReview(req, reply, {}),
  )

  app.post(
    '/partnerships/reports/:id/accept',
    { config: { access: 'federal_office' } },
    async (req, reply) => {
      const id = idOf(req)
      const form = parseForm(AcceptReportInput, req.body)
      if (!form.ok) return renderReview(req, reply, { accept: form }, 422)
      try {
        await service.acceptPartnershipReport(deps, actorOf(req), id, form.data, links, app.partnersJoined)
      } catch (err) {
        return renderReview(req, reply, { accept: failedForm(err, req.body) }, 422)
      }
      changed()
      req.flash('success', 'partnerships.flash.reportAccepted')
      return reply.redirect('/partnerships/reports', 303)
    },
  )

  app.post(
    '/partnerships/reports/:id/reject',
    { config: { access: 'federal_office' } },
    async (req, reply) => {
      const id = idOf(req)
      const form = parseForm(RejectReportInput, req.body)
      if (!form.ok) return renderReview(req, reply, { reject: form }, 422)
      try {
        await service.rejectPartnershipReport(deps, actorOf(req), id, form.data, links)
      } catch (err) {
        return renderReview(req, reply, { reject: failedForm(err, req.body) }, 422)
      }
      req.flash('success', 'partnerships.flash.reportRejected')
      return reply.redirect('/partnerships/reports', 303)
    },
  )

  async function renderShow(req: FastifyRequest, reply: FastifyReply, form?: PageForm, status?: number) {
    const data = await service.viewPartnership(deps, req.actor, idOf(req))
    const ctx = reply.ctx()
    const p = data.partnership
    const sections = (
      await Promise.all(
        app.partnershipSections.map((section) =>
          section(ctx, { id: p.id, unitAId: p.unitAId, unitBId: p.unitBId }, req.actor),
        ),
      )
    ).filter((s) => s !== null)
    return reply.page(PartnershipPage({ ctx, data, form, sections }), status)
  }

  app.get('/partnerships/:id', { config: { access: 'public' } }, async (req, reply) => renderShow(req, reply))

  app.post('/partnerships/:id/accept', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    await service.acceptPartnership(deps, actorOf(req), id, reactions)
    changed()
    req.flash('success', 'partnerships.flash.accepted')
    return reply.redirect(`/partnerships/${id}`, 303)
  })

  app.post('/partnerships/:id/decline', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(DeclinePartnershipInput, req.body)
    if (!form.ok) return renderShow(req, reply, { name: 'decline', state: form }, 422)
    await service.declinePartnership(deps, actorOf(req), id, form.data)
    changed()
    req.flash('success', 'partnerships.flash.declined')
    return reply.redirect(`/partnerships/${id}`, 303)
  })

  app.post('/partnerships/:id/status', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ChangeStatusInput, req.body)
    if (!form.ok) return renderShow(req, reply, { name: 'status', state: form }, 422)
    try {
      await service.changePartnershipStatus(deps, actorOf(req), id, form.data, reactions)
    } catch (err) {
      return renderShow(req, reply, { name: 'status', state: failedForm(err, req.body) }, 422)
    }
    changed()
    req.flash('success', 'partnerships.flash.statusChanged')
    return reply.redirect(`/partnerships/${id}`, 303)
  })

  async function renderEdit(req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) {
    const data = await service.viewPartnership(deps, req.actor, idOf(req))
    if (!data.can.edit) throw new NotFoundError()
    const submitted = form.values !== undefined
    return reply.page(
      EditPartnershipPage({
        ctx: reply.ctx(),
        form,
        partnership: data.partnership,
        title: `${data.unitA.name} – ${data.unitB.name}`,
        details: submitted ? { ...form.values, ...submittedDetails(req.body) } : undefined,
        isPublic: submitted ? form.values?.isPublic === 'on' : undefined,
      }),
      status,
    )
  }

  app.get('/partnerships/:id/edit', { config: { access: 'signed-in' } }, async (req, reply) =>
    renderEdit(req, reply, {}),
  )

  app.post('/partnerships/:id/edit', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(EditPartnershipInput, req.body)
    if (!form.ok) return renderEdit(req, reply, form, 422)
    await service.editPartnership(deps, actorOf(req), id, form.data)
    changed()
    req.flash('success', 'partnerships.flash.edited')
    return reply.redirect(`/partnerships/${id}`, 303)
  })

  app.post('/partnerships/:id/coordinators', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(NameCoordinatorInput, req.body)
    const name = (req.body as { side?: unknown } | undefined)?.side === 'b' ? 'coordinatorB' : 'coordinatorA'
    if (!form.ok) return renderShow(req, reply, { name, state: form }, 422)
    try {
      await service.nameCoordinator(deps, actorOf(req), id, form.data)
    } catch (err) {
      return renderShow(req, reply, { name, state: failedForm(err, req.body) }, 422)
    }
    changed()
    req.flash('success', 'partnerships.flash.coordinatorNamed')
    return reply.redirect(`/partnerships/${id}`, 303)
  })

  app.post(
    '/partnerships/:id/coordinator-consent',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const id = idOf(req)
      const form = parseForm(CoordinatorConsentInput, req.body)
      if (!form.ok) throw new NotFoundError()
      await service.setCoordinatorEmailConsent(deps, actorOf(req), id, form.data)
      changed()
      req.flash('success', 'partnerships.flash.consentSaved')
      return reply.redirect(`/partnerships/${id}`, 303)
    },
  )

  app.post(
    '/partnerships/:id/coordinator-accept',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const id = idOf(req)
      const form = parseForm(AcceptCoordinatorInput, req.body)
      if (!form.ok) throw new NotFoundError()
      await service.acceptCoordinatorRole(deps, actorOf(req), id, form.data)
      changed()
      req.flash('success', 'partnerships.flash.coordinatorAccepted')
      return reply.redirect(`/partnerships/${id}`, 303)
    },
  )

  app.post('/partnerships/:id/twin-towns', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(TwinTownInput, req.body)
    if (!form.ok) return renderShow(req, reply, { name: 'twinTowns', state: form }, 422)
    try {
      await service.addTwinTown(deps, actorOf(req), id, form.data)
    } catch (err) {
      return renderShow(req, reply, { name: 'twinTowns', state: failedForm(err, req.body) }, 422)
    }
    changed()
    req.flash('success', 'partnerships.flash.twinTownAdded')
    return reply.redirect(`/partnerships/${id}`, 303)
  })

  app.post(
    '/partnerships/:id/twin-towns/:twinId/delete',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const params = TwinTownParams.safeParse(req.params)
      if (!params.success) throw new NotFoundError()
      await service.removeTwinTown(deps, actorOf(req), params.data.id, params.data.twinId)
      changed()
      req.flash('success', 'partnerships.flash.twinTownRemoved')
      return reply.redirect(`/partnerships/${params.data.id}`, 303)
    },
  )
}
