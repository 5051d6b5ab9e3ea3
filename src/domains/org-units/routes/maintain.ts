import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { FieldError } from '../../../platform/errors.js'
import { parseForm } from '../../../platform/http/forms.js'
import { idOf } from '../../../platform/http/routes.js'
import type { MessageKey } from '../../../platform/i18n/index.js'
import {
  DissolveUnitInput,
  MergeUnitInput,
  MoveUnitInput,
  NewUnitInput,
  TerritoryInput,
  UnitDetailsInput,
} from '../input.js'
import {
  createChildUnit,
  dissolveUnit,
  mergeUnitInto,
  moveUnitBelow,
  setUnitTerritory,
  updateUnitDetails,
  viewUnitMaintenance,
} from '../service/maintain.js'
import { type Failed, type MaintenanceForm, UnitMaintenancePage } from '../views/maintain.js'

/** The form's values as sent, to refill it (the confirmation box is never ticked again). */
function sentValues(body: unknown) {
  const out: Record<string, string> = {}
  if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body))
      if (k !== '_csrf' && k !== 'confirm' && typeof v === 'string') out[k] = v
  return out
}

export async function maintainRoutes(app: FastifyInstance) {
  const deps = app.deps

  async function page(req: FastifyRequest, reply: FastifyReply, id: string, failed: Failed) {
    // A merge form sent back shows what the merge would do with local groups' postal codes.
    const mergeInto = failed?.form === 'merge' ? failed.state.values?.intoId : undefined
    const data = await viewUnitMaintenance(deps, req.actor, id, {
      ...(typeof mergeInto === 'string' && mergeInto ? { mergeInto } : {}),
    })
    return reply.page(UnitMaintenancePage({ ctx: reply.ctx(), data, failed }), failed ? 422 : 200)
  }

  /**
   * One POST route per form: check the actor may open the page (403 before any field is read), parse the
   * form, run the use case; field errors re-render the page with the failed form, anything else is thrown.
   */
  function post<S extends z.ZodType>(
    path: string,
    form: MaintenanceForm,
    schema: S,
    run: (
      req: FastifyRequest,
      id: string,
      data: z.infer<S>,
    ) => Promise<{ redirect: string; flash: MessageKey }>,
  ) {
    app.post(path, { config: { access: 'board' } }, async (req, reply) => {
      const id = idOf(req)
      await viewUnitMaintenance(deps, req.actor, id)
      const parsed = parseForm(schema, req.body)
      if (!parsed.ok)
        return page(req, reply, id, { form, state: { ...parsed, values: sentValues(req.body) } })
      try {
        const done = await run(req, id, parsed.data)
        req.flash('success', done.flash)
        return reply.redirect(done.redirect, 303)
      } catch (err) {
        if (!(err instanceof FieldError)) throw err
        const params = Object.keys(err.params).length > 0 ? { [err.field]: err.params } : undefined
        return page(req, reply, id, {
          form,
          state: { values: sentValues(req.body), errors: { [err.field]: err.code }, params },
        })
      }
    })
  }

  app.get('/units/:id/manage', { config: { access: 'board' } }, async (req, reply) =>
    page(req, reply, idOf(req), undefined),
  )

  const meta = (req: FastifyRequest) => ({ requestId: req.requestId })

  post('/units/:id/details', 'details', UnitDetailsInput, async (req, id, data) => {
    await updateUnitDetails(deps, req.actor, id, data, meta(req))
    return { redirect: `/units/${id}/manage`, flash: 'orgUnits.maintain.flash.saved' }
  })

  post('/units/:id/territory', 'territory', TerritoryInput, async (req, id, data) => {
    await setUnitTerritory(deps, req.actor, id, data, meta(req))
    return { redirect: `/units/${id}/manage`, flash: 'orgUnits.maintain.flash.territory' }
  })

  post('/units/:id/move', 'move', MoveUnitInput, async (req, id, data) => {
    await moveUnitBelow(deps, req.actor, id, data.parentId, meta(req))
    return { redirect: `/units/${id}/manage`, flash: 'orgUnits.maintain.flash.moved' }
  })

  post('/units/:id/merge', 'merge', MergeUnitInput, async (req, id, data) => {
    const { into, postalCodeConflicts } = await mergeUnitInto(deps, req.actor, id, data.intoId, meta(req), {
      postalCodeConflictsSeen: data.postalCodeConflicts,
    })
    return {
      redirect: `/units/${into.id}`,
      flash:
        postalCodeConflicts.length > 0
          ? 'orgUnits.maintain.flash.mergedPostalCodes'
          : 'orgUnits.maintain.flash.merged',
    }
  })

  post('/units/:id/dissolve', 'dissolve', DissolveUnitInput, async (req, id) => {
    const unit = await dissolveUnit(deps, req.actor, id, meta(req))
    return { redirect: `/units/${unit.parentId ?? unit.id}`, flash: 'orgUnits.maintain.flash.dissolved' }
  })

  post('/units/:id/children', 'child', NewUnitInput, async (req, id, data) => {
    const unit = await createChildUnit(deps, req.actor, id, data, meta(req))
    return { redirect: `/units/${unit.id}/manage`, flash: 'orgUnits.maintain.flash.created' }
  })
}
