import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError, FieldError, NotFoundError } from '../../platform/http/errors.js'
import { formValues, IdParams, parseForm } from '../../platform/http/forms.js'
import type { FormState } from '../../platform/views/components.js'
import {
  BuddyInput,
  BuddyQuery,
  ContactInput,
  DashboardQuery,
  PipelineStepAction,
  PipelineStepParams,
  QuestionnaireInput,
  QueueQuery,
  StandardStepAction,
  StepInput,
  StepParams,
  WelcomeTextInput,
} from './input.js'
import * as service from './service/index.js'
import {
  DashboardPage,
  NoDashboardPage,
  OverviewPage,
  type PipelineForms,
  PipelinePage,
  QuestionnairePage,
  QueuePage,
  type StandardForms,
  StandardPage,
  UnitOnboardingSection,
} from './views/index.js'

function idOf(req: FastifyRequest) {
  const parsed = IdParams.safeParse(req.params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data.id
}

function stepParamsOf(req: FastifyRequest) {
  const parsed = StepParams.safeParse(req.params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data
}

/** A use case's field error, as form state to re-render with. */
function failed(err: unknown, body: unknown): FormState {
  if (!(err instanceof FieldError)) throw err
  return { values: formValues(body), errors: { [err.field]: err.code } }
}

/** The ticked boxes of a checkbox group, which formValues (strings only) does not keep. */
function ticked(body: unknown, name: string) {
  const v = ((body ?? {}) as Record<string, unknown>)[name]
  return ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string')
}

/** A refused change that needs no form (a step already closed, nobody to send to): said once on the page. */
async function orFlash(req: FastifyRequest, work: () => Promise<unknown>) {
  try {
    await work()
    return true
  } catch (err) {
    if (!(err instanceof DomainError) || err.status !== 409) throw err
    req.flash('error', err.code)
    return false
  }
}

const badRequest = () => new DomainError('common.errors.badRequest', 400)

export async function onboardingRoutes(app: FastifyInstance) {
  const deps = app.deps
  const config = app.config

  app.unitSections.push(async (ctx, unit, actor) => {
    const data = await service.viewUnitSection(deps, actor, unit)
    return data ? UnitOnboardingSection({ ctx, unit, data }) : null
  })

  app.get('/onboarding', { config: { access: 'board' } }, async (req, reply) => {
    const data = await service.viewOverview(deps, req.actor!)
    return reply.page(OverviewPage({ ctx: reply.ctx(), data }))
  })

  app.get('/onboarding/units/:id', { config: { access: 'board' } }, async (req, reply) => {
    const { show } = QueueQuery.parse(req.query ?? {})
    const data = await service.viewQueue(deps, req.actor!, idOf(req), show, req.requestId)
    return reply.page(QueuePage({ ctx: reply.ctx(), data }))
  })

  // ---- one new member ----

  async function renderPipeline(
    req: FastifyRequest,
    reply: FastifyReply,
    forms: PipelineForms,
    status?: number,
  ) {
    const { q } = BuddyQuery.parse(req.query ?? {})
    const data = await service.viewPipeline(deps, req.actor!, idOf(req), q, req.requestId)
    return reply.page(PipelinePage({ ctx: reply.ctx(), data, forms }), status)
  }

  app.get('/onboarding/pipelines/:id', { config: { access: 'board' } }, (req, reply) =>
    renderPipeline(req, reply, {}),
  )

  app.post('/onboarding/pipelines/:id/contacts', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ContactInput, req.body)
    if (!form.ok) return renderPipeline(req, reply, { contact: form }, 422)
    try {
      await service.recordContact(deps, req.actor!, id, form.data, req.requestId)
    } catch (err) {
      return renderPipeline(req, reply, { contact: failed(err, req.body) }, 422)
    }
    req.flash('success', 'onboarding.flash.contact')
    return reply.redirect(`/onboarding/pipelines/${id}#contacts-heading`, 303)
  })

  app.post('/onboarding/pipelines/:id/buddy', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(BuddyInput, req.body)
    if (!form.ok) return renderPipeline(req, reply, { buddy: form }, 422)
    try {
      await service.assignBuddy(deps, req.actor!, id, form.data, req.requestId, config)
    } catch (err) {
      return renderPipeline(req, reply, { buddy: failed(err, req.body) }, 422)
    }
    req.flash('success', 'onboarding.flash.buddy')
    return reply.redirect(`/onboarding/pipelines/${id}#buddy-heading`, 303)
  })

  app.post(
    '/onboarding/pipelines/:id/steps/:position',
    { config: { access: 'board' } },
    async (req, reply) => {
      const parsed = PipelineStepParams.safeParse(req.params)
      if (!parsed.success) throw new NotFoundError()
      const { id, position } = parsed.data
      const form = parseForm(PipelineStepAction, req.body)
      if (!form.ok) throw badRequest()
      const { action } = form.data
      const done = await orFlash(req, () =>
        action === 'send'
          ? service.sendStepNow(deps, config, req.actor!, id, position, req.requestId)
          : service.changeStep(deps, req.actor!, id, position, action, req.requestId),
      )
      if (done) req.flash('success', `onboarding.flash.step.${action}`)
      return reply.redirect(`/onboarding/pipelines/${id}#steps-heading`, 303)
    },
  )

  // ---- standards ----

  async function renderStandard(
    req: FastifyRequest,
    reply: FastifyReply,
    forms: StandardForms,
    status?: number,
  ) {
    const data = await service.viewStandard(deps, config, req.actor!, idOf(req))
    return reply.page(StandardPage({ ctx: reply.ctx(), data, forms }), status)
  }

  app.get('/onboarding/standards/:id', { config: { access: 'board' } }, (req, reply) =>
    renderStandard(req, reply, {}),
  )

  app.post('/onboarding/standards/:id/steps', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(StepInput, req.body)
    if (!form.ok) return renderStandard(req, reply, { step: form }, 422)
    let added = false
    try {
      added = await orFlash(req, () =>
        service.addStandardStep(deps, req.actor!, id, form.data, req.requestId),
      )
    } catch (err) {
      return renderStandard(req, reply, { step: failed(err, req.body) }, 422)
    }
    if (added) req.flash('success', 'onboarding.flash.stepAdded')
    return reply.redirect(`/onboarding/standards/${id}`, 303)
  })

  app.post('/onboarding/standards/:id/steps/:stepId', { config: { access: 'board' } }, async (req, reply) => {
    const { id, stepId } = stepParamsOf(req)
    const form = parseForm(StandardStepAction, req.body)
    if (!form.ok) throw badRequest()
    await service.changeStandardStep(deps, req.actor!, id, stepId, form.data.action, req.requestId)
    req.flash('success', `onboarding.flash.standard.${form.data.action}`)
    return reply.redirect(`/onboarding/standards/${id}`, 303)
  })

  app.post('/onboarding/standards/:id/adopt', { config: { access: 'state_office' } }, async (req, reply) => {
    const id = idOf(req)
    if (await orFlash(req, () => service.adoptDefaultStandard(deps, req.actor!, id, req.requestId)))
      req.flash('success', 'onboarding.flash.adopted')
    return reply.redirect(`/onboarding/standards/${id}`, 303)
  })

  app.post('/onboarding/standards/:id/welcome', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(WelcomeTextInput, req.body)
    if (!form.ok) return renderStandard(req, reply, { welcome: form }, 422)
    await service.saveWelcomeText(deps, req.actor!, id, form.data, req.requestId)
    req.flash('success', 'onboarding.flash.welcome')
    return reply.redirect(`/onboarding/standards/${id}#welcome-heading`, 303)
  })

  // ---- the benchmark ----

  app.get('/onboarding/dashboard', { config: { access: 'state_office' } }, async (req, reply) => {
    const period = service.periodOf(DashboardQuery.parse(req.query ?? {}), deps.now())
    const data = await service.viewDashboardHome(deps, req.actor!, period)
    if (data.kind === 'none') return reply.page(NoDashboardPage({ ctx: reply.ctx() }))
    return reply.page(DashboardPage({ ctx: reply.ctx(), data }))
  })

  app.get('/onboarding/dashboard/:id', { config: { access: 'state_office' } }, async (req, reply) => {
    const period = service.periodOf(DashboardQuery.parse(req.query ?? {}), deps.now())
    const data = await service.viewStateDashboard(deps, req.actor!, idOf(req), period)
    return reply.page(DashboardPage({ ctx: reply.ctx(), data }))
  })

  // ---- the new member's own page ----

  async function renderQuestionnaire(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status?: number,
  ) {
    const data = await service.viewMyQuestionnaire(deps, req.actor!, req.locale)
    const boxes = form.values
      ? { interests: ticked(req.body, 'interests'), skillIds: ticked(req.body, 'skillIds') }
      : undefined
    return reply.page(QuestionnairePage({ ctx: reply.ctx(), data, form, ticked: boxes }), status)
  }

  app.get('/onboarding/questionnaire', { config: { access: 'signed-in' } }, (req, reply) =>
    renderQuestionnaire(req, reply, {}),
  )

  app.post('/onboarding/questionnaire', { config: { access: 'signed-in' } }, async (req, reply) => {
    const form = parseForm(QuestionnaireInput, req.body)
    if (!form.ok) return renderQuestionnaire(req, reply, form, 422)
    try {
      if (
        !(await orFlash(req, () =>
          service.answerQuestionnaire(deps, req.actor!, form.data, req.locale, req.requestId),
        ))
      )
        return reply.redirect('/onboarding/questionnaire', 303)
    } catch (err) {
      return renderQuestionnaire(req, reply, failed(err, req.body), 422)
    }
    req.flash('success', 'onboarding.flash.answered')
    return reply.redirect('/onboarding/questionnaire', 303)
  })
}
