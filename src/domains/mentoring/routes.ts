import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Actor } from '../../platform/auth/actor.js'
import { FieldError, NotFoundError } from '../../platform/errors.js'
import { parseForm } from '../../platform/http/forms.js'
import { idOf } from '../../platform/http/routes.js'
import type { FormState } from '../../platform/views/components.js'
import {
  ApplicationInput,
  ApplicationParams,
  CheckInInput,
  ContactInput,
  CoordinatorInput,
  CoordinatorParams,
  GoalInput,
  GoalParams,
  NoteInput,
  PairInput,
  ProgrammeEventInput,
  ProgrammeEventParams,
  ProgrammeInput,
  ReviewInput,
  SwapInput,
  TandemOnlyParams,
  TandemParams,
  UnitParams,
} from './input.js'
import * as service from './service/index.js'
import {
  ApplicationPage,
  ApplyPage,
  CoordinatorFormPage,
  NewProgrammePage,
  PairingPage,
  ProgrammePage,
  TandemPage,
  UnitMentoringSection,
} from './views.js'

function unitIdOf(params: unknown) {
  const parsed = UnitParams.safeParse(params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data.id
}

/** The ticked boxes of a checkbox group as sent, to fill the form again. */
function ticked(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name]
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')
}

const boxesOf = (body: unknown) => ({
  topics: ticked(body, 'topics'),
  formats: ticked(body, 'formats'),
  availability: ticked(body, 'availability'),
})

const redirectTo = (reply: FastifyReply, id: string) => reply.redirect(`/mentoring/${id}`, 303)

export async function mentoringRoutes(app: FastifyInstance) {
  const deps = app.deps
  const env = app.config

  app.unitSections.push(async (ctx, unit, actor) => {
    const data = await service.unitMentoringSection(deps, actor, unit)
    return data ? UnitMentoringSection({ ctx, unit, ...data }) : null
  })

  app.get('/units/:id/mentoring/new', { config: { access: 'board' } }, async (req, reply) => {
    const unit = await service.prepareProgrammeCreation(deps, req.actor, unitIdOf(req.params))
    return reply.page(NewProgrammePage({ ctx: reply.ctx(), unit, form: {} }))
  })

  app.post('/units/:id/mentoring', { config: { access: 'board' } }, async (req, reply) => {
    const unit = await service.prepareProgrammeCreation(deps, req.actor, unitIdOf(req.params))
    const form = parseForm(ProgrammeInput, req.body)
    if (!form.ok) return reply.page(NewProgrammePage({ ctx: reply.ctx(), unit, form }), 422)
    const row = await service.createProgramme(deps, req.actor, unit.id, form.data, {
      requestId: req.requestId,
    })
    req.flash('success', 'mentoring.flash.created')
    return redirectTo(reply, row.id)
  })

  /** The programme's page, with its events; `eventForm` when the form to link an event failed. */
  const programmePage = async (req: { actor?: Actor }, id: string) => {
    const [data, events] = await Promise.all([
      service.viewProgramme(deps, req.actor, id),
      service.viewProgrammeEvents(deps, req.actor, id),
    ])
    return { data, events }
  }

  app.get('/mentoring/:id', { config: { access: 'signed-in' } }, async (req, reply) => {
    const page = await programmePage(req, idOf(req))
    return reply.page(ProgrammePage({ ctx: reply.ctx(), ...page }))
  })

  app.post('/mentoring/:id/events', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ProgrammeEventInput, req.body)
    const again = async (eventForm: FormState) =>
      reply.page(ProgrammePage({ ctx: reply.ctx(), ...(await programmePage(req, id)), eventForm }), 422)
    if (!form.ok) {
      // The page answers 404 or 403 to who may not link, before any field error.
      await service.prepareEventLink(deps, req.actor, id)
      return again(form)
    }
    try {
      await service.linkProgrammeEvent(deps, req.actor, id, form.data, { requestId: req.requestId })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return again({ values: form.data, errors: { [err.field]: err.code } })
    }
    req.flash('success', 'mentoring.flash.eventLinked')
    return redirectTo(reply, id)
  })

  app.post(
    '/mentoring/:id/events/:linkId/remove',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const params = ProgrammeEventParams.safeParse(req.params)
      if (!params.success) throw new NotFoundError()
      await service.unlinkProgrammeEvent(deps, req.actor, params.data.id, params.data.linkId, {
        requestId: req.requestId,
      })
      req.flash('success', 'mentoring.flash.eventUnlinked')
      return redirectTo(reply, params.data.id)
    },
  )

  app.get('/mentoring/:id/apply', { config: { access: 'signed-in' } }, async (req, reply) => {
    const programme = await service.prepareApplication(deps, req.actor, idOf(req))
    return reply.page(
      ApplyPage({
        ctx: reply.ctx(),
        programme,
        form: {},
        selected: { topics: [], formats: [], availability: [] },
      }),
    )
  })

  app.post('/mentoring/:id/apply', { config: { access: 'signed-in' } }, async (req, reply) => {
    const programme = await service.prepareApplication(deps, req.actor, idOf(req))
    const form = parseForm(ApplicationInput, req.body)
    if (!form.ok)
      return reply.page(ApplyPage({ ctx: reply.ctx(), programme, form, selected: boxesOf(req.body) }), 422)
    try {
      await service.submitApplication(deps, env, req.actor, programme.id, form.data, {
        requestId: req.requestId,
      })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      const values = Object.fromEntries(
        Object.entries(req.body as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === 'string',
        ),
      )
      return reply.page(
        ApplyPage({
          ctx: reply.ctx(),
          programme,
          form: { values, errors: { [err.field]: err.code } },
          selected: boxesOf(req.body),
        }),
        422,
      )
    }
    req.flash('success', 'mentoring.flash.applied')
    return redirectTo(reply, programme.id)
  })

  app.post('/mentoring/:id/withdraw', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    await service.withdrawApplication(deps, req.actor, id, { requestId: req.requestId })
    req.flash('success', 'mentoring.flash.withdrawn')
    return redirectTo(reply, id)
  })

  app.get(
    '/mentoring/:id/applications/:applicationId',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const params = ApplicationParams.safeParse(req.params)
      if (!params.success) throw new NotFoundError()
      const data = await service.viewApplication(deps, req.actor, params.data.id, params.data.applicationId)
      return reply.page(ApplicationPage({ ctx: reply.ctx(), data }))
    },
  )

  const flashOf = { accept: 'accepted', waitlist: 'waitlisted', decline: 'declined' } as const
  for (const decision of service.decisions) {
    app.post(
      `/mentoring/:id/applications/:applicationId/${decision}`,
      { config: { access: 'signed-in' } },
      async (req, reply) => {
        const params = ApplicationParams.safeParse(req.params)
        if (!params.success) throw new NotFoundError()
        const { id, applicationId } = params.data
        await service.decideApplication(deps, env, req.actor, id, applicationId, decision, {
          requestId: req.requestId,
        })
        req.flash('success', `mentoring.flash.${flashOf[decision]}`)
        return redirectTo(reply, id)
      },
    )
  }

  app.post('/mentoring/:id/coordinators', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(CoordinatorInput, req.body)
    const again = async (f: Parameters<typeof CoordinatorFormPage>[0]['form']) => {
      const { programme } = await service.viewProgramme(deps, req.actor, id)
      return reply.page(CoordinatorFormPage({ ctx: reply.ctx(), programme, form: f }), 422)
    }
    if (!form.ok) return again(form)
    try {
      await service.addCoordinator(deps, req.actor, id, form.data.email, { requestId: req.requestId })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return again({ values: { email: form.data.email }, errors: { [err.field]: err.code } })
    }
    req.flash('success', 'mentoring.flash.coordinatorAdded')
    return redirectTo(reply, id)
  })

  app.post(
    '/mentoring/:id/coordinators/:coordinatorId/remove',
    { config: { access: 'board' } },
    async (req, reply) => {
      const params = CoordinatorParams.safeParse(req.params)
      if (!params.success) throw new NotFoundError()
      await service.removeCoordinator(deps, req.actor, params.data.id, params.data.coordinatorId, {
        requestId: req.requestId,
      })
      req.flash('success', 'mentoring.flash.coordinatorRemoved')
      return redirectTo(reply, params.data.id)
    },
  )

  app.get('/mentoring/:id/pairing', { config: { access: 'signed-in' } }, async (req, reply) => {
    const data = await service.viewPairing(deps, req.actor, idOf(req))
    return reply.page(PairingPage({ ctx: reply.ctx(), data }))
  })

  /** A form of the pairing page that failed: the page again with the error at its field. */
  const pairingAgain = async (req: { actor?: Actor }, reply: FastifyReply, id: string, form: FormState) => {
    const data = await service.viewPairing(deps, req.actor, id)
    return reply.page(PairingPage({ ctx: reply.ctx(), data, form }), 422)
  }

  app.post('/mentoring/:id/tandems', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(PairInput, req.body)
    if (!form.ok) return pairingAgain(req, reply, id, form)
    try {
      await service.pairTandem(deps, env, req.actor, id, form.data, { requestId: req.requestId })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return pairingAgain(req, reply, id, { values: form.data, errors: { [err.field]: err.code } })
    }
    req.flash('success', 'mentoring.flash.paired')
    return reply.redirect(`/mentoring/${id}/pairing`, 303)
  })

  app.post('/mentoring/:id/tandems/swap', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(SwapInput, req.body)
    if (!form.ok) return pairingAgain(req, reply, id, form)
    try {
      await service.swapTandems(deps, env, req.actor, id, form.data.first, form.data.second, {
        requestId: req.requestId,
      })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return pairingAgain(req, reply, id, { values: form.data, errors: { [err.field]: err.code } })
    }
    req.flash('success', 'mentoring.flash.swapped')
    return reply.redirect(`/mentoring/${id}/pairing`, 303)
  })

  app.post(
    '/mentoring/:id/tandems/:tandemId/dissolve',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const params = TandemParams.safeParse(req.params)
      if (!params.success) throw new NotFoundError()
      await service.dissolveTandem(deps, env, req.actor, params.data.id, params.data.tandemId, {
        requestId: req.requestId,
      })
      req.flash('success', 'mentoring.flash.dissolved')
      return reply.redirect(`/mentoring/${params.data.id}/pairing`, 303)
    },
  )

  const tandemIdOf = (params: unknown) => {
    const parsed = TandemOnlyParams.safeParse(params)
    if (!parsed.success) throw new NotFoundError()
    return parsed.data.id
  }
  const tandemAgain = async (req: { actor?: Actor }, reply: FastifyReply, id: string, form: FormState) => {
    const data = await service.viewTandem(deps, req.actor, id)
    return reply.page(TandemPage({ ctx: reply.ctx(), data, form }), 422)
  }
  const backToTandem = (reply: FastifyReply, id: string) => reply.redirect(`/mentoring/tandems/${id}`, 303)

  app.get('/mentoring/tandems/:id', { config: { access: 'signed-in' } }, async (req, reply) => {
    const data = await service.viewTandem(deps, req.actor, tandemIdOf(req.params))
    return reply.page(TandemPage({ ctx: reply.ctx(), data }))
  })

  app.post('/mentoring/tandems/:id/contact', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = tandemIdOf(req.params)
    const form = parseForm(ContactInput, req.body)
    if (!form.ok) return tandemAgain(req, reply, id, form)
    await service.shareContact(deps, req.actor, id, form.data.contact, { requestId: req.requestId })
    req.flash('success', 'mentoring.flash.contactSaved')
    return backToTandem(reply, id)
  })

  app.post('/mentoring/tandems/:id/goals', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = tandemIdOf(req.params)
    const form = parseForm(GoalInput, req.body)
    if (!form.ok) return tandemAgain(req, reply, id, form)
    try {
      await service.addGoal(deps, req.actor, id, form.data.text, { requestId: req.requestId })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return tandemAgain(req, reply, id, { values: form.data, errors: { [err.field]: err.code } })
    }
    req.flash('success', 'mentoring.flash.goalAdded')
    return backToTandem(reply, id)
  })

  app.post(
    '/mentoring/tandems/:id/goals/:goalId/remove',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const params = GoalParams.safeParse(req.params)
      if (!params.success) throw new NotFoundError()
      await service.removeGoal(deps, req.actor, params.data.id, params.data.goalId, {
        requestId: req.requestId,
      })
      req.flash('success', 'mentoring.flash.goalRemoved')
      return backToTandem(reply, params.data.id)
    },
  )

  app.post('/mentoring/tandems/:id/check-ins', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = tandemIdOf(req.params)
    const form = parseForm(CheckInInput, req.body)
    if (!form.ok) return tandemAgain(req, reply, id, form)
    try {
      await service.logCheckIn(deps, req.actor, id, form.data, { requestId: req.requestId })
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return tandemAgain(req, reply, id, { errors: { [err.field]: err.code } })
    }
    req.flash('success', 'mentoring.flash.checkInLogged')
    return backToTandem(reply, id)
  })

  app.post('/mentoring/tandems/:id/review', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = tandemIdOf(req.params)
    const form = parseForm(ReviewInput, req.body)
    if (!form.ok) return tandemAgain(req, reply, id, form)
    await service.reviewTandem(deps, req.actor, id, form.data, { requestId: req.requestId })
    req.flash('success', 'mentoring.flash.reviewed')
    return backToTandem(reply, id)
  })

  app.post('/mentoring/tandems/:id/help', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = tandemIdOf(req.params)
    const form = parseForm(NoteInput, req.body)
    if (!form.ok) return tandemAgain(req, reply, id, form)
    await service.askForHelp(deps, env, req.actor, id, form.data.note, { requestId: req.requestId })
    req.flash('success', 'mentoring.flash.helpAsked')
    return backToTandem(reply, id)
  })

  app.post('/mentoring/tandems/:id/end', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = tandemIdOf(req.params)
    const form = parseForm(NoteInput, { note: (req.body as Record<string, unknown> | undefined)?.reason })
    if (!form.ok)
      return tandemAgain(req, reply, id, { errors: { reason: form.errors.note ?? 'common.form.required' } })
    await service.endTandem(deps, env, req.actor, id, form.data.note, { requestId: req.requestId })
    req.flash('success', 'mentoring.flash.ended')
    return backToTandem(reply, id)
  })
}
