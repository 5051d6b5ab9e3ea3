import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BadRequestError, FieldError } from '../../platform/errors.js'
import { type FormValues, formValues, parseForm } from '../../platform/http/forms.js'
import { failedForm, idOf } from '../../platform/http/routes.js'
import { isUpload, type Upload } from '../../platform/http/uploads.js'
import type { FormState } from '../../platform/views/components.js'
import {
  ImportInput,
  MeasureDeleteInput,
  MeasureEditInput,
  MeasureInput,
  MeasureQuery,
  ProgressInput,
  ResolutionEditInput,
} from './input.js'
import * as service from './service/index.js'
import {
  ImportPage,
  MeasureEditPage,
  MeasureFormPage,
  MeasurePage,
  ResolutionEditPage,
  ResolutionPage,
  StateComparisonPage,
  UnitResolutionsPage,
  UnitResolutionsSection,
} from './views/index.js'

/** The form's fields, from a form body or from a multipart one (the import form sends a file). */
function plainFields(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {}
}

/** The ticked boxes of a checkbox group. */
function ticked(fields: Record<string, unknown>, name: string) {
  return ([] as unknown[]).concat(fields[name] ?? []).filter((x): x is string => typeof x === 'string')
}

const MAX_FILE_BYTES = 1024 * 1024

/** The text of an uploaded file, when one was chosen: UTF-8 only, at most a megabyte. */
function uploadedText(file: Upload['file']): string | FieldError | undefined {
  if (file?.fieldName !== 'file' || file.fileName === '') return undefined
  const buffer = file.data
  if (buffer.length === 0) return undefined
  if (buffer.length > MAX_FILE_BYTES) return new FieldError('text', 'resolutions.import.problems.tooLong')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer)
  } catch {
    return new FieldError('text', 'resolutions.errors.encoding')
  }
}

const headerFields = ['code', 'title', 'committee', 'decidedOn', 'agendaItem'] as const

/** The values to refill the import form with; an emptied header field shows what the text says. */
function importValues(fields: Record<string, unknown>, text: string): FormValues {
  const values = formValues(fields)
  for (const k of headerFields) if (values[k]?.trim() === '') delete values[k]
  return { ...values, text }
}

export async function resolutionsRoutes(app: FastifyInstance) {
  const deps = app.deps

  app.unitSections.push(async (ctx, unit, actor) => {
    const data = await service.viewUnitResolutions(deps, actor, unit.id)
    if (data.resolutions.length === 0 && data.measures.length === 0) return null
    return UnitResolutionsSection({ ctx, data })
  })

  app.get('/units/:id/resolutions', { config: { access: 'public' } }, async (req, reply) => {
    const data = await service.viewUnitResolutions(deps, req.actor, idOf(req))
    return reply.page(UnitResolutionsPage({ ctx: reply.ctx(), data }))
  })

  app.get('/units/:id/resolutions/compare', { config: { access: 'public' } }, async (req, reply) => {
    const data = await service.viewStateComparison(deps, req.actor, idOf(req))
    return reply.page(StateComparisonPage({ ctx: reply.ctx(), data }))
  })

  app.get('/units/:id/resolutions/import', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { unit, candidates } = await service.viewImportForm(deps, req.actor, idOf(req))
    return reply.page(ImportPage({ ctx: reply.ctx(), unit, candidates, form: {} }))
  })

  // The form is multipart (it may carry a file); the file is read after the access and CSRF checks, up to twice
  // the text's limit, so a file just above it gets the field error rather than a refusal.
  const importConfig = { access: 'signed-in' as const, upload: { maxBytes: 2 * MAX_FILE_BYTES } }
  app.post('/units/:id/resolutions/import', { config: importConfig }, async (req, reply) => {
    const unitId = idOf(req)
    const multipart = isUpload(req) ? await req.readUpload() : undefined
    const fields = plainFields(multipart ? multipart.fields : req.body)
    const upload = uploadedText(multipart?.file)
    if (typeof upload === 'string') fields.text = upload
    const text = typeof fields.text === 'string' ? fields.text : ''
    const values = importValues(fields, text)
    const addressees = ticked(fields, 'addressees')
    const render = async (form: FormState, status?: number) => {
      // The preview of what could be read: the fields in error left out, so their inputs show beside it.
      const readable = Object.fromEntries(
        Object.entries(fields).filter(([k]) => k === 'text' || !form.errors?.[k]),
      )
      const parsedForm = ImportInput.safeParse({ ...readable, step: 'preview' })
      const preview = parsedForm.success
        ? await service.previewResolutionImport(deps, req.actor, unitId, parsedForm.data)
        : { ...(await service.viewImportForm(deps, req.actor, unitId)), preview: undefined }
      const { unit, candidates } = preview
      return reply.page(
        ImportPage({
          ctx: reply.ctx(),
          unit,
          candidates,
          form,
          addressees,
          preview: 'parsed' in preview ? preview : undefined,
        }),
        status,
      )
    }
    if (upload instanceof FieldError) return render({ ...failedForm(upload, fields), values }, 422)
    const form = parseForm(ImportInput, fields)
    if (!form.ok) return render({ ...form, values }, 422)
    if (form.data.step === 'preview') {
      const preview = await service.previewResolutionImport(deps, req.actor, unitId, form.data)
      return reply.page(
        ImportPage({
          ctx: reply.ctx(),
          unit: preview.unit,
          candidates: preview.candidates,
          form: { values },
          addressees,
          preview,
        }),
        form.data.text.trim() === '' || preview.blocked ? 422 : 200,
      )
    }
    try {
      const resolution = await service.importResolution(deps, req.actor, unitId, form.data, req.requestId)
      req.flash('success', 'resolutions.flash.imported')
      return reply.redirect(`/resolutions/${resolution.id}`, 303)
    } catch (err) {
      return render({ ...failedForm(err, fields), values }, 422)
    }
  })

  app.get('/resolutions/:id', { config: { access: 'public' } }, async (req, reply) => {
    const data = await service.viewResolution(deps, req.actor, idOf(req))
    return reply.page(ResolutionPage({ ctx: reply.ctx(), data }))
  })

  async function renderMeasureForm(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    range: { from?: number; to?: number; unitIds?: string[] },
    status?: number,
  ) {
    const data = await service.viewMeasureForm(deps, req.actor, idOf(req))
    return reply.page(MeasureFormPage({ ctx: reply.ctx(), data, form, ...range }), status)
  }

  app.get('/resolutions/:id/measures/new', { config: { access: 'signed-in' } }, async (req, reply) => {
    const { from, to } = MeasureQuery.parse(req.query ?? {})
    return renderMeasureForm(req, reply, {}, { from, to: to ?? from })
  })

  app.post('/resolutions/:id/measures', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const fields = plainFields(req.body)
    const unitIds = ticked(fields, 'unitIds')
    const range = MeasureQuery.parse({ from: fields.fromLine, to: fields.toLine })
    const form = parseForm(MeasureInput, fields)
    if (!form.ok) return renderMeasureForm(req, reply, form, { ...range, unitIds }, 422)
    try {
      await service.createMeasure(deps, req.actor, id, form.data, req.requestId)
    } catch (err) {
      return renderMeasureForm(req, reply, failedForm(err, fields), { ...range, unitIds }, 422)
    }
    req.flash('success', 'resolutions.flash.measureCreated')
    return reply.redirect(`/resolutions/${id}#measures-heading`, 303)
  })

  async function renderMeasure(req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) {
    const data = await service.viewMeasure(deps, req.actor, idOf(req))
    return reply.page(MeasurePage({ ctx: reply.ctx(), data, form }), status)
  }

  app.get('/measures/:id', { config: { access: 'public' } }, (req, reply) => renderMeasure(req, reply, {}))

  app.post('/measures/:id/progress', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ProgressInput, req.body)
    if (!form.ok) {
      // Refuse before rendering the form to someone who may not report (403), as the use case would.
      await service.prepareProgressReport(deps, req.actor, id)
      return renderMeasure(req, reply, form, 422)
    }
    try {
      await service.reportProgress(deps, req.actor, id, form.data, req.requestId)
    } catch (err) {
      return renderMeasure(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'resolutions.flash.progressReported')
    return reply.redirect(`/measures/${id}#notes-heading`, 303)
  })

  async function renderResolutionEdit(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    addressees?: string[],
    status?: number,
  ) {
    const data = await service.viewResolutionEdit(deps, req.actor, idOf(req))
    return reply.page(ResolutionEditPage({ ctx: reply.ctx(), data, form, addressees }), status)
  }

  app.get('/resolutions/:id/edit', { config: { access: 'signed-in' } }, (req, reply) =>
    renderResolutionEdit(req, reply, {}),
  )

  app.post('/resolutions/:id/edit', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const fields = plainFields(req.body)
    const addressees = ticked(fields, 'addressees')
    const form = parseForm(ResolutionEditInput, fields)
    if (!form.ok) return renderResolutionEdit(req, reply, form, addressees, 422)
    try {
      await service.updateResolution(deps, req.actor, id, form.data, req.requestId)
    } catch (err) {
      return renderResolutionEdit(req, reply, failedForm(err, fields), addressees, 422)
    }
    req.flash('success', 'resolutions.flash.resolutionSaved')
    return reply.redirect(`/resolutions/${id}`, 303)
  })

  app.post('/resolutions/:id/delete', { config: { access: 'signed-in' } }, async (req, reply) => {
    const unit = await service.deleteResolution(deps, req.actor, idOf(req), req.requestId)
    req.flash('success', 'resolutions.flash.resolutionDeleted')
    return reply.redirect(`/units/${unit.id}/resolutions`, 303)
  })

  async function renderMeasureEdit(
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status?: number,
  ) {
    const data = await service.viewMeasureEdit(deps, req.actor, idOf(req))
    return reply.page(MeasureEditPage({ ctx: reply.ctx(), data, form }), status)
  }

  app.get('/measures/:id/edit', { config: { access: 'signed-in' } }, (req, reply) =>
    renderMeasureEdit(req, reply, {}),
  )

  app.post('/measures/:id/edit', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(MeasureEditInput, req.body)
    if (!form.ok) return renderMeasureEdit(req, reply, form, 422)
    try {
      await service.updateMeasure(deps, req.actor, id, form.data, req.requestId)
    } catch (err) {
      return renderMeasureEdit(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'resolutions.flash.measureSaved')
    return reply.redirect(`/measures/${id}`, 303)
  })

  app.post('/measures/:id/delete', { config: { access: 'signed-in' } }, async (req, reply) => {
    const parsed = MeasureDeleteInput.safeParse(plainFields(req.body))
    // The form's choices carry 'unit' or 'group'; any other scope is a request no page sends.
    if (!parsed.success) throw new BadRequestError()
    const resolutionId = await service.deleteMeasure(
      deps,
      req.actor,
      idOf(req),
      parsed.data.scope,
      req.requestId,
    )
    req.flash('success', 'resolutions.flash.measureDeleted')
    return reply.redirect(`/resolutions/${resolutionId}#measures-heading`, 303)
  })
}
