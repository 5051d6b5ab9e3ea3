import type { FastifyInstance, FastifyReply } from 'fastify'
import { ConflictError, FieldError, NotFoundError } from '../../platform/errors.js'
import { parseForm } from '../../platform/http/forms.js'
import { actorOf, failedForm, idOf } from '../../platform/http/routes.js'
import type { MessageKey } from '../../platform/i18n/index.js'
import type { FormState } from '../../platform/views/components.js'
import { CallDeskPage, CampaignPage, MyCampaignsList, NewCampaignPage } from './campaign-views.js'
import {
  AddCallerInput,
  AddQuestionInput,
  CallInput,
  CampaignCallerParams,
  CampaignSettingsInput,
  CampaignTargetParams,
  CreateCampaignInput,
  CreateSurveyInput,
  MoveInput,
  QuestionParams,
  ResultsQuery,
  TokenParams,
} from './input.js'
import { ResultsPage, rawCsv, resultsCsv } from './results-views.js'
import * as service from './service.js'
import {
  AnswerPage,
  MySurveysPage,
  NewSurveyPage,
  PreviewPage,
  SurveyPage,
  UnitSurveysPage,
  UnitSurveysSection,
} from './views.js'

const bodyOf = (body: unknown) => (body && typeof body === 'object' ? (body as Record<string, unknown>) : {})

/** The text fields of a form, to fill it again after an error. */
const stringValues = (body: unknown) =>
  Object.fromEntries(
    Object.entries(bodyOf(body)).filter((e): e is [string, string] => typeof e[1] === 'string'),
  )

export async function surveyRoutes(app: FastifyInstance) {
  const deps = app.deps
  const env = { deps, config: app.config }

  app.unitSections.push(async (ctx, unit, actor) => {
    const data = await service.unitSurveysSection(deps, actor, unit)
    return data ? UnitSurveysSection({ ctx, unit, ...data }) : null
  })

  app.get('/surveys', { config: { access: 'signed-in' } }, async (req, reply) => {
    const surveys = await service.mySurveys(deps, req.actor)
    const campaigns = await service.myCampaigns(deps, req.actor)
    const ctx = reply.ctx()
    return reply.page(MySurveysPage({ ctx, surveys, campaigns: MyCampaignsList({ ctx, campaigns }) }))
  })

  app.get('/units/:id/surveys', { config: { access: 'board' } }, async (req, reply) => {
    const data = await service.listUnitSurveys(deps, req.actor, idOf(req))
    return reply.page(UnitSurveysPage({ ctx: reply.ctx(), data }))
  })

  app.get('/units/:id/surveys/new', { config: { access: 'board' } }, async (req, reply) => {
    const unit = await service.prepareSurveyCreation(deps, req.actor, idOf(req))
    return reply.page(NewSurveyPage({ ctx: reply.ctx(), unit, form: {} }))
  })

  app.post('/units/:id/surveys', { config: { access: 'board' } }, async (req, reply) => {
    const unit = await service.prepareSurveyCreation(deps, req.actor, idOf(req))
    const form = parseForm(CreateSurveyInput, req.body)
    if (!form.ok) return reply.page(NewSurveyPage({ ctx: reply.ctx(), unit, form }), 422)
    const survey = await service.createSurvey(deps, req.actor, unit.id, form.data, {
      requestId: req.requestId,
    })
    req.flash('success', 'surveys.flash.created')
    return reply.redirect(`/surveys/${survey.id}`, 303)
  })

  app.get('/surveys/:id', { config: { access: 'board' } }, async (req, reply) => {
    const data = await service.viewSurvey(deps, req.actor, idOf(req))
    return reply.page(SurveyPage({ ctx: reply.ctx(), data, form: {} }))
  })

  app.get('/surveys/:id/results', { config: { access: 'board' } }, async (req, reply) => {
    const query = ResultsQuery.parse(req.query ?? {})
    const data = await service.viewResults(deps, req.actor, idOf(req), query)
    return reply.page(ResultsPage({ ctx: reply.ctx(), data }))
  })

  app.get('/surveys/:id/results.csv', { config: { access: 'board' } }, async (req, reply) => {
    const query = ResultsQuery.parse(req.query ?? {})
    const data = await service.viewResults(deps, req.actor, idOf(req), { version: query.version })
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ergebnisse-${data.version.number}.csv"`)
      .header('cache-control', 'no-store')
      .send(resultsCsv(reply.ctx(), data))
  })

  app.get('/surveys/:id/answers.csv', { config: { access: 'board' } }, async (req, reply) => {
    const query = ResultsQuery.parse(req.query ?? {})
    const data = await service.exportRawAnswers(deps, req.actor, idOf(req), query.version, {
      requestId: req.requestId,
    })
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="antworten-${data.version.number}.csv"`)
      .header('cache-control', 'no-store')
      .send(rawCsv(reply.ctx(), data))
  })

  // ---- phone campaigns: the survey's owners set them up and follow them; callers call one person at a time.
  app.get('/surveys/:id/campaigns/new', { config: { access: 'board' } }, async (req, reply) => {
    const data = await service.prepareCampaign(deps, req.actor, idOf(req))
    return reply.page(NewCampaignPage({ ctx: reply.ctx(), data, form: {} }))
  })

  app.post('/surveys/:id/campaigns', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const data = await service.prepareCampaign(deps, req.actor, id)
    const form = parseForm(CreateCampaignInput, req.body)
    if (!form.ok) return reply.page(NewCampaignPage({ ctx: reply.ctx(), data, form }), 422)
    try {
      const { campaign } = await service.createCampaign(deps, req.actor, id, form.data, {
        requestId: req.requestId,
      })
      req.flash('success', 'surveys.campaign.flash.created')
      return reply.redirect(`/campaigns/${campaign.id}`, 303)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return reply.page(
        NewCampaignPage({
          ctx: reply.ctx(),
          data,
          form: { values: stringValues(req.body), errors: { [err.field]: err.code } },
        }),
        422,
      )
    }
  })

  app.get('/campaigns/:id', { config: { access: 'board' } }, async (req, reply) => {
    const data = await service.viewCampaign(deps, req.actor, idOf(req))
    return reply.page(CampaignPage({ ctx: reply.ctx(), data, form: {} }))
  })

  app.post('/campaigns/:id/callers', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    // A refused address goes back to the campaign page with the reason as its message (post, redirect, get): the
    // page's address can be reloaded and shared, this form's cannot. Nothing is added.
    const refused = async (code: MessageKey) => {
      await service.viewCampaign(deps, req.actor, id) // 404 for anyone but its owners, as the page
      req.flash('error', code)
      return reply.redirect(`/campaigns/${id}`, 303)
    }
    const form = parseForm(AddCallerInput, req.body)
    if (!form.ok) return refused(form.errors.email ?? 'surveys.errors.callerUnknown')
    try {
      await service.addCaller(deps, req.actor, id, form.data.email, { requestId: req.requestId })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return refused(err.code)
    }
    req.flash('success', 'surveys.campaign.flash.callerAdded')
    return reply.redirect(`/campaigns/${id}`, 303)
  })

  app.post('/campaigns/:id/settings', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    // A form with errors shows the campaign page again (404 for anyone but its owners); its links (the language
    // switch) lead to the page.
    const again = async (settings: FormState) => {
      const data = await service.viewCampaign(deps, req.actor, id)
      const ctx = { ...reply.ctx(), path: `/campaigns/${id}` }
      return reply.page(CampaignPage({ ctx, data, form: {}, settings }), 422)
    }
    const form = parseForm(CampaignSettingsInput, req.body)
    if (!form.ok) return again(form)
    await service.changeCampaignSettings(deps, req.actor, id, form.data, { requestId: req.requestId })
    req.flash('success', 'surveys.campaign.flash.changed')
    return reply.redirect(`/campaigns/${id}`, 303)
  })

  app.post('/campaigns/:id/callers/:userId/remove', { config: { access: 'board' } }, async (req, reply) => {
    const params = CampaignCallerParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const { id, userId } = params.data
    await service.removeCaller(deps, req.actor, id, userId, { requestId: req.requestId })
    req.flash('success', 'surveys.campaign.flash.callerRemoved')
    return reply.redirect(`/campaigns/${id}`, 303)
  })

  app.post('/campaigns/:id/end', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    await service.finishCampaign(deps, req.actor, id, { requestId: req.requestId })
    req.flash('success', 'surveys.campaign.flash.ended')
    return reply.redirect(`/campaigns/${id}`, 303)
  })

  app.get('/campaigns/:id/call', { config: { access: 'signed-in' } }, async (req, reply) => {
    const data = await service.viewCallDesk(deps, req.actor, idOf(req))
    return reply.page(CallDeskPage({ ctx: reply.ctx(), data }))
  })

  app.post('/campaigns/:id/confirm', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    await service.confirmCallerNote(deps, req.actor, id, { requestId: req.requestId })
    req.flash('success', 'surveys.campaign.flash.confirmed')
    return reply.redirect(`/campaigns/${id}/call`, 303)
  })

  app.post('/campaigns/:id/next', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    let desk: Awaited<ReturnType<typeof service.nextPerson>>
    try {
      desk = await service.nextPerson(deps, req.actor, id, { requestId: req.requestId })
    } catch (err) {
      // Outside the calling hours: back to the desk, which names them and when they start again.
      if (!(err instanceof ConflictError && err.code === 'surveys.errors.outsideHours')) throw err
      req.flash('info', err.code)
      return reply.redirect(`/campaigns/${id}/call`, 303)
    }
    if (!desk.current) {
      req.flash('info', 'surveys.campaign.nobody')
      return reply.redirect(`/campaigns/${id}/call`, 303)
    }
    // The answer shows the person at once (the desk came with the claim); sent again, the form gives the same
    // person, whom the caller holds.
    // Its links (the language switch) lead back to the desk's address, not to this form's.
    return reply.page(CallDeskPage({ ctx: { ...reply.ctx(), path: `/campaigns/${id}/call` }, data: desk }))
  })

  app.post('/campaigns/:id/calls/:targetId', { config: { access: 'signed-in' } }, async (req, reply) => {
    const params = CampaignTargetParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const { id, targetId } = params.data
    const form = parseForm(CallInput, req.body)
    if (!form.ok) {
      const data = await service.viewCallDesk(deps, req.actor, id)
      return reply.page(CallDeskPage({ ctx: reply.ctx(), data, form }), 422)
    }
    try {
      const out = await service.recordCall(deps, req.actor, id, targetId, form.data, bodyOf(req.body), {
        requestId: req.requestId,
      })
      if (!out.ok) {
        const data = await service.viewCallDesk(deps, req.actor, id)
        return reply.page(
          CallDeskPage({ ctx: reply.ctx(), data, values: out.values, errors: out.errors }),
          422,
        )
      }
    } catch (err) {
      const form = failedForm(err, req.body)
      const data = await service.viewCallDesk(deps, req.actor, id)
      return reply.page(CallDeskPage({ ctx: reply.ctx(), data, form }), 422)
    }
    req.flash('success', 'surveys.campaign.flash.recorded')
    return reply.redirect(`/campaigns/${id}/call`, 303)
  })

  app.get('/surveys/:id/preview', { config: { access: 'board' } }, async (req, reply) => {
    const { survey, version } = await service.previewSurvey(deps, req.actor, idOf(req))
    return reply.page(PreviewPage({ ctx: reply.ctx(), survey, questionnaire: version.questionnaire }))
  })

  app.post('/surveys/:id/questions', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const data = await service.viewSurvey(deps, req.actor, id)
    const form = parseForm(AddQuestionInput, req.body)
    if (!form.ok) return reply.page(SurveyPage({ ctx: reply.ctx(), data, form }), 422)
    try {
      const { version } = await service.addQuestion(deps, req.actor, id, form.data, {
        requestId: req.requestId,
      })
      req.flash(
        'success',
        version > data.version.number ? 'surveys.flash.newVersion' : 'surveys.flash.questionAdded',
      )
      return reply.redirect(`/surveys/${id}`, 303)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      const values = Object.fromEntries(
        Object.entries(bodyOf(req.body)).filter((e): e is [string, string] => typeof e[1] === 'string'),
      )
      return reply.page(
        SurveyPage({ ctx: reply.ctx(), data, form: { values, errors: { [err.field]: err.code } } }),
        422,
      )
    }
  })

  const changed = (
    reply: FastifyReply,
    req: { flash: (k: 'success', m: 'surveys.flash.questionsChanged' | 'surveys.flash.newVersion') => void },
    id: string,
    before: number,
    after: number,
  ) => {
    req.flash('success', after > before ? 'surveys.flash.newVersion' : 'surveys.flash.questionsChanged')
    return reply.redirect(`/surveys/${id}`, 303)
  }

  app.post('/surveys/:id/questions/:key/remove', { config: { access: 'board' } }, async (req, reply) => {
    const params = QuestionParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const { id, key } = params.data
    const before = (await service.viewSurvey(deps, req.actor, id)).version.number
    const { version } = await service.removeQuestion(deps, req.actor, id, key, { requestId: req.requestId })
    return changed(reply, req, id, before, version)
  })

  app.post('/surveys/:id/questions/:key/move', { config: { access: 'board' } }, async (req, reply) => {
    const params = QuestionParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const { id, key } = params.data
    const before = (await service.viewSurvey(deps, req.actor, id)).version.number
    const input = MoveInput.safeParse(req.body)
    if (!input.success) return reply.redirect(`/surveys/${id}`, 303)
    const { version } = await service.moveQuestion(deps, req.actor, id, key, input.data.direction, {
      requestId: req.requestId,
    })
    return changed(reply, req, id, before, version)
  })

  for (const [path, to] of [
    ['open', 'open'],
    ['close', 'closed'],
  ] as const) {
    app.post(`/surveys/:id/${path}`, { config: { access: 'board' } }, async (req, reply) => {
      const id = idOf(req)
      await service.setSurveyStatus(deps, req.actor, id, to, { requestId: req.requestId })
      req.flash('success', to === 'open' ? 'surveys.flash.opened' : 'surveys.flash.closed')
      return reply.redirect(`/surveys/${id}`, 303)
    })
  }

  app.post('/surveys/:id/links', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    await service.sendSurveyLinks(env, req.actor, id, reply.ctx().locale, { requestId: req.requestId })
    req.flash('success', 'surveys.flash.linksSent')
    return reply.redirect(`/surveys/${id}`, 303)
  })

  // Answering as a signed-in member, from the unit page or "Meine Befragungen".
  app.get('/surveys/:id/answer', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const data = await service.viewAnswerForm(deps, { actor: actorOf(req) }, id)
    return reply.page(AnswerPage({ ctx: reply.ctx(), data, action: `/surveys/${id}/answer` }))
  })

  app.post('/surveys/:id/answer', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const out = await service.submitAnswers(deps, { actor: actorOf(req) }, id, bodyOf(req.body), {
      requestId: req.requestId,
    })
    if (!out.ok)
      return reply.page(
        AnswerPage({
          ctx: reply.ctx(),
          data: out.form,
          action: `/surveys/${id}/answer`,
          values: out.values,
          errors: out.errors,
        }),
        422,
      )
    req.flash('success', 'surveys.flash.answered')
    return reply.redirect(`/surveys/${id}/answer`, 303)
  })

  // Answering by the personal link from the mail: the token is the key, no login needed.
  const tokenOf = (params: unknown) => {
    const parsed = TokenParams.safeParse(params)
    if (!parsed.success) throw new NotFoundError()
    return parsed.data.token
  }

  app.get('/s/:token', { config: { access: 'public' } }, async (req, reply) => {
    const token = tokenOf(req.params)
    const data = await service.viewAnswerForm(deps, { token }, null)
    reply.header('referrer-policy', 'no-referrer')
    return reply.page(AnswerPage({ ctx: reply.ctx(), data, action: `/s/${token}` }))
  })

  app.post('/s/:token', { config: { access: 'public' } }, async (req, reply) => {
    const token = tokenOf(req.params)
    const out = await service.submitAnswers(deps, { token }, null, bodyOf(req.body), {
      requestId: req.requestId,
    })
    if (!out.ok)
      return reply.page(
        AnswerPage({
          ctx: reply.ctx(),
          data: out.form,
          action: `/s/${token}`,
          values: out.values,
          errors: out.errors,
        }),
        422,
      )
    req.flash('success', 'surveys.flash.answered')
    return reply.redirect(`/s/${token}`, 303)
  })
}
