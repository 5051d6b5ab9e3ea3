import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError } from '../../platform/errors.js'
import { parseForm } from '../../platform/http/forms.js'
import { actorOf, failedForm, idOf } from '../../platform/http/routes.js'
import type { FormState } from '../../platform/views/components.js'
import {
  AnswerInput,
  ApplyInput,
  AskInput,
  ProfileInput,
  ProjectEditInput,
  ProjectInput,
  SearchQuery,
  SkillInput,
  SkillNameInput,
} from './input.js'
import { actingUnitIds } from './policy.js'
import * as service from './service/index.js'
import {
  AskPage,
  EditProjectPage,
  InboxPage,
  NewProjectPage,
  NoMemberPage,
  ProfilePage,
  ProjectListPage,
  ProjectPage,
  SearchPage,
  SentPage,
  SkillsPage,
  TeamProjectsSection,
} from './views/index.js'

const ApplicationParams = z.object({ id: z.uuid(), applicationId: z.uuid() })

/** The ticked boxes of a checkbox group, to tick them again when the form comes back. */
function ticked(body: unknown, name: string) {
  const v = ((body ?? {}) as Record<string, unknown>)[name]
  return ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string')
}

export async function volunteerRoutes(app: FastifyInstance) {
  const deps = app.deps
  const links = { publicUrl: app.config.http.publicUrl }

  // A team's page lists its project calls the actor may see, and offers its leads to post one.
  app.teamSections.push(async (ctx, team, actor) => {
    const data = await service.teamProjectSection(deps, actor, team.id)
    if (!data || (data.projects.length === 0 && !data.canPost)) return null
    return TeamProjectsSection({ ctx, team, ...data })
  })

  async function renderProfile(req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) {
    const actor = actorOf(req)
    if (!actor.memberId) return reply.page(NoMemberPage({ ctx: reply.ctx() }))
    const data = await service.viewMyProfile(deps, actor, req.locale)
    const submittedSkills = form.values ? ticked(req.body, 'skillIds') : undefined
    return reply.page(ProfilePage({ ctx: reply.ctx(), data, form, submittedSkills }), status)
  }

  app.get('/volunteers/profile', { config: { access: 'signed-in' } }, (req, reply) =>
    renderProfile(req, reply, {}),
  )

  app.post('/volunteers/profile', { config: { access: 'signed-in' } }, async (req, reply) => {
    const form = parseForm(ProfileInput, req.body)
    if (!form.ok) return renderProfile(req, reply, form, 422)
    try {
      await service.saveProfile(deps, actorOf(req), form.data, req.locale, req.requestId)
    } catch (err) {
      return renderProfile(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'volunteers.flash.saved')
    return reply.redirect('/volunteers/profile', 303)
  })

  app.post('/volunteers/profile/withdraw', { config: { access: 'signed-in' } }, async (req, reply) => {
    await service.withdrawPoolConsent(deps, actorOf(req), req.requestId)
    req.flash('success', 'volunteers.flash.withdrawn')
    return reply.redirect('/volunteers/profile', 303)
  })

  app.get('/volunteers/search', { config: { access: 'coordinator' } }, async (req, reply) => {
    const query = SearchQuery.parse(req.query ?? {})
    const data = await service.searchVolunteers(deps, actorOf(req), query, req.requestId)
    return reply.page(SearchPage({ ctx: reply.ctx(), data }))
  })

  async function renderAsk(req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) {
    const unit = z
      .object({ unit: z.uuid().optional().catch(undefined) })
      .catch({})
      .parse(req.query ?? {}).unit
    const body = (req.body ?? {}) as Record<string, unknown>
    const chosen =
      typeof body.unitId === 'string' && z.uuid().safeParse(body.unitId).success ? body.unitId : unit
    const data = await service.viewAskForm(deps, actorOf(req), idOf(req), chosen)
    return reply.page(AskPage({ ctx: reply.ctx(), data, form }), status)
  }

  app.get('/volunteers/members/:id/ask', { config: { access: 'coordinator' } }, (req, reply) =>
    renderAsk(req, reply, {}),
  )

  app.post(
    '/volunteers/members/:id/ask',
    { config: { access: 'coordinator', rateLimit: { max: 30, timeWindow: '10 minutes' } } },
    async (req, reply) => {
      const id = idOf(req)
      const form = parseForm(AskInput, req.body)
      if (!form.ok) return renderAsk(req, reply, form, 422)
      await service.askVolunteer(deps, actorOf(req), id, form.data, links, req.requestId)
      req.flash('success', 'volunteers.flash.asked')
      return reply.redirect('/volunteers/sent', 303)
    },
  )

  app.get('/volunteers/requests', { config: { access: 'signed-in' } }, async (req, reply) => {
    if (!actorOf(req).memberId) return reply.page(NoMemberPage({ ctx: reply.ctx() }))
    const rows = await service.listMyRequests(deps, actorOf(req))
    return reply.page(InboxPage({ ctx: reply.ctx(), rows }))
  })

  app.post('/volunteers/requests/:id/answer', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(AnswerInput, req.body)
    if (!form.ok) throw new NotFoundError()
    await service.answerVolunteerRequest(deps, actorOf(req), id, form.data.answer, req.requestId)
    req.flash('success', 'volunteers.flash.answered')
    return reply.redirect('/volunteers/requests', 303)
  })

  app.get('/volunteers/sent', { config: { access: 'coordinator' } }, async (req, reply) => {
    const rows = await service.listSentRequests(deps, actorOf(req), req.requestId)
    return reply.page(SentPage({ ctx: reply.ctx(), rows }))
  })

  app.get('/volunteers/projects', { config: { access: 'signed-in' } }, async (req, reply) => {
    const rows = await service.listVisibleProjects(deps, actorOf(req))
    return reply.page(
      ProjectListPage({ ctx: reply.ctx(), rows, canPost: actingUnitIds(req.actor).length > 0 }),
    )
  })

  async function renderNewProject(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status?: number,
    teamId?: string,
  ) {
    const options = teamId
      ? await service.teamProjectOptions(deps, actorOf(req), teamId)
      : await service.newProjectOptions(deps, actorOf(req))
    const submittedSkills = form.values ? ticked(req.body, 'skillIds') : undefined
    return reply.page(NewProjectPage({ ctx: reply.ctx(), options, form, submittedSkills }), status)
  }

  app.get('/volunteers/projects/new', { config: { access: 'coordinator' } }, (req, reply) =>
    renderNewProject(req, reply, {}),
  )

  app.post('/volunteers/projects', { config: { access: 'coordinator' } }, async (req, reply) => {
    const form = parseForm(ProjectInput, req.body)
    if (!form.ok) return renderNewProject(req, reply, form, 422)
    try {
      const project = await service.postProject(deps, actorOf(req), form.data, req.requestId)
      req.flash('success', 'volunteers.flash.posted')
      return reply.redirect(`/volunteers/projects/${project.id}`, 303)
    } catch (err) {
      return renderNewProject(req, reply, failedForm(err, req.body), 422)
    }
  })

  // A team's call: its active leads (or those who speak for the unit hosting the team) post it for that unit.
  app.get('/teams/:id/projects/new', { config: { access: 'signed-in' } }, (req, reply) =>
    renderNewProject(req, reply, {}, undefined, idOf(req)),
  )

  app.post('/teams/:id/projects', { config: { access: 'signed-in' } }, async (req, reply) => {
    const teamId = idOf(req)
    await service.teamProjectOptions(deps, actorOf(req), teamId)
    const form = parseForm(ProjectInput, req.body)
    if (!form.ok) return renderNewProject(req, reply, form, 422, teamId)
    try {
      const project = await service.postProject(deps, actorOf(req), form.data, req.requestId, { teamId })
      req.flash('success', 'volunteers.flash.posted')
      return reply.redirect(`/volunteers/projects/${project.id}`, 303)
    } catch (err) {
      return renderNewProject(req, reply, failedForm(err, req.body), 422, teamId)
    }
  })

  // Editing a call: as posting one, those who speak for its unit and a team's active leads (who hold no role).
  async function renderEditProject(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status?: number,
  ) {
    const data = await service.projectEditForm(deps, actorOf(req), idOf(req))
    const p = data.project
    const values = form.values ?? {
      title: p.title,
      description: p.description,
      weeks: String(p.weeks),
      hours: String(p.hours),
      deadline: p.deadline,
    }
    const selected = form.values ? ticked(req.body, 'skillIds') : data.skillIds
    return reply.page(
      EditProjectPage({ ctx: reply.ctx(), data, form: { ...form, values }, selected }),
      status,
    )
  }

  app.get('/volunteers/projects/:id/edit', { config: { access: 'signed-in' } }, (req, reply) =>
    renderEditProject(req, reply, {}),
  )

  app.post('/volunteers/projects/:id/edit', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ProjectEditInput, req.body)
    if (!form.ok) return renderEditProject(req, reply, form, 422)
    try {
      await service.editProject(deps, actorOf(req), id, form.data, req.requestId)
    } catch (err) {
      return renderEditProject(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'volunteers.flash.projectSaved')
    return reply.redirect(`/volunteers/projects/${id}`, 303)
  })

  app.get('/volunteers/projects/:id', { config: { access: 'signed-in' } }, async (req, reply) => {
    const data = await service.viewProject(deps, actorOf(req), idOf(req), req.requestId)
    return reply.page(ProjectPage({ ctx: reply.ctx(), data }))
  })

  app.post('/volunteers/projects/:id/apply', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ApplyInput, req.body)
    await service.applyToProject(
      deps,
      actorOf(req),
      id,
      form.ok ? form.data.message : undefined,
      req.requestId,
    )
    req.flash('success', 'volunteers.flash.applied')
    return reply.redirect(`/volunteers/projects/${id}`, 303)
  })

  // Running a call admits any account at the gate (a team's leads hold no role): the policy answers.
  app.post(
    '/volunteers/projects/:id/applications/:applicationId',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const params = ApplicationParams.safeParse(req.params)
      const form = parseForm(AnswerInput, req.body)
      if (!params.success || !form.ok) throw new NotFoundError()
      const { id, applicationId } = params.data
      await service.decideApplication(deps, actorOf(req), id, applicationId, form.data.answer, req.requestId)
      req.flash('success', 'volunteers.flash.decided')
      return reply.redirect(`/volunteers/projects/${id}`, 303)
    },
  )

  app.post('/volunteers/projects/:id/finish', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    await service.finishVolunteerProject(deps, actorOf(req), id, req.requestId)
    req.flash('success', 'volunteers.flash.finished')
    return reply.redirect(`/volunteers/projects/${id}`, 303)
  })

  // The list of skills the pool offers, kept by the federal office and the admins.
  async function renderSkills(
    req: FastifyRequest,
    reply: FastifyReply,
    form?: FormState,
    formFor?: string,
    status?: number,
  ) {
    const rows = await service.listSkillsForAdmin(deps, actorOf(req))
    return reply.page(
      SkillsPage({ ctx: reply.ctx(), rows, ...(form ? { form } : {}), ...(formFor ? { formFor } : {}) }),
      status,
    )
  }

  app.get('/volunteers/skills', { config: { access: 'federal_office' } }, (req, reply) =>
    renderSkills(req, reply),
  )

  app.post('/volunteers/skills', { config: { access: 'federal_office' } }, async (req, reply) => {
    const form = parseForm(SkillInput, req.body)
    if (!form.ok) return renderSkills(req, reply, form, 'new', 422)
    try {
      await service.addSkill(deps, actorOf(req), form.data)
    } catch (err) {
      return renderSkills(req, reply, failedForm(err, req.body), 'new', 422)
    }
    req.flash('success', 'volunteers.flash.skillAdded')
    return reply.redirect('/volunteers/skills', 303)
  })

  app.post('/volunteers/skills/:id', { config: { access: 'federal_office' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(SkillNameInput, req.body)
    if (!form.ok) return renderSkills(req, reply, form, id, 422)
    try {
      await service.renameSkill(deps, actorOf(req), id, form.data)
    } catch (err) {
      return renderSkills(req, reply, failedForm(err, req.body), id, 422)
    }
    req.flash('success', 'volunteers.flash.skillRenamed')
    return reply.redirect('/volunteers/skills', 303)
  })

  for (const [action, retired] of [
    ['retire', true],
    ['restore', false],
  ] as const) {
    app.post(
      `/volunteers/skills/:id/${action}`,
      { config: { access: 'federal_office' } },
      async (req, reply) => {
        await service.setSkillRetired(deps, actorOf(req), idOf(req), retired)
        req.flash('success', retired ? 'volunteers.flash.skillRetired' : 'volunteers.flash.skillRestored')
        return reply.redirect('/volunteers/skills', 303)
      },
    )
  }
}
