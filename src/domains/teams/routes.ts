import type { FastifyInstance } from 'fastify'
import { FieldError, NotFoundError } from '../../platform/errors.js'
import { parseForm } from '../../platform/http/forms.js'
import { idOf } from '../../platform/http/routes.js'
import { ApplicationParams, CreateTeamInput, MembershipParams, SetRoleInput, UnitParams } from './input.js'
import * as service from './service.js'
import { NewTeamPage, TeamPage, UnitTeamsSection } from './views.js'

export async function teamRoutes(app: FastifyInstance) {
  const deps = app.deps

  app.unitSections.push(async (ctx, unit, actor) => {
    const data = await service.unitTeamsSection(deps, actor, unit)
    return data ? UnitTeamsSection({ ctx, unit, ...data }) : null
  })

  app.get('/units/:id/teams/new', { config: { access: 'board' } }, async (req, reply) => {
    const params = UnitParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const unit = await service.prepareTeamCreation(deps, req.actor, params.data.id)
    return reply.page(NewTeamPage({ ctx: reply.ctx(), unit, form: {} }))
  })

  app.post('/units/:id/teams', { config: { access: 'board' } }, async (req, reply) => {
    const params = UnitParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const unit = await service.prepareTeamCreation(deps, req.actor, params.data.id)
    const form = parseForm(CreateTeamInput, req.body)
    if (!form.ok) return reply.page(NewTeamPage({ ctx: reply.ctx(), unit, form }), 422)
    try {
      const team = await service.createTeam(deps, req.actor, unit.id, form.data, { requestId: req.requestId })
      req.flash('success', 'teams.flash.created')
      return reply.redirect(`/teams/${team.id}`, 303)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return reply.page(
        NewTeamPage({
          ctx: reply.ctx(),
          unit,
          form: { values: form.data, errors: { [err.field]: err.code } },
        }),
        422,
      )
    }
  })

  app.get('/teams/:id', { config: { access: 'signed-in' } }, async (req, reply) => {
    const data = await service.viewTeam(deps, req.actor, idOf(req))
    const ctx = reply.ctx()
    const team = { id: data.team.id, name: data.team.name, hostId: data.host.id, endedAt: data.team.endedAt }
    const sections = (
      await Promise.all(app.teamSections.map((section) => section(ctx, team, req.actor)))
    ).filter((s) => s !== null)
    return reply.page(TeamPage({ ctx, data, sections }))
  })

  app.post('/teams/:id/join', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const row = await service.joinTeam(deps, req.actor, id, { requestId: req.requestId })
    req.flash('success', row.status === 'active' ? 'teams.flash.joined' : 'teams.flash.applied')
    return reply.redirect(`/teams/${id}`, 303)
  })

  app.post('/teams/:id/leave', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    await service.leaveTeam(deps, req.actor, id, { requestId: req.requestId })
    req.flash('success', 'teams.flash.left')
    return reply.redirect(`/teams/${id}`, 303)
  })

  for (const decision of ['accept', 'decline'] as const) {
    app.post(
      `/teams/:id/applications/:membershipId/${decision}`,
      { config: { access: 'signed-in' } },
      async (req, reply) => {
        const params = ApplicationParams.safeParse(req.params)
        if (!params.success) throw new NotFoundError()
        const { id, membershipId } = params.data
        await service.decideApplication(deps, req.actor, id, membershipId, decision === 'accept', {
          requestId: req.requestId,
        })
        req.flash('success', decision === 'accept' ? 'teams.flash.accepted' : 'teams.flash.declined')
        return reply.redirect(`/teams/${id}`, 303)
      },
    )
  }

  app.post(
    '/teams/:id/members/:membershipId/role',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const params = MembershipParams.safeParse(req.params)
      if (!params.success) throw new NotFoundError()
      const input = SetRoleInput.safeParse(req.body)
      const { id, membershipId } = params.data
      const row = await service.setMemberRole(deps, req.actor, id, membershipId, input.data?.role, {
        requestId: req.requestId,
      })
      req.flash('success', row.role === 'lead' ? 'teams.flash.leadAppointed' : 'teams.flash.leadSteppedDown')
      return reply.redirect(`/teams/${id}`, 303)
    },
  )

  app.post('/teams/:id/end', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    await service.endTeam(deps, req.actor, id, { requestId: req.requestId })
    req.flash('success', 'teams.flash.ended')
    return reply.redirect(`/teams/${id}`, 303)
  })
}
