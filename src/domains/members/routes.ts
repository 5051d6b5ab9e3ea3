import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { NotFoundError } from '../../platform/http/errors.js'
import { ImportForm } from './input.js'
import { getImportFederation, importMembers, viewMemberList } from './service.js'
import { MemberImportPage, MemberImportResultPage, MemberListPage } from './views.js'

const Params = z.object({ id: z.uuid() })
const Query = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) })

/** A member export of 150,000 rows is about 15 MB; the limit leaves room for long names and addresses. */
const importMaxBytes = 24 * 1024 * 1024

export async function membersRoutes(app: FastifyInstance) {
  app.get('/units/:id/members', { config: { access: 'signed-in' } }, async (req, reply) => {
    const params = Params.safeParse(req.params)
    const query = Query.safeParse(req.query)
    if (!params.success || !query.success) throw new NotFoundError()
    const { unit, members } = await viewMemberList(app.deps, req.actor, params.data.id, query.data.page)
    return reply.page(MemberListPage({ ctx: reply.ctx(), unit, members }))
  })

  app.get('/admin/members/import', { config: { access: 'admin' } }, async (req, reply) => {
    await getImportFederation(app.deps, req.actor)
    return reply.page(MemberImportPage({ ctx: reply.ctx(), state: { kind: 'empty' } }))
  })

  app.post(
    '/admin/members/import',
    { config: { access: 'admin', upload: { maxBytes: importMaxBytes } } },
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
