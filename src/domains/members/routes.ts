import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { FieldError, NotFoundError } from '../../platform/errors.js'
import { parseForm } from '../../platform/http/forms.js'
import type { MessageKey } from '../../platform/i18n/index.js'
import { ExportPurpose, ImportForm, MemberListQuery, MessageMemberInput, MoveMemberInput } from './input.js'
import { IMPORT_MAX_BYTES, sampleMemberCsv } from './member-csv.js'
import {
  exportMemberList,
  getImportFederation,
  importMembers,
  messageMember,
  moveMember,
  viewMember,
  viewMemberList,
} from './service.js'
import { MemberImportPage, MemberImportResultPage, MemberListPage, MemberPage, memberCsv } from './views.js'

const Params = z.object({ id: z.uuid() })

/** A member export of 150,000 rows is about 15 MB; the limit leaves room for long names and addresses. */

export async function membersRoutes(app: FastifyInstance) {
  app.get('/units/:id/members', { config: { access: 'signed-in' } }, async (req, reply) => {
    const params = Params.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const query = MemberListQuery.parse(req.query ?? {})
    const data = await viewMemberList(app.deps, req.actor, params.data.id, query)
    return reply.page(MemberListPage({ ctx: reply.ctx(), ...data, query }))
  })

  app.get('/units/:id/members.csv', { config: { access: 'signed-in' } }, async (req, reply) => {
    const params = Params.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const query = MemberListQuery.parse(req.query ?? {})
    const purpose = ExportPurpose.safeParse(req.query ?? {})
    if (!purpose.success) {
      const data = await viewMemberList(app.deps, req.actor, params.data.id, query)
      return reply.page(MemberListPage({ ctx: reply.ctx(), ...data, query, exportError: true }), 422)
    }
    const { rows } = await exportMemberList(app.deps, req.actor, params.data.id, query, purpose.data.purpose)
    const t = reply.ctx().t
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="mitglieder.csv"')
      .header('cache-control', 'no-store')
      .send(memberCsv(t, rows))
  })

  app.get('/members/:id', { config: { access: 'signed-in' } }, async (req, reply) => {
    const params = Params.safeParse(req.params)
    if (!params.success) throw new NotFoundError()
    const data = await viewMember(app.deps, req.actor, params.data.id)
    return reply.page(MemberPage({ ctx: reply.ctx(), data }))
  })

  /**
   * A form on a member's page: 404 before any field is read for a member the actor may not see; field errors
   * show the page again with the form as sent (422); done, back to the page with a notice.
   */
  function memberForm<S extends z.ZodType>(
    action: string,
    schema: S,
    fields: readonly string[],
    flash: MessageKey,
    run: (req: FastifyRequest, id: string, input: z.infer<S>) => Promise<unknown>,
  ) {
    app.post(`/members/:id/${action}`, { config: { access: 'board' } }, async (req, reply) => {
      const params = Params.safeParse(req.params)
      if (!params.success) throw new NotFoundError()
      const id = params.data.id
      const data = await viewMember(app.deps, req.actor, id)
      const sent = (req.body ?? {}) as Record<string, unknown>
      const values = Object.fromEntries(
        fields.map((f) => [f, typeof sent[f] === 'string' ? (sent[f] as string) : '']),
      )
      const parsed = parseForm(schema, req.body)
      if (!parsed.ok)
        return reply.page(MemberPage({ ctx: reply.ctx(), data, form: { ...parsed, values } }), 422)
      try {
        await run(req, id, parsed.data)
      } catch (err) {
        if (!(err instanceof FieldError)) throw err
        const form = { values, errors: { [err.field]: err.code } }
        return reply.page(MemberPage({ ctx: reply.ctx(), data, form }), 422)
      }
      req.flash('success', flash)
      return reply.redirect(`/members/${id}`, 303)
    })
  }

  memberForm(
    'placement',
    MoveMemberInput,
    ['homeUnitId', 'localUnitId'],
    'members.move.flash',
    (req, id, input) => moveMember(app.deps, app.config, req.actor, id, input, { requestId: req.requestId }),
  )

  memberForm('message', MessageMemberInput, ['subject', 'text'], 'members.message.flash', (req, id, input) =>
    messageMember(app.deps, app.config, req.actor, id, input, { requestId: req.requestId }),
  )

  app.get('/admin/members/import', { config: { access: 'admin' } }, async (req, reply) => {
    await getImportFederation(app.deps, req.actor)
    return reply.page(MemberImportPage({ ctx: reply.ctx(), state: { kind: 'empty' } }))
  })

  // The sample file the import page offers: what the importer takes, to fill with the party's own export.
  app.get('/admin/members/import/sample.csv', { config: { access: 'admin' } }, async (req, reply) => {
    await getImportFederation(app.deps, req.actor)
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="mitglieder-beispiel.csv"')
      .send(sampleMemberCsv())
  })

  app.post(
    '/admin/members/import',
    { config: { access: 'admin', upload: { maxBytes: IMPORT_MAX_BYTES } } },
    async (req, reply) => {
      // Only the admin of the federation may import: refused before a byte of the file is read.
      await getImportFederation(app.deps, req.actor)
      const { fields, file } = await req.readUpload()
      const form = ImportForm.safeParse(fields)
      const goodOnly = form.success && form.data.goodOnly
      // A form sent without a file (or without choosing one) has no file part or one without a name.
      if (file?.fieldName !== 'file' || file.fileName === '') {
        return reply.page(
          MemberImportPage({
            ctx: reply.ctx(),
            state: { kind: 'file-rejected', problem: { key: 'members.import.problems.noFile' } },
          }),
          422,
        )
      }
      const outcome = await importMembers(app.deps, req.actor, {
        csv: file.data,
        fileName: file.fileName,
        mode: goodOnly ? 'good-only' : 'all-or-nothing',
      })
      if (outcome.kind === 'imported')
        return reply.page(MemberImportResultPage({ ctx: reply.ctx(), outcome }))
      return reply.page(MemberImportPage({ ctx: reply.ctx(), state: outcome }), 422)
    },
  )
}
