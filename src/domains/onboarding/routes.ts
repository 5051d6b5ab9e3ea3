import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BadRequestError, DomainError, NotFoundError } from '../../platform/errors.js'
import { parseForm } from '../../platform/http/forms.js'
import { actorOf, failedForm, idOf } from '../../platform/http/routes.js'
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
  TemplateQuery,
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
  WelcomeTemplateChoicePage,
} from './views/index.js'

function stepParamsOf(req: FastifyRequest) {
  const parsed = StepParams.safeParse(req.params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data
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

export async function onboardingRoutes(app: FastifyInstance) {
  const deps = app.deps
  const config = app.config

  app.unitSections.push(async (ctx, unit, actor) => {
    const data = await service.viewUnitSection(deps, actor, unit)
    return data ? UnitOnboardingSection({ ctx, unit, data }) : null
  })

  app.get('/onboarding', { config: { access: 'board' } }, async (req, reply) => {
    const data = await service.viewOverview(deps, actorOf(req))
    return reply.page(OverviewPage({ ctx: reply.ctx(), data }))
  })

  app.get('/onboarding/units/:id', { config: { access: 'board' } }, async (req, reply) => {
    const { show } = QueueQuery.parse(req.query ?? {})
    const data = await service.viewQueue(deps, actorOf(req), idOf(req), show, req.requestId)
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
    const data = await service.viewPipeline(deps, actorOf(req), idOf(req), q, req.requestId)
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
      await service.recordContact(deps, actorOf(req), id, form.data, req.requestId)
    } catch (err) {
      return renderPipeline(req, reply, { contact: failedForm(err, req.body) }, 422)
    }
    req.flash('success', 'onboarding.flash.contact')
    return reply.redirect(`/onboarding/pipelines/${id}#contacts-heading`, 303)
  })

  app.post('/onboarding/pipelines/:id/buddy', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(BuddyInput, req.body)
    if (!form.ok) return renderPipeline(req, reply, { buddy: form }, 422)
    try {
      await service.assignBuddy(deps, actorOf(req), id, form.data, req.requestId, config)
    } catch (err) {
      return renderPipeline(req, reply, { buddy: failedForm(err, req.body) }, 422)
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
      if (!form.ok) throw new BadRequestError()
      const { action } = form.data
      const done = await orFlash(req, () =>
        action === 'send'
          ? service.sendStepNow(deps, config, actorOf(req), id, position, req.requestId)
          : service.changeStep(deps, actorOf(req), id, position, action, req.requestId),
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
    const data = await service.viewStandard(deps, config, actorOf(req), idOf(req))
    return reply.page(StandardPage({ ctx: reply.ctx(), data, forms }), status)
  }

  app.get('/onboarding/standards/:id', { config: { access: 'board' } }, async (req, reply) => {
    const { template } = TemplateQuery.parse(req.query ?? {})
    const filled = template ? await service.welcomeTemplateText(deps, actorOf(req), template) : undefined
    if (!filled) return renderStandard(req, reply, {})
    // "Use this" in the Wissenswerk: the welcome form shows the template's text, checked as a save would check it.
    const check = parseForm(WelcomeTextInput, filled.values)
    const welcome = check.ok ? { values: filled.values } : { values: filled.values, errors: check.errors }
    return renderStandard(req, reply, { welcome, welcomeTemplate: filled.used })
  })

  /** "Use this" on a welcome-mail template of the Wissenswerk: choose the KV whose welcome e-mail gets it. */
  app.get('/onboarding/welcome', { config: { access: 'board' } }, async (req, reply) => {
    const { template } = TemplateQuery.parse(req.query ?? {})
    const data = await service.welcomeTemplateChoice(deps, actorOf(req), template)
    const only = data.units.length === 1 ? data.units[0] : undefined
    if (data.used && only)
      return reply.redirect(`/onboarding/standards/${only.id}?template=${data.used.id}#welcome-heading`, 303)
    return reply.page(WelcomeTemplateChoicePage({ ctx: reply.ctx(), ...data }))
  })

  app.post('/onboarding/standards/:id/steps', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(StepInput, req.body)
    if (!form.ok) return renderStandard(req, reply, { step: form }, 422)
    let added = false
    try {
      added = await orFlash(req, () =>
        service.addStandardStep(deps, actorOf(req), id, form.data, req.requestId),
      )
    } catch (err) {
      return renderStandard(req, reply, { step: failedForm(err, req.body) }, 422)
    }
    if (added) req.flash('success', 'onboarding.flash.stepAdded')
    return reply.redirect(`/onboarding/standards/${id}`, 303)
  })

  app.post('/onboarding/standards/:id/steps/:stepId', { config: { access: 'board' } }, async (req, reply) => {
    const { id, stepId } = stepParamsOf(req)
    const form = parseForm(StandardStepAction, req.body)
    if (!form.ok) throw new BadRequestError()
    await service.changeStandardStep(deps, actorOf(req), id, stepId, form.data.action, req.requestId)
    req.flash('success', `onboarding.flash.standard.${form.data.action}`)
    return reply.redirect(`/onboarding/standards/${id}`, 303)
  })

  app.post('/onboarding/standards/:id/adopt', { config: { access: 'state_office' } }, async (req, reply) => {
    const id = idOf(req)
    if (await orFlash(req, () => service.adoptDefaultStandard(deps, actorOf(req), id, req.requestId)))
      req.flash('success', 'onboarding.flash.adopted')
    return reply.redirect(`/onboarding/standards/${id}`, 303)
  })

  app.post('/onboarding/standards/:id/welcome', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(WelcomeTextInput, req.body)
    if (!form.ok) return renderStandard(req, reply, { welcome: form }, 422)
    await service.saveWelcomeText(deps, actorOf(req), id, form.data, req.requestId)
    req.flash('success', 'onboarding.flash.welcome')
    return reply.redirect(`/onboarding/standards/${id}#welcome-heading`, 303)
  })

  // ---- the benchmark ----

  app.get('/onboarding/dashboard', { config: { access: 'state_office' } }, async (req, reply) => {
    const period = service.periodOf(DashboardQuery.parse(req.query ?? {}), deps.now())
    const data = await service.viewDashboardHome(deps, actorOf(req), period)
    if (data.kind === 'none') return reply.page(NoDashboardPage({ ctx: reply.ctx() }))
    return reply.page(DashboardPage({ ctx: reply.ctx(), data }))
  })

  app.get('/onboarding/dashboard/:id', { config: { access: 'state_office' } }, async (req, reply) => {
    const period = service.periodOf(DashboardQuery.parse(req.query ?? {}), deps.now())
    const data = await service.viewStateDashboard(deps, actorOf(req), idOf(req), period)
    return reply.page(DashboardPage({ ctx: reply.ctx(), data }))
  })

  // ---- the new member's own page ----

  async function renderQuestionnaire(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status?: number,
  ) {
    const data = await service.viewMyQuestionnaire(deps, actorOf(req), req.locale)
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
          service.answerQuestionnaire(deps, actorOf(req), form.data, req.locale, req.requestId),
        ))
      )
        return reply.redirect('/onboarding/questionnaire', 303)
    } catch (err) {
      return renderQuestionnaire(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'onboarding.flash.answered')
    return reply.redirect('/onboarding/questionnaire', 303)
  })
}
