import type { FastifyInstance } from 'fastify'
import { FieldError, NotFoundError } from '../../platform/errors.js'
import { parseForm } from '../../platform/http/forms.js'
import { actorOf } from '../../platform/http/routes.js'
import type { FormState } from '../../platform/views/components.js'
import {
  ElectionInput,
  ElectionParams,
  ProposeInput,
  SeekingProfileInput,
  TwinTownsInput,
  UnitParams,
  WeightsInput,
} from './input.js'
import { can } from './policy.js'
import * as service from './service.js'
import {
  ElectionsPage,
  OverviewPage,
  ProfileEditPage,
  ProfilePage,
  SuggestionsPage,
  TravelTimesPage,
  TwinTownsPage,
  UnitMatchmakingSection,
  WeightsPage,
} from './views.js'

function unitIdOf(params: unknown) {
  const parsed = UnitParams.safeParse(params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data.id
}

const asList = (v: unknown): string[] =>
  (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')

const fieldForm = (err: FieldError, values: Record<string, string>): FormState => ({
  values,
  errors: { [err.field]: err.code } as FormState['errors'],
})

export async function matchmakingRoutes(app: FastifyInstance) {
  const deps = app.deps

  app.unitSections.push(async (ctx, unit, actor) => {
    if (unit.kind !== 'district' || !can(actor, 'profile.view', unit)) return null
    const data = await service.viewProfile(deps, actor, unit.id)
    return UnitMatchmakingSection({ ctx, data })
  })

  app.get('/units/:id/seeking', { config: { access: 'board' } }, async (req, reply) => {
    const data = await service.viewProfile(deps, req.actor, unitIdOf(req.params))
    return reply.page(ProfilePage({ ctx: reply.ctx(), data }))
  })

  app.get('/units/:id/seeking/edit', { config: { access: 'board' } }, async (req, reply) => {
    const data = await service.prepareProfileEdit(deps, req.actor, unitIdOf(req.params))
    const chosen = {
      seeks: data.profile?.seeks ?? [],
      offers: data.profile?.offers ?? [],
      preferredStates: data.profile?.preferredStates ?? [],
    }
    return reply.page(ProfileEditPage({ ctx: reply.ctx(), data, form: {}, chosen }))
  })

  app.post('/units/:id/seeking', { config: { access: 'board' } }, async (req, reply) => {
    const id = unitIdOf(req.params)
    const data = await service.prepareProfileEdit(deps, req.actor, id)
    const body = (req.body ?? {}) as Record<string, unknown>
    const chosen = {
      seeks: asList(body.seeks),
      offers: asList(body.offers),
      preferredStates: asList(body.preferredStates),
    }
    const form = parseForm(SeekingProfileInput, req.body)
    if (!form.ok) return reply.page(ProfileEditPage({ ctx: reply.ctx(), data, form, chosen }), 422)
    try {
      await service.saveProfile(deps, req.actor, id, form.data, { requestId: req.requestId })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      const values = Object.fromEntries(
        Object.entries(body).filter(([, v]) => typeof v === 'string'),
      ) as Record<string, string>
      return reply.page(
        ProfileEditPage({ ctx: reply.ctx(), data, form: fieldForm(err, values), chosen }),
        422,
      )
    }
    req.flash('success', 'matchmaking.flash.profileSaved')
    return reply.redirect(`/units/${id}/seeking`, 303)
  })

  app.get('/units/:id/matchmaking', { config: { access: 'board' } }, async (req, reply) => {
    const data = await service.suggestPartners(deps, req.actor, unitIdOf(req.params))
    return reply.page(SuggestionsPage({ ctx: reply.ctx(), data }))
  })

  app.post('/units/:id/matchmaking/propose', { config: { access: 'board' } }, async (req, reply) => {
    const id = unitIdOf(req.params)
    const form = parseForm(ProposeInput, req.body)
    const fail = async (state: FormState) => {
      const data = await service.suggestPartners(deps, req.actor, id)
      return reply.page(SuggestionsPage({ ctx: reply.ctx(), data, form: state }), 422)
    }
    if (!form.ok) return fail(form)
    try {
      const partnership = await service.proposeMatch(deps, actorOf(req), id, form.data, {
        requestId: req.requestId,
      })
      req.flash('success', 'matchmaking.flash.proposed')
      return reply.redirect(`/partnerships/${partnership.id}`, 303)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return fail({ errors: { _form: err.code } as FormState['errors'] })
    }
  })

  app.get('/matchmaking', { config: { access: 'federal_office' } }, async (req, reply) => {
    const data = await service.matchOverview(deps, req.actor)
    return reply.page(OverviewPage({ ctx: reply.ctx(), data }))
  })

  app.get('/matchmaking/weights', { config: { access: 'federal_office' } }, async (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>
    const asked = Object.keys(query).length > 0
    if (!asked) {
      const data = await service.previewWeights(deps, req.actor)
      return reply.page(WeightsPage({ ctx: reply.ctx(), data, form: {} }))
    }
    const form = parseForm(WeightsInput, query)
    if (!form.ok) {
      const data = await service.previewWeights(deps, req.actor)
      return reply.page(WeightsPage({ ctx: reply.ctx(), data: { ...data, proposed: null }, form }), 422)
    }
    const data = await service.previewWeights(deps, req.actor, form.data)
    return reply.page(WeightsPage({ ctx: reply.ctx(), data, form: {} }))
  })

  app.post('/matchmaking/weights', { config: { access: 'federal_office' } }, async (req, reply) => {
    const form = parseForm(WeightsInput, req.body)
    if (!form.ok) {
      const data = await service.previewWeights(deps, req.actor)
      return reply.page(WeightsPage({ ctx: reply.ctx(), data, form }), 422)
    }
    await service.saveWeights(deps, req.actor, form.data, { requestId: req.requestId })
    req.flash('success', 'matchmaking.flash.weightsSaved')
    return reply.redirect('/matchmaking/weights', 303)
  })

  app.get('/matchmaking/elections', { config: { access: 'federal_office' } }, async (req, reply) => {
    const data = await service.viewElections(deps, req.actor)
    return reply.page(ElectionsPage({ ctx: reply.ctx(), data, form: {} }))
  })

  app.post('/matchmaking/elections', { config: { access: 'federal_office' } }, async (req, reply) => {
    const data = await service.viewElections(deps, req.actor)
    const form = parseForm(ElectionInput, req.body)
    if (!form.ok) return reply.page(ElectionsPage({ ctx: reply.ctx(), data, form }), 422)
    try {
      await service.addElection(deps, req.actor, form.data, { requestId: req.requestId })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      const values = Object.fromEntries(
        Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string'),
      ) as Record<string, string>
      return reply.page(ElectionsPage({ ctx: reply.ctx(), data, form: fieldForm(err, values) }), 422)
    }
    req.flash('success', 'matchmaking.flash.electionAdded')
    return reply.redirect('/matchmaking/elections', 303)
  })

  app.post('/matchmaking/elections/load', { config: { access: 'federal_office' } }, async (req, reply) => {
    await service.loadShippedElections(deps, req.actor, { requestId: req.requestId })
    req.flash('success', 'matchmaking.flash.calendarLoaded')
    return reply.redirect('/matchmaking/elections', 303)
  })

  app.post(
    '/matchmaking/elections/:id/delete',
    { config: { access: 'federal_office' } },
    async (req, reply) => {
      const params = ElectionParams.safeParse(req.params)
      if (!params.success) throw new NotFoundError()
      await service.removeElection(deps, req.actor, params.data.id, { requestId: req.requestId })
      req.flash('success', 'matchmaking.flash.electionRemoved')
      return reply.redirect('/matchmaking/elections', 303)
    },
  )

  app.get('/matchmaking/travel-times', { config: { access: 'federal_office' } }, async (req, reply) => {
    const data = await service.viewTravelTimes(deps, req.actor)
    return reply.page(TravelTimesPage({ ctx: reply.ctx(), data, form: {} }))
  })

  app.post('/matchmaking/travel-times', { config: { access: 'federal_office' } }, async (req, reply) => {
    const form = parseForm(TwinTownsInput, req.body)
    const page = async (f: FormState, result?: service.TwinTownImport, status?: number) =>
      reply.page(
        TravelTimesPage({
          ctx: reply.ctx(),
          data: await service.viewTravelTimes(deps, req.actor),
          form: f,
          result,
        }),
        status,
      )
    if (!form.ok) return page(form, undefined, 422)
    try {
      return page(
        {},
        await service.importTravelTimes(deps, req.actor, form.data, { requestId: req.requestId }),
      )
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return page(fieldForm(err, { csv: form.data.csv }), undefined, 422)
    }
  })

  app.get('/matchmaking/twin-towns', { config: { access: 'federal_office' } }, async (req, reply) => {
    const data = await service.viewTwinTowns(deps, req.actor)
    return reply.page(TwinTownsPage({ ctx: reply.ctx(), data, form: {} }))
  })

  app.post('/matchmaking/twin-towns', { config: { access: 'federal_office' } }, async (req, reply) => {
    const form = parseForm(TwinTownsInput, req.body)
    if (!form.ok) {
      const data = await service.viewTwinTowns(deps, req.actor)
      return reply.page(TwinTownsPage({ ctx: reply.ctx(), data, form }), 422)
    }
    try {
      const result = await service.importTwinTowns(deps, req.actor, form.data, { requestId: req.requestId })
      const data = await service.viewTwinTowns(deps, req.actor)
      return reply.page(TwinTownsPage({ ctx: reply.ctx(), data, form: {}, result }))
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      const data = await service.viewTwinTowns(deps, req.actor)
      return reply.page(
        TwinTownsPage({ ctx: reply.ctx(), data, form: fieldForm(err, { csv: form.data.csv }) }),
        422,
      )
    }
  })
}
