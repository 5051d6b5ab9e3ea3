import type { FastifyInstance } from 'fastify'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { parseForm } from '../../../platform/http/forms.js'
import type { FormState } from '../../../platform/views/components.js'
import { GrantParams, GrantRoleInput, RolesQuery } from '../input.js'
import { findGrantee, grantRole, revokeRole, viewRoleAssignments } from '../service.js'
import { AdminHomePage, RolesPage } from '../views/admin.js'

const rolesUrl = (email: string | undefined) =>
  email ? `/admin/roles?email=${encodeURIComponent(email)}` : '/admin/roles'

export async function adminRoutes(app: FastifyInstance) {
  app.get('/admin', { config: { access: 'admin' } }, async (_req, reply) => {
    return reply.page(AdminHomePage({ ctx: reply.ctx() }))
  })

  app.get('/admin/roles', { config: { access: 'admin' } }, async (req, reply) => {
    const parsed = RolesQuery.safeParse(req.query)
    const query = parsed.success ? parsed.data : {}
    const data = await viewRoleAssignments(app.deps, req.actor, query)
    return reply.page(
      RolesPage({
        ctx: reply.ctx(),
        email: query.email ?? '',
        unitQ: query.unitQ ?? '',
        ...data,
        form: {},
      }),
    )
  })

  app.post('/admin/roles/grant', { config: { access: 'admin' } }, async (req, reply) => {
    const form = parseForm(GrantRoleInput, req.body)
    const unitQ = RolesQuery.safeParse(req.body).data?.unitQ
    let failed: FormState
    if (form.ok) {
      try {
        const { grantee } = await grantRole(
          app.deps,
          req.actor,
          form.data,
          { requestId: req.requestId },
          { publicUrl: app.config.http.publicUrl, mfaRequired: app.config.auth.mfaRequired },
        )
        req.flash('success', 'orgUnits.roles.flash.granted')
        return reply.redirect(rolesUrl(grantee.email), 303)
      } catch (err) {
        if (!(err instanceof FieldError)) throw err
        failed = {
          values: { unitId: form.data.unitId, role: form.data.role },
          errors: { [err.field]: err.code },
        }
      }
    } else {
      failed = form
    }
    const userId = GrantRoleInput.shape.userId.safeParse(
      (req.body as { userId?: unknown } | undefined)?.userId,
    )
    const grantee = userId.success ? await findGrantee(app.deps, userId.data) : undefined
    if (!grantee) throw new NotFoundError()
    const data = await viewRoleAssignments(app.deps, req.actor, { email: grantee.email, unitQ })
    return reply.page(
      RolesPage({ ctx: reply.ctx(), email: grantee.email, unitQ: unitQ ?? '', ...data, form: failed }),
      422,
    )
  })

  app.post('/admin/roles/grants/:grantId/revoke', { config: { access: 'admin' } }, async (req, reply) => {
    const params = GrantParams.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const { grantee } = await revokeRole(app.deps, req.actor, params.data.grantId, {
      requestId: req.requestId,
    })
    req.flash('success', 'orgUnits.roles.flash.revoked')
    return reply.redirect(rolesUrl(grantee?.email), 303)
  })
}
