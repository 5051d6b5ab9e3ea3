import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NotFoundError } from '../../platform/errors.js'
import { parseForm } from '../../platform/http/forms.js'
import { failedForm, idOf } from '../../platform/http/routes.js'
import { translator } from '../../platform/i18n/index.js'
import { pdfHeaders, renderPdf } from '../../platform/pdf/document.js'
import type { FormState } from '../../platform/views/components.js'
import { reportsFeed } from './feed.js'
import {
  AddSectionInput,
  EditReportInput,
  PublishReportInput,
  ReportSettingsInput,
  SectionHeading,
  SectionText,
  StartReportInput,
  VersionParams,
} from './input.js'
import { reportDocument, reportMarkdown } from './print.js'
import {
  addSection,
  approveReport,
  listPublicReports,
  listUnitReports,
  publishReport,
  restoreVersion,
  saveReport,
  setReportSettings,
  startReport,
  viewReport,
  viewReportOverview,
  viewVersion,
} from './service.js'
import {
  ReportEditPage,
  ReportListPage,
  ReportOverviewPage,
  ReportPage,
  ReportVersionPage,
  UnitReportsSection,
} from './views.js'

function versionOf(req: FastifyRequest) {
  const parsed = VersionParams.safeParse(req.params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data
}

/** Each section's text and switch from the editor's form: `section_<id>`, `hide_<id>`, `heading_<id>`. */
function sectionTexts(body: unknown) {
  const out: Record<string, { body: string; hidden: boolean; heading?: string }> = {}
  const fields = (body ?? {}) as Record<string, unknown>
  for (const [name, value] of Object.entries(fields)) {
    const m = /^section_([0-9a-f-]{36})$/.exec(name)
    if (!m) continue
    const text = SectionText.safeParse(value)
    const heading = SectionHeading.safeParse(fields[`heading_${m[1]}`])
    out[m[1]!] = {
      body: text.success ? text.data : '',
      hidden: fields[`hide_${m[1]}`] === 'on',
      ...(heading.success && heading.data ? { heading: heading.data } : {}),
    }
  }
  return out
}

export async function reportRoutes(app: FastifyInstance) {
  const { deps } = app

  async function renderList(req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) {
    const data = await listUnitReports(deps, req.actor, idOf(req))
    return reply.page(ReportListPage({ ctx: reply.ctx(), data, form }), status)
  }

  app.unitSections.push(async (ctx, unit, actor) => {
    const data = await listUnitReports(deps, actor, unit.id)
    const published = data.reports.filter((r) => r.status === 'published')
    if (published.length === 0 && !data.canStart) return null
    return UnitReportsSection({ ctx, unit: data.unit, reports: published.slice(0, 3) })
  })

  // Everyone may open a unit's list; what it holds depends on who asks (the policy's `reportsSeen`).
  app.get('/units/:id/reports', { config: { access: 'public' } }, (req, reply) => renderList(req, reply, {}))

  app.get('/units/:id/reports/overview', { config: { access: 'state_office' } }, async (req, reply) => {
    const data = await viewReportOverview(deps, req.actor, idOf(req))
    return reply.page(ReportOverviewPage({ ctx: reply.ctx(), data }))
  })

  app.get('/units/:id/reports.atom', { config: { access: 'public' } }, async (req, reply) => {
    const { unit, reports } = await listPublicReports(deps, idOf(req))
    return reply
      .type('application/atom+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(reportsFeed(app.config, translator(app.config.i18n.defaultLocale), unit, reports))
  })

  app.post('/units/:id/reports', { config: { access: 'board' } }, async (req, reply) => {
    const form = parseForm(StartReportInput, req.body)
    if (!form.ok) return renderList(req, reply, form, 422)
    try {
      const report = await startReport(deps, req.actor, idOf(req), form.data, req.requestId)
      req.flash('success', 'reports.flash.started')
      return reply.redirect(`/reports/${report.id}`, 303)
    } catch (err) {
      return renderList(req, reply, failedForm(err, req.body), 422)
    }
  })

  app.post('/units/:id/reports/settings', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(ReportSettingsInput, req.body)
    if (!form.ok) return renderList(req, reply, form, 422)
    await setReportSettings(deps, req.actor, id, form.data, req.requestId)
    req.flash('success', 'reports.flash.settings')
    return reply.redirect(`/units/${id}/reports`, 303)
  })

  async function renderReport(req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) {
    const data = await viewReport(deps, req.actor, idOf(req))
    const ctx = reply.ctx()
    return reply.page(data.canWrite ? ReportEditPage({ ctx, data, form }) : ReportPage({ ctx, data }), status)
  }

  app.get('/reports/:id', { config: { access: 'public' } }, (req, reply) => renderReport(req, reply, {}))

  // The draft as its readers will see it, for the board that writes it.
  app.get('/reports/:id/preview', { config: { access: 'board' } }, async (req, reply) => {
    const data = await viewReport(deps, req.actor, idOf(req))
    if (!data.canWrite) throw new NotFoundError()
    return reply.page(ReportPage({ ctx: reply.ctx(), data, preview: true }))
  })

  /** The report as a file name people keep: the unit, the title and the period's end. */
  function fileName(data: Awaited<ReturnType<typeof viewReport>>, ext: string) {
    const base = `${data.unit.shortName ?? data.unit.name} ${data.report.title} ${data.report.periodTo}`
      .normalize('NFKD')
      .replace(/[^\w .-]+/g, '')
      .replace(/\s+/g, '-')
      .slice(0, 120)
    return `${base || 'bericht'}.${ext}`
  }

  app.get('/reports/:id/pdf', { config: { access: 'public' } }, async (req, reply) => {
    const data = await viewReport(deps, req.actor, idOf(req))
    const pdf = await renderPdf(reportDocument(reply.ctx(), data, app.config.http.publicUrl), deps.now())
    return reply.headers(pdfHeaders(fileName(data, 'pdf'))).send(pdf)
  })

  app.get('/reports/:id/markdown', { config: { access: 'public' } }, async (req, reply) => {
    const data = await viewReport(deps, req.actor, idOf(req))
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(data, 'md')}"`)
      .header('cache-control', 'private, no-store')
      .send(reportMarkdown(reply.ctx(), data, app.config.http.publicUrl))
  })

  app.post('/reports/:id', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(EditReportInput, req.body)
    if (!form.ok) return renderReport(req, reply, form, 422)
    try {
      await saveReport(deps, req.actor, id, form.data, sectionTexts(req.body), req.requestId)
      req.flash('success', 'reports.flash.saved')
      return reply.redirect(`/reports/${id}`, 303)
    } catch (err) {
      return renderReport(req, reply, failedForm(err, req.body), 422)
    }
  })

  app.post('/reports/:id/sections', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(AddSectionInput, req.body)
    if (!form.ok) return renderReport(req, reply, form, 422)
    try {
      const section = await addSection(deps, req.actor, id, form.data, req.requestId)
      req.flash('success', 'reports.flash.sectionAdded')
      return reply.redirect(`/reports/${id}#section-${section.id}`, 303)
    } catch (err) {
      return renderReport(req, reply, failedForm(err, req.body), 422)
    }
  })

  app.post('/reports/:id/approve', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    try {
      await approveReport(deps, req.actor, id, req.requestId)
    } catch (err) {
      return renderReport(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'reports.flash.approved')
    return reply.redirect(`/reports/${id}`, 303)
  })

  app.get('/reports/:id/versions/:version', { config: { access: 'board' } }, async (req, reply) => {
    const { id, version } = versionOf(req)
    const data = await viewVersion(deps, req.actor, id, version)
    return reply.page(ReportVersionPage({ ctx: reply.ctx(), data }))
  })

  app.post('/reports/:id/versions/:version/restore', { config: { access: 'board' } }, async (req, reply) => {
    const { id, version } = versionOf(req)
    try {
      await restoreVersion(deps, req.actor, id, version, req.requestId)
    } catch (err) {
      return renderReport(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'reports.flash.restored')
    return reply.redirect(`/reports/${id}`, 303)
  })

  app.post('/reports/:id/publish', { config: { access: 'board' } }, async (req, reply) => {
    const id = idOf(req)
    const form = parseForm(PublishReportInput, req.body)
    if (!form.ok) return renderReport(req, reply, form, 422)
    try {
      await publishReport(deps, app.config, req.actor, id, form.data, req.requestId)
    } catch (err) {
      return renderReport(req, reply, failedForm(err, req.body), 422)
    }
    req.flash('success', 'reports.flash.published')
    return reply.redirect(`/reports/${id}`, 303)
  })
}
