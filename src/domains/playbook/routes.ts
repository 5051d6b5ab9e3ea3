import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { FieldError } from '../../platform/errors.js'
import { parseForm } from '../../platform/http/forms.js'
import { idOf } from '../../platform/http/routes.js'
import { isUpload } from '../../platform/http/uploads.js'
import type { FormState } from '../../platform/views/components.js'
import { extensionOf } from './images.js'
import { EntryInput, ListQuery } from './input.js'
import * as service from './service.js'
import {
  EntryFormPage,
  PartnershipSection,
  PlaybookEntryPage,
  PlaybookListPage,
  VersionsPage,
} from './views.js'

const tagsOf = (body: unknown) => {
  const v = (body as Record<string, unknown> | undefined)?.tags
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')
}

const stringsOf = (body: unknown) =>
  Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>

export async function playbookRoutes(app: FastifyInstance) {
  const deps = app.deps

  // On a partnership's page: its good-practice stories the visitor may read, and the way to the tips.
  app.partnershipSections.push(async (ctx, partnership, actor) => {
    const stories = await service.storiesOf(deps, actor, partnership.id)
    return PartnershipSection({ ctx, stories })
  })

  app.get('/playbook', { config: { access: 'public' } }, async (req, reply) => {
    const data = await service.listPlaybook(deps, req.actor, ListQuery.parse(req.query ?? {}))
    return reply.page(PlaybookListPage({ ctx: reply.ctx(), data }))
  })

  app.get('/playbook/new', { config: { access: 'state_office' } }, async (req, reply) => {
    const units = await service.editorialUnits(deps, req.actor)
    return reply.page(EntryFormPage({ ctx: reply.ctx(), units, form: {}, tags: [] }))
  })

  app.post('/playbook', { config: { access: 'state_office' } }, async (req, reply) => {
    const units = await service.editorialUnits(deps, req.actor)
    const render = (form: FormState) =>
      reply.page(EntryFormPage({ ctx: reply.ctx(), units, form, tags: tagsOf(req.body) }), 422)
    const form = parseForm(EntryInput, req.body)
    if (!form.ok) return render(form)
    try {
      const entry = await service.createEntry(deps, req.actor, form.data, { requestId: req.requestId })
      req.flash('success', 'playbook.flash.created')
      return reply.redirect(`/playbook/${entry.id}`, 303)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return render({ values: stringsOf(req.body), errors: { [err.field]: err.code } as FormState['errors'] })
    }
  })

  app.get('/playbook/images/:id', { config: { access: 'public' } }, async (req, reply) => {
    const image = await service.readImage(deps, req.actor, idOf(req))
    return reply
      .header('content-type', image.contentType)
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-disposition',
        `inline; filename="wissenswerk-${image.id}.${extensionOf[image.contentType]}"`,
      )
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .send(image.data)
  })

  app.get('/playbook/:id', { config: { access: 'public' } }, async (req, reply) => {
    const data = await service.viewEntry(deps, req.actor, idOf(req))
    return reply.page(PlaybookEntryPage({ ctx: reply.ctx(), data }))
  })

  async function renderEdit(
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState,
    status?: number,
  ) {
    const edit = await service.prepareEdit(deps, req.actor, id)
    const tags = form.values ? tagsOf(req.body) : edit.entry.tags
    return reply.page(EntryFormPage({ ctx: reply.ctx(), units: edit.units, form, edit, tags }), status)
  }

  app.get('/playbook/:id/edit', { config: { access: 'state_office' } }, async (req, reply) =>
    renderEdit(req, reply, idOf(req), {}),
  )

  app.post('/playbook/:id', { config: { access: 'state_office' } }, async (req, reply) => {
    const id = idOf(req)
    await service.prepareEdit(deps, req.actor, id)
    const form = parseForm(EntryInput, req.body)
    if (!form.ok) return renderEdit(req, reply, id, form, 422)
    const version = Number((req.body as Record<string, unknown>).version)
    try {
      await service.updateEntry(deps, req.actor, id, form.data, Number.isInteger(version) ? version : -1, {
        requestId: req.requestId,
      })
      req.flash('success', 'playbook.flash.updated')
      return reply.redirect(`/playbook/${id}`, 303)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return renderEdit(
        req,
        reply,
        id,
        { values: stringsOf(req.body), errors: { [err.field]: err.code } as FormState['errors'] },
        422,
      )
    }
  })

  app.get('/playbook/:id/versions', { config: { access: 'state_office' } }, async (req, reply) => {
    const data = await service.listEntryVersions(deps, req.actor, idOf(req))
    return reply.page(VersionsPage({ ctx: reply.ctx(), data }))
  })

  // The image form is multipart; the file is read after the access and CSRF checks, up to a little over the limit,
  // so a file just above it gets the field error rather than a refusal.
  const imageConfig = {
    access: 'state_office' as const,
    upload: { maxBytes: service.maxImageBytes + 64 * 1024 },
  }
  app.post('/playbook/:id/images', { config: imageConfig }, async (req, reply) => {
    const id = idOf(req)
    await service.prepareEdit(deps, req.actor, id)
    const upload = isUpload(req) ? await req.readUpload() : undefined
    try {
      await service.uploadImage(deps, req.actor, id, upload?.file, { requestId: req.requestId })
      req.flash('success', 'playbook.flash.uploaded')
      return reply.redirect(`/playbook/${id}/edit#images-heading`, 303)
    } catch (err) {
      if (!(err instanceof FieldError)) throw err
      return renderEdit(req, reply, id, { errors: { [err.field]: err.code } as FormState['errors'] }, 422)
    }
  })
}
