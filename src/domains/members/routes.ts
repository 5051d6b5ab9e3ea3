import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { NotFoundError } from '../../platform/http/errors.js'
import { ImportForm } from './input.js'
import { getImportFederation, importMembers, viewMemberList } from './service.js'
import { MemberImportPage, MemberImportResultPage, MemberListPage } from './views.js'

const Params = z.object({ id: z.uuid() })
const Query = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) })

/** What @fastify/multipart (attachFieldsToBody: true) puts in the body for a file part. */
type UploadedFile = { type: 'file'; filename: string; toBuffer: () => Promise<Buffer> }

function uploadedFile(body: unknown): UploadedFile | undefined {
  const file = (body as { file?: unknown } | undefined)?.file
  if (file && typeof file === 'object' && (file as { type?: unknown }).type === 'file')
    return file as UploadedFile
  return undefined
}

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

  app.post('/admin/members/import', { config: { access: 'admin' } }, async (req, reply) => {
    const file = uploadedFile(req.body)
    const form = ImportForm.safeParse(req.body ?? {})
    const goodOnly = form.success && form.data.goodOnly
    // A form sent without a file (or without choosing one) has no file part or one without a name.
    if (!file || file.filename === '') {
      await getImportFederation(app.deps, req.actor)
      return reply.page(
        MemberImportPage({
          ctx: reply.ctx(),
          state: { kind: 'file-rejected', problem: { key: 'members.import.problems.noFile' } },
        }),
        422,
      )
    }
    const outcome = await importMembers(app.deps, req.actor, {
      csv: await file.toBuffer(),
      fileName: file.filename,
      mode: goodOnly ? 'good-only' : 'all-or-nothing',
    })
    if (outcome.kind === 'imported') return reply.page(MemberImportResultPage({ ctx: reply.ctx(), outcome }))
    return reply.page(MemberImportPage({ ctx: reply.ctx(), state: outcome }), 422)
  })
}
