import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ConflictError, NotFoundError } from '../../platform/errors.js'
import { formValues, parseForm } from '../../platform/http/forms.js'
import { actorOf, failedForm, idOf } from '../../platform/http/routes.js'
import { pdfHeaders, renderPdf } from '../../platform/pdf/document.js'
import type { FormState } from '../../platform/views/components.js'
import {
  ClauseInput,
  CompareQuery,
  ConfirmLinksInput,
  CongressInput,
  ExchangeInput,
  MinutesInput,
  MoveInput,
  PublishInput,
  RatifyInput,
  RetreatInput,
  StartAgreementInput,
  TemplateInput,
} from './input.js'
import { agreementDocument } from './print.js'
import * as service from './service/index.js'
import {
  AgreementPage,
  ComparePage,
  CongressesPage,
  MinutesListPage,
  MinutesPage,
  type PageForm,
  PartnershipAgreementLink,
  PlaybookTemplateChoicePage,
  PrintPage,
  StartAgreementPage,
  TemplateListPage,
  TemplatePage,
  type TemplatePageForm,
} from './views/index.js'

/** `?template=`: an agreement template of the Wissenswerk ("use this"); anything else is ignored. */
const PlaybookTemplateQuery = z.object({ template: z.uuid().optional().catch(undefined) }).catch({})

const SubParams = z.object({ id: z.uuid(), sub: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) })
// Template clauses and minutes are rows with uuid keys; an agreement's clauses have short text keys.
const UuidSubParams = z.object({ id: z.uuid(), sub: z.uuid() })

/** The id and a second id from the path (a clause key, minutes id); a malformed one is not found. */
function idsOf(req: FastifyRequest, name: 'clauseId' | 'key' | 'minutesId') {
  const p = req.params as Record<string, unknown>
  const parsed = (name === 'key' ? SubParams : UuidSubParams).safeParse({ id: p.id, sub: p[name] })
  if (!parsed.success) throw new NotFoundError()
  return { id: parsed.data.id, sub: parsed.data.sub }
}

export async function agreementRoutes(app: FastifyInstance) {
  const deps = app.deps

  app.partnershipSections.push(async (ctx, partnership, actor) => {
    const link = await service.findPartnershipAgreementLink(deps, actor, partnership.id)
    return link ? PartnershipAgreementLink({ ctx, partnershipId: partnership.id, link }) : null
  })

  // ---- templates, maintained by the federal office

  async function renderTemplates(
    req: FastifyRequest,
    reply: FastifyReply,
    form?: FormState,
    status?: number,
  ) {
    const templates = await service.listAgreementTemplates(deps, actorOf(req))
    return reply.page(TemplateListPage({ ctx: reply.ctx(), templates, form }), status)
  }

  async function renderTemplate(
    req: FastifyRequest,
    reply: FastifyReply,
    form?: TemplatePageForm,
    status?: number,
  ) {
    const data = await service.viewTemplate(deps, actorOf(req), idOf(req))
    return reply.page(TemplatePage({ ctx: reply.ctx(), ...data, form }), status)
  }

  app.get('/agreement-templates', { config: { access: 'federal_office' } }, async (req, reply) =>
    renderTemplates(req, reply),
  )

  app.post('/agreement-templates', { config: { access: 'federal_office' } }, async (req, reply) => {
    const form = parseForm(TemplateInput, req.body)
    if (!form.ok) return renderTemplates(req, reply, form, 422)
    const template = await service.createTemplate(deps, actorOf(req), form.data)
    req.flash('success', 'agreements.flash.templateSaved')
    return reply.redirect(`/agreement-templates/${template.id}`, 303)
  })

  app.post('/agreement-templates/default', { config: { access: 'federal_office' } }, async (req, reply) => {
    const template = await service.createDefaultTemplate(deps, actorOf(req))
    req.flash('success', 'agreements.flash.defaultCreated')
    return reply.redirect(`/agreement-templates/${template.id}`, 303)
  })

  app.get('/agreement-templates/:id', { config: { access: 'federal_office' } }, async (req, reply) =>
    renderTemplate(req, reply),
  )

  app.post('/agreement-templates/:id', { config: { access: 'federal_office' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(TemplateInput, req.body)
    if (!form.ok) return renderTemplate(req, reply, { name: 'template', state: form }, 422)
    await service.renameTemplate(deps, actorOf(req), id, form.data)
    req.flash('success', 'agreements.flash.templateSaved')
    return reply.redirect(`/agreement-templates/${id}`, 303)
  })

  app.post(
    '/agreement-templates/:id/clauses',
    { config: { access: 'federal_office' } },
    async (req, reply) => {
      const id = idOf(req)
      const form = parseForm(ClauseInput, req.body)
      if (!form.ok) return renderTemplate(req, reply, { name: 'add', state: form }, 422)
      await service.addTemplateClause(deps, actorOf(req), id, form.data)
      req.flash('success', 'agreements.flash.templateSaved')
      return reply.redirect(`/agreement-templates/${id}`, 303)
    },
  )

  app.post(
    '/agreement-templates/:id/clauses/:clauseId',
    { config: { access: 'federal_office' } },
    async (req, reply) => {
      const { id, sub } = idsOf(req, 'clauseId')
      const form = parseForm(ClauseInput, req.body)
      if (!form.ok) return renderTemplate(req, reply, { name: `clause-${sub}`, state: form }, 422)
      await service.editTemplateClause(deps, actorOf(req), id, sub, form.data)
      req.flash('success', 'agreements.flash.templateSaved')
      return reply.redirect(`/agreement-templates/${id}`, 303)
    },
  )

  app.post(
    '/agreement-templates/:id/clauses/:clauseId/move',
    { config: { access: 'federal_office' } },
    async (req, reply) => {
      const { id, sub } = idsOf(req, 'clauseId')
      const form = parseForm(MoveInput, req.body)
      if (!form.ok) throw new NotFoundError()
      await service.moveTemplateClause(deps, actorOf(req), id, sub, form.data.direction)
      return reply.redirect(`/agreement-templates/${id}`, 303)
    },
  )

  app.post(
    '/agreement-templates/:id/clauses/:clauseId/remove',
    { config: { access: 'federal_office' } },
    async (req, reply) => {
      const { id, sub } = idsOf(req, 'clauseId')
      await service.removeTemplateClause(deps, actorOf(req), id, sub)
      req.flash('success', 'agreements.flash.templateSaved')
      return reply.redirect(`/agreement-templates/${id}`, 303)
    },
  )

  // ---- from a partnership to its agreement

  /** "Use this" on an agreement template of the Wissenswerk: choose the partnership whose agreement gets it. */
  app.get('/agreements/new', { config: { access: 'board' } }, async (req, reply) => {
    const { template } = PlaybookTemplateQuery.parse(req.query ?? {})
    const data = await service.agreementTemplateChoice(deps, actorOf(req), template)
    const only = data.targets.length === 1 ? data.targets[0] : undefined
    if (data.used && only)
      return reply.redirect(
        only.agreementId
          ? `/agreements/${only.agreementId}?template=${data.used.id}#add-clause`
          : `/partnerships/${only.partnershipId}/agreement?template=${data.used.id}`,
        303,
      )
    return reply.page(PlaybookTemplateChoicePage({ ctx: reply.ctx(), ...data }))
  })

  async function renderStart(req: FastifyRequest, reply: FastifyReply, form?: FormState, status?: number) {
    const opened = await service.openPartnershipAgreement(deps, req.actor, idOf(req))
    const { template } = PlaybookTemplateQuery.parse({
      template:
        (req.query as Record<string, unknown> | undefined)?.template ?? form?.values?.playbookTemplateId,
    })
    const chosen = template
    const clause = chosen ? await service.agreementTemplateClause(deps, req.actor, chosen) : undefined
    if (opened.kind === 'existing')
      return reply.redirect(
        clause
          ? `/agreements/${opened.agreementId}?template=${clause.used.id}#add-clause`
          : `/agreements/${opened.agreementId}`,
        303,
      )
    const { partnership: row, templates } = opened
    return reply.page(
      StartAgreementPage({
        ctx: reply.ctx(),
        partnershipId: row.partnership.id,
        title: `${row.unitA.name} – ${row.unitB.name}`,
        templates,
        form,
        playbookTemplate: clause?.used,
      }),
      status,
    )
  }

  app.get('/partnerships/:id/agreement', { config: { access: 'public' } }, async (req, reply) =>
    renderStart(req, reply),
  )

  app.post('/partnerships/:id/agreement', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(StartAgreementInput, req.body)
    if (!form.ok) return renderStart(req, reply, form, 422)
    try {
      const agreement = await service.startAgreement(deps, actorOf(req), id, form.data.templateId)
      req.flash('success', 'agreements.flash.started')
      // Started with "use this": the agreement opens with the template's text in the form for a new clause.
      const tpl = form.data.playbookTemplateId
      return reply.redirect(
        tpl ? `/agreements/${agreement.id}?template=${tpl}#add-clause` : `/agreements/${agreement.id}`,
        303,
      )
    } catch (err) {
      return renderStart(req, reply, failedForm(err, req.body), 422)
    }
  })

  // ---- the federal congresses, before which the consultation clause is due

  async function renderCongresses(
    req: FastifyRequest,
    reply: FastifyReply,
    form?: FormState,
    status?: number,
  ) {
    const data = await service.listFederalCongresses(deps, req.actor)
    return reply.page(CongressesPage({ ctx: reply.ctx(), data, form }), status)
  }

  app.get('/federal-congresses', { config: { access: 'federal_office' } }, async (req, reply) =>
    renderCongresses(req, reply),
  )

  app.post('/federal-congresses', { config: { access: 'federal_office' } }, async (req, reply) => {
    const form = parseForm(CongressInput, req.body)
    if (!form.ok) return renderCongresses(req, reply, form, 422)
    try {
      await service.addFederalCongress(deps, actorOf(req), form.data)
    } catch (err) {
      return renderCongresses(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'agreements.flash.congressAdded')
    return reply.redirect('/federal-congresses', 303)
  })

  app.post('/federal-congresses/:id/delete', { config: { access: 'federal_office' } }, async (req, reply) => {
    await service.removeFederalCongress(deps, actorOf(req), idOf(req))
    req.flash('success', 'agreements.flash.congressRemoved')
    return reply.redirect('/federal-congresses', 303)
  })

  // ---- the agreement

  async function renderShow(req: FastifyRequest, reply: FastifyReply, form?: PageForm, status?: number) {
    const data = await service.viewAgreement(deps, req.actor, idOf(req))
    const { template } = PlaybookTemplateQuery.parse(req.query ?? {})
    const fromPlaybook =
      template && data.can.edit ? await service.agreementTemplateClause(deps, req.actor, template) : undefined
    return reply.page(AgreementPage({ ctx: reply.ctx(), data, form, fromPlaybook }), status)
  }

  const back = (id: string) => `/agreements/${id}`
  const links = { publicUrl: app.config.http.publicUrl }
  /** What an edit did: opened a draft amendment, changed the draft, or also undid a side's ratification of it. */
  const revised = (req: FastifyRequest, r: { opened: boolean; reset: boolean }) =>
    req.flash(
      'success',
      r.opened
        ? 'agreements.flash.amendmentOpened'
        : r.reset
          ? 'agreements.flash.revisedReset'
          : 'agreements.flash.revised',
    )

  app.get('/agreements/:id', { config: { access: 'public' } }, async (req, reply) => renderShow(req, reply))

  app.get('/agreements/:id/print', { config: { access: 'public' } }, async (req, reply) => {
    const data = await service.viewPrintableAgreement(deps, req.actor, idOf(req))
    return reply.page(PrintPage({ ctx: reply.ctx(), data }))
  })

  app.get('/agreements/:id/pdf', { config: { access: 'public' } }, async (req, reply) => {
    const data = await service.viewPrintableAgreement(deps, req.actor, idOf(req))
    const pdf = await renderPdf(agreementDocument(reply.ctx(), data), deps.now())
    const name = `Vereinbarung ${data.unitA.shortName ?? data.unitA.name} ${data.unitB.shortName ?? data.unitB.name} v${data.version.number}.pdf`
    return reply.headers(pdfHeaders(name)).send(pdf)
  })

  app.get('/agreements/:id/compare', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const query = CompareQuery.safeParse(req.query ?? {})
    if (!query.success) throw new NotFoundError()
    const data = await service.compareAgreementVersions(deps, req.actor, id, query.data.from, query.data.to)
    return reply.page(ComparePage({ ctx: reply.ctx(), data }))
  })

  app.post('/agreements/:id/clauses', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ClauseInput, req.body)
    if (!form.ok) return renderShow(req, reply, { name: 'add', state: form }, 422)
    revised(req, await service.addAgreementClause(deps, actorOf(req), id, form.data, links))
    return reply.redirect(back(id), 303)
  })

  app.post('/agreements/:id/clauses/:key', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { id, sub } = idsOf(req, 'key')
    const form = parseForm(ClauseInput, req.body)
    if (!form.ok) return renderShow(req, reply, { name: `clause-${sub}`, state: form }, 422)
    revised(req, await service.rewordAgreementClause(deps, actorOf(req), id, sub, form.data, links))
    return reply.redirect(back(id), 303)
  })

  app.post('/agreements/:id/clauses/:key/move', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { id, sub } = idsOf(req, 'key')
    const form = parseForm(MoveInput, req.body)
    if (!form.ok) throw new NotFoundError()
    revised(req, await service.moveAgreementClause(deps, actorOf(req), id, sub, form.data.direction, links))
    return reply.redirect(back(id), 303)
  })

  app.post('/agreements/:id/clauses/:key/remove', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { id, sub } = idsOf(req, 'key')
    revised(req, await service.removeAgreementClause(deps, actorOf(req), id, sub, links))
    return reply.redirect(back(id), 303)
  })

  app.post('/agreements/:id/ratifications', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const side = (req.body as { side?: unknown } | undefined)?.side === 'b' ? 'b' : 'a'
    const form = parseForm(RatifyInput, req.body)
    if (!form.ok) return renderShow(req, reply, { name: `ratify-${side}`, state: form }, 422)
    try {
      await service.ratifyAgreement(deps, actorOf(req), id, form.data, links)
    } catch (err) {
      // The draft changed since the page was opened: nothing is recorded, the page shows the new text.
      if (err instanceof ConflictError && err.code === 'agreements.errors.textChanged')
        return renderShow(
          req,
          reply,
          { name: `ratify-${side}`, state: { values: formValues(req.body), errors: { _form: err.code } } },
          409,
        )
      return renderShow(req, reply, { name: `ratify-${side}`, state: failedForm(err, req.body) }, 422)
    }
    req.flash('success', 'agreements.flash.ratified')
    return reply.redirect(back(id), 303)
  })

  app.post('/agreements/:id/publish', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(PublishInput, req.body)
    if (!form.ok) throw new NotFoundError()
    await service.publishAgreement(deps, actorOf(req), id, form.data.isPublished)
    req.flash(
      'success',
      form.data.isPublished ? 'agreements.flash.published' : 'agreements.flash.unpublished',
    )
    return reply.redirect(back(id), 303)
  })

  app.post('/agreements/:id/retreats', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(RetreatInput, req.body)
    if (!form.ok) return renderShow(req, reply, { name: 'retreat', state: form }, 422)
    await service.recordRetreat(deps, actorOf(req), id, form.data)
    req.flash('success', 'agreements.flash.retreatRecorded')
    return reply.redirect(back(id), 303)
  })

  app.post('/agreements/:id/exchanges', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ExchangeInput, req.body)
    if (!form.ok) return renderShow(req, reply, { name: 'exchange', state: form }, 422)
    try {
      await service.recordExchange(deps, actorOf(req), id, form.data)
    } catch (err) {
      return renderShow(req, reply, { name: 'exchange', state: failedForm(err, req.body) }, 422)
    }
    req.flash('success', 'agreements.flash.exchangeRecorded')
    return reply.redirect(back(id), 303)
  })

  app.post('/agreements/:id/links', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ConfirmLinksInput, req.body)
    if (!form.ok) throw new NotFoundError()
    await service.confirmLinks(deps, actorOf(req), id, form.data.side)
    req.flash('success', 'agreements.flash.linksConfirmed')
    return reply.redirect(back(id), 303)
  })

  // ---- minutes: the two boards only

  async function renderMinutes(
    req: FastifyRequest,
    reply: FastifyReply,
    form?: { side: 'a' | 'b'; state: FormState },
    status?: number,
  ) {
    const data = await service.listSharedMinutes(deps, req.actor, idOf(req))
    return reply.page(MinutesListPage({ ctx: reply.ctx(), data, form }), status)
  }

  // Public routes on purpose: anyone but the two boards gets the same 404, signed in or not.
  app.get('/agreements/:id/minutes', { config: { access: 'public' } }, async (req, reply) =>
    renderMinutes(req, reply),
  )

  app.post('/agreements/:id/minutes', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const side = (req.body as { side?: unknown } | undefined)?.side === 'b' ? 'b' : 'a'
    const form = parseForm(MinutesInput, req.body)
    if (!form.ok) return renderMinutes(req, reply, { side, state: form }, 422)
    await service.shareMinutes(deps, actorOf(req), id, form.data)
    req.flash('success', 'agreements.flash.minutesShared')
    return reply.redirect(`/agreements/${id}/minutes`, 303)
  })

  app.get('/agreements/:id/minutes/:minutesId', { config: { access: 'public' } }, async (req, reply) => {
    const { id, sub } = idsOf(req, 'minutesId')
    if (!z.uuid().safeParse(sub).success) throw new NotFoundError()
    const data = await service.viewSharedMinutes(deps, req.actor, id, sub)
    return reply.page(MinutesPage({ ctx: reply.ctx(), data }))
  })
}
