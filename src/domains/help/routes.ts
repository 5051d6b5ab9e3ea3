import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { holdsAnywhere } from '../../platform/auth/actor.js'
import { NotFoundError } from '../../platform/errors.js'
import { formValues, parseForm } from '../../platform/http/forms.js'
import { actorOf, failedForm, idOf } from '../../platform/http/routes.js'
import type { FormState } from '../../platform/views/components.js'
import { type MunicipalityRef, municipalityRef } from '../org-units/index.js'
import { kreisMap } from './geodata.js'
import {
  CompleteShiftInput,
  DriveInput,
  HelpRecordInput,
  HelpRequestEditInput,
  HelpRequestInput,
  MessageInput,
  NewRequestQuery,
  PledgeInput,
  ShiftInput,
  TravelInput,
  TwoIdParams,
} from './input.js'
import * as service from './service/index.js'
import {
  BalancePage,
  DriveFormPage,
  DrivePage,
  type EditPageForm,
  HelpListPage,
  RequestEditPage,
  RequestFormPage,
  RequestPage,
  type RequestPageForm,
  RosterPage,
  TeamHelpSection,
  UnitHelpSection,
  WhiteSpotsPage,
  WhiteSpotTotalsPage,
} from './views/index.js'

function idsOf(req: FastifyRequest) {
  const parsed = TwoIdParams.safeParse(req.params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data
}

/**
 * A form whose place is typed as a name or postal code: the parsed data, or the form to show again with
 * everything typed kept and, when several places match, the candidates to choose from.
 */
function parseWithPlace<S extends z.ZodType>(schema: S, raw: unknown) {
  const place = service.resolveMunicipality(raw)
  const body = { ...((raw ?? {}) as Record<string, unknown>), municipalityAgs: place.ags ?? '' }
  const form = parseForm(schema, body)
  if (form.ok && !place.error) return { ok: true as const, data: form.data as z.infer<S> }
  const values = { ...(form.ok ? formValues(body) : form.values), municipalityAgs: place.ags ?? '' }
  const { municipalityAgs: _, ...errors } = form.ok ? {} : form.errors
  const state: FormState = {
    values,
    errors: { ...errors, ...(place.error ? { municipality: place.error } : {}) },
    ...(form.ok ? {} : { params: form.params }),
  }
  return { ok: false as const, state, candidates: place.candidates }
}

/** The edit page's form for a new shift sends the coordinator back there, not to the request's page. */
const ShiftBack = z.object({ back: z.literal('edit').optional().catch(undefined) })

const DriveQuery = z.object({ request: z.uuid().optional().catch(undefined) })

export async function helpRoutes(app: FastifyInstance) {
  const deps = app.deps
  const links = { publicUrl: app.config.http.publicUrl }

  app.unitSections.push(async (ctx, unit, actor) => {
    const data = await service.unitHelpSection(deps, actor, unit)
    if (!data) return null
    const empty = !data.requests.length && !data.balances.length && !data.drives.length
    if (empty && !data.canPost && !data.canWhiteSpots) return null
    return UnitHelpSection({ ctx, unit, ...data })
  })

  // Two units that become partners: each side's coordinators hear of the other's open requests.
  app.partnersJoined.push(service.tellNewPartnersOfOpenRequests)

  // A team's page lists its open requests, and offers its leads to post one.
  app.teamSections.push(async (ctx, team, actor) => {
    const data = await service.teamHelpSection(deps, actor, team.id)
    if (!data || (data.requests.length === 0 && !data.canPost)) return null
    return TeamHelpSection({ ctx, team, ...data })
  })

  app.get('/help', { config: { access: 'signed-in' } }, async (req, reply) => {
    const items = await service.listVisibleRequests(deps, req.actor)
    return reply.page(
      HelpListPage({
        ctx: reply.ctx(),
        items,
        canPost: holdsAnywhere(req.actor, 'coordinator'),
        canTotals: holdsAnywhere(req.actor, 'state_office'),
      }),
    )
  })

  async function renderNew(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status?: number,
    candidates: MunicipalityRef[] = [],
    teamId?: string,
  ) {
    const query = NewRequestQuery.parse(req.query ?? {})
    const unitId = form.values?.unitId ?? query.unit
    const options = teamId
      ? await service.teamRequestFormOptions(deps, actorOf(req), teamId)
      : await service.requestFormOptions(deps, actorOf(req), unitId)
    const templates = await service.helpTemplates(deps, actorOf(req), query.template)
    // "Use this" in the Wissenswerk: a fresh form starts with the template's title and description.
    const filled = !form.values && templates.values ? { ...form, values: templates.values } : form
    const ags = form.values?.municipalityAgs ?? query.ags
    return reply.page(
      RequestFormPage({
        ctx: reply.ctx(),
        form: filled,
        templates: templates.templates,
        usedTemplate: templates.used,
        ...options,
        municipality: ags && !candidates.length ? municipalityRef(ags) : undefined,
        candidates,
      }),
      status,
    )
  }

  app.get('/help/new', { config: { access: 'coordinator' } }, async (req, reply) => renderNew(req, reply, {}))

  app.post('/help', { config: { access: 'coordinator' } }, async (req, reply) => {
    // The place is typed as a name or postal code; the form keeps everything else typed while one is chosen.
    const form = parseWithPlace(HelpRequestInput, req.body)
    if (!form.ok) return renderNew(req, reply, form.state, 422, form.candidates)
    try {
      const request = await service.postHelpRequest(deps, actorOf(req), form.data, links)
      req.flash('success', 'help.flash.posted')
      return reply.redirect(`/help/${request.id}`, 303)
    } catch (err) {
      return renderNew(req, reply, failedForm(err, req.body), 422)
    }
  })

  // A team's request or offer: its active leads (or the coordinators of the unit hosting it) post it.
  app.get('/teams/:id/help/new', { config: { access: 'signed-in' } }, async (req, reply) =>
    renderNew(req, reply, {}, undefined, [], idOf(req)),
  )

  app.post('/teams/:id/help', { config: { access: 'signed-in' } }, async (req, reply) => {
    const teamId = idOf(req)
    await service.teamRequestFormOptions(deps, actorOf(req), teamId)
    const form = parseWithPlace(HelpRequestInput, req.body)
    if (!form.ok) return renderNew(req, reply, form.state, 422, form.candidates, teamId)
    try {
      const request = await service.postHelpRequest(deps, actorOf(req), form.data, links, { teamId })
      req.flash('success', 'help.flash.posted')
      return reply.redirect(`/help/${request.id}`, 303)
    } catch (err) {
      return renderNew(req, reply, failedForm(err, req.body), 422, [], teamId)
    }
  })

  app.get('/help/white-spots', { config: { access: 'state_office' } }, async (req, reply) => {
    const rows = await service.whiteSpotTotals(deps, actorOf(req))
    return reply.page(WhiteSpotTotalsPage({ ctx: reply.ctx(), rows }))
  })

  app.get('/units/:id/white-spots', { config: { access: 'board' } }, async (req, reply) => {
    const { unit, result } = await service.whiteSpotsOf(deps, actorOf(req), idOf(req))
    const map = result ? kreisMap(result.kreise) : null
    return reply.page(WhiteSpotsPage({ ctx: reply.ctx(), unit, result, map }))
  })

  async function renderRequest(
    req: FastifyRequest,
    reply: FastifyReply,
    form?: RequestPageForm,
    status?: number,
  ) {
    const data = await service.viewHelpRequest(deps, req.actor, idOf(req))
    return reply.page(RequestPage({ ctx: reply.ctx(), data, ...(form ? { form } : {}) }), status)
  }

  app.get('/help/:id', { config: { access: 'signed-in' } }, async (req, reply) => renderRequest(req, reply))

  async function renderEdit(
    req: FastifyRequest,
    reply: FastifyReply,
    form?: EditPageForm,
    status?: number,
    requestId = idOf(req),
  ) {
    const data = await service.helpRequestForEdit(deps, actorOf(req), requestId)
    return reply.page(RequestEditPage({ ctx: reply.ctx(), data, ...(form ? { form } : {}) }), status)
  }

  // Managing a request admits any account at the gate (a team's leads hold no role): the policy answers.
  app.get('/help/:id/edit', { config: { access: 'signed-in' } }, async (req, reply) => renderEdit(req, reply))

  app.post('/help/:id/edit', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseWithPlace(HelpRequestEditInput, req.body)
    if (!form.ok) {
      const ags = form.state.values?.municipalityAgs
      const municipality = ags && !form.candidates.length ? municipalityRef(ags) : undefined
      const failed = {
        name: 'request' as const,
        state: form.state,
        candidates: form.candidates,
        municipality,
      }
      return renderEdit(req, reply, failed, 422)
    }
    try {
      await service.editHelpRequest(deps, actorOf(req), id, form.data, links)
    } catch (err) {
      return renderEdit(req, reply, { name: 'request', state: failedForm(err, req.body) }, 422)
    }
    req.flash('success', 'help.flash.edited')
    return reply.redirect(`/help/${id}`, 303)
  })

  app.post('/help/:id/shifts', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const back = ShiftBack.safeParse(req.body ?? {}).data?.back
    const failed = (state: FormState) =>
      back
        ? renderEdit(req, reply, { name: 'addShift', state }, 422)
        : renderRequest(req, reply, { name: 'shift', state }, 422)
    const form = parseForm(ShiftInput, req.body)
    if (!form.ok) return failed(form)
    try {
      await service.addShift(deps, actorOf(req), id, form.data)
    } catch (err) {
      return failed(failedForm(err, req.body))
    }
    req.flash('success', 'help.flash.shiftAdded')
    return reply.redirect(back ? `/help/${id}/edit#shifts-heading` : `/help/${id}`, 303)
  })

  app.post('/help/shifts/:id/edit', { config: { access: 'signed-in' } }, async (req, reply) => {
    const shiftId = idOf(req)
    const requestId = await service.requestIdOfShift(deps, shiftId)
    const failed = (state: FormState) =>
      renderEdit(req, reply, { name: 'shift', shiftId, state }, 422, requestId)
    const form = parseForm(ShiftInput, req.body)
    if (!form.ok) return failed(form)
    try {
      await service.updateShift(deps, actorOf(req), shiftId, form.data, links)
    } catch (err) {
      return failed(failedForm(err, req.body))
    }
    req.flash('success', 'help.flash.shiftSaved')
    return reply.redirect(`/help/${requestId}/edit#shifts-heading`, 303)
  })

  app.post('/help/shifts/:id/delete', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { requestId } = await service.removeShift(deps, actorOf(req), idOf(req))
    req.flash('success', 'help.flash.shiftRemoved')
    return reply.redirect(`/help/${requestId}/edit#shifts-heading`, 303)
  })

  app.post('/help/shifts/:id/call-off', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { requestId } = await service.cancelShift(deps, actorOf(req), idOf(req), links)
    req.flash('success', 'help.flash.shiftCancelled')
    return reply.redirect(`/help/${requestId}/edit#shifts-heading`, 303)
  })

  app.post('/help/:id/close', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    await service.closeHelpRequest(deps, actorOf(req), id)
    req.flash('success', 'help.flash.closed')
    return reply.redirect(`/help/${id}`, 303)
  })

  app.post('/help/shifts/:id/signup', { config: { access: 'signed-in' } }, async (req, reply) => {
    const outcome = await service.signUpForShift(deps, actorOf(req), idOf(req), links)
    req.flash(
      'success',
      outcome.signup.status === 'confirmed' ? 'help.flash.signedUp' : 'help.flash.waitlisted',
    )
    return reply.redirect(`/help/${outcome.requestId}`, 303)
  })

  app.post('/help/shifts/:id/cancel', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { requestId } = await service.cancelSignup(deps, actorOf(req), idOf(req), links)
    req.flash('success', 'help.flash.cancelled')
    return reply.redirect(`/help/${requestId}`, 303)
  })

  async function renderRoster(req: FastifyRequest, reply: FastifyReply, form?: FormState, status?: number) {
    const data = await service.viewRoster(deps, actorOf(req), idOf(req))
    return reply.page(
      RosterPage({ ctx: reply.ctx(), data: { ...data, now: deps.now() }, ...(form ? { form } : {}) }),
      status,
    )
  }

  app.get('/help/:id/roster', { config: { access: 'signed-in' } }, async (req, reply) =>
    renderRoster(req, reply),
  )

  app.post('/help/:id/message', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(MessageInput, req.body)
    if (!form.ok) return renderRoster(req, reply, form, 422)
    await service.messageParticipants(deps, actorOf(req), id, form.data, links)
    req.flash('success', 'help.flash.messaged')
    return reply.redirect(`/help/${id}/roster`, 303)
  })

  app.post('/help/shifts/:id/complete', { config: { access: 'signed-in' } }, async (req, reply) => {
    const form = parseForm(CompleteShiftInput, req.body)
    if (!form.ok) throw new NotFoundError()
    const { requestId } = await service.completeShift(deps, actorOf(req), idOf(req), form.data)
    req.flash('success', 'help.flash.completed')
    return reply.redirect(`/help/${requestId}/roster`, 303)
  })

  app.post('/help/:id/travel', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(TravelInput, req.body)
    if (!form.ok) return renderRequest(req, reply, { name: 'travel', state: form }, 422)
    try {
      await service.addTravel(deps, actorOf(req), id, form.data)
    } catch (err) {
      return renderRequest(req, reply, { name: 'travel', state: failedForm(err, req.body) }, 422)
    }
    req.flash('success', 'help.flash.travelAdded')
    return reply.redirect(`/help/${id}#travel-heading`, 303)
  })

  app.post('/help/:id/travel/:itemId/delete', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { id, itemId } = idsOf(req)
    await service.removeTravel(deps, actorOf(req), id, itemId)
    req.flash('success', 'help.flash.travelRemoved')
    return reply.redirect(`/help/${id}#travel-heading`, 303)
  })

  async function renderBalance(req: FastifyRequest, reply: FastifyReply, form?: FormState, status?: number) {
    const data = await service.viewBalance(deps, req.actor, idOf(req))
    return reply.page(BalancePage({ ctx: reply.ctx(), data, ...(form ? { form } : {}) }), status)
  }

  app.get('/help/partnerships/:id/balance', { config: { access: 'signed-in' } }, async (req, reply) =>
    renderBalance(req, reply),
  )

  app.post('/help/partnerships/:id/records', { config: { access: 'coordinator' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(HelpRecordInput, req.body)
    if (!form.ok) return renderBalance(req, reply, form, 422)
    try {
      await service.recordHelp(deps, actorOf(req), id, form.data)
    } catch (err) {
      return renderBalance(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'help.flash.recorded')
    return reply.redirect(`/help/partnerships/${id}/balance`, 303)
  })

  async function renderDriveForm(req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) {
    const { request } = DriveQuery.parse(req.query ?? {})
    const requestId = form.values?.requestId ?? request
    const options = await service.driveFormOptions(deps, actorOf(req))
    return reply.page(
      DriveFormPage({ ctx: reply.ctx(), form, ...options, ...(requestId ? { requestId } : {}) }),
      status,
    )
  }

  app.get('/help/drives/new', { config: { access: 'coordinator' } }, async (req, reply) =>
    renderDriveForm(req, reply, {}),
  )

  app.post('/help/drives', { config: { access: 'coordinator' } }, async (req, reply) => {
    const form = parseForm(DriveInput, req.body)
    if (!form.ok) return renderDriveForm(req, reply, form, 422)
    try {
      const drive = await service.startDonationDrive(deps, actorOf(req), form.data)
      req.flash('success', 'help.flash.driveStarted')
      return reply.redirect(`/help/drives/${drive.id}`, 303)
    } catch (err) {
      return renderDriveForm(req, reply, failedForm(err, req.body), 422)
    }
  })

  async function renderDrive(req: FastifyRequest, reply: FastifyReply, form?: FormState, status?: number) {
    const data = await service.viewDonationDrive(deps, req.actor, idOf(req))
    return reply.page(DrivePage({ ctx: reply.ctx(), data, ...(form ? { form } : {}) }), status)
  }

  app.get('/help/drives/:id', { config: { access: 'signed-in' } }, async (req, reply) =>
    renderDrive(req, reply),
  )

  app.post('/help/drives/:id/pledges', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(PledgeInput, req.body)
    if (!form.ok) return renderDrive(req, reply, form, 422)
    await service.pledgeDonation(deps, actorOf(req), id, form.data)
    req.flash('success', 'help.flash.pledged')
    return reply.redirect(`/help/drives/${id}`, 303)
  })

  app.post(
    '/help/drives/:id/pledges/:itemId/received',
    { config: { access: 'coordinator' } },
    async (req, reply) => {
      const { id, itemId } = idsOf(req)
      await service.markPledgeReceived(deps, actorOf(req), id, itemId)
      req.flash('success', 'help.flash.received')
      return reply.redirect(`/help/drives/${id}`, 303)
    },
  )
}
