import type { FastifyInstance } from 'fastify'
import type { ApiRegistry } from '../../../platform/http/api.js'
import { ApiDocsPage } from '../views.js'

const problemCodes = [
  ['badRequest', 400],
  ['validation', 422],
  ['invalidToken', 401],
  ['forbidden', 403],
  ['insufficientScope', 403],
  ['secondFactorRequired', 403],
  ['notFound', 404],
  ['unsupportedMediaType', 415],
  ['rateLimited', 429],
  ['unexpected', 500],
] as const

/** The OpenAPI document and its reference page, both built from the registry on each start. */
export function docsRoutes(api: ApiRegistry) {
  return async (app: FastifyInstance) => {
    let cached: ReturnType<ApiRegistry['document']> | undefined
    const document = () => {
      cached ??= api.document(`${app.config.http.publicUrl}`)
      return cached
    }

    app.get('/api/v1/openapi.json', { config: { access: 'public' } }, async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300')
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(document()))
    })

    // Outside /api/ so it is a page like the others; the document it reads is the one above.
    app.get('/api/v1/docs', { config: { access: 'public' } }, async (req, reply) => {
      const doc = document()
      const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, raw]) => {
          const op = raw as {
            operationId: string
            summary: string
            description?: string
            tags: string[]
            security: unknown[]
            parameters?: {
              name: string
              in: string
              required: boolean
              description?: string
              schema: unknown
            }[]
            requestBody?: { content: Record<string, { schema: unknown }> }
            responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>
          }
          const success = Object.entries(op.responses).find(([s]) => s.startsWith('2'))
          return {
            method: method.toUpperCase(),
            path,
            operationId: op.operationId,
            summary: op.summary,
            ...(op.description ? { description: op.description } : {}),
            tag: op.tags[0] ?? '',
            secured: op.security.length > 0,
            write: method !== 'get' && op.security.length > 0,
            parameters: op.parameters ?? [],
            body: op.requestBody?.content['application/json']?.schema,
            response: success?.[1].content?.['application/json']?.schema ?? null,
            statuses: Object.entries(op.responses).map(([status, r]) => ({
              status,
              description: r.description,
            })),
          }
        }),
      )
      const problems = problemCodes.map(([code, status]) => ({
        code,
        status,
        title: req.t(`common.errors.${code}`),
      }))
      return reply.page(
        ApiDocsPage({ ctx: reply.ctx(), operations, problems, rateLimit: app.config.api.rateLimitPerMinute }),
      )
    })
  }
}
