import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Actor } from '../auth/actor.js'
import { DomainError, NotFoundError } from '../errors.js'
import type { Access } from './access.js'
import { HttpError } from './errors.js'
import type { ProblemField } from './problem.js'

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
type AnyObject = z.ZodObject<z.ZodRawShape>

/** One operation of the JSON API: its HTTP shape as zod schemas, which both check requests and describe them. */
export type ApiOperation<
  P extends AnyObject,
  Q extends AnyObject,
  B extends z.ZodType,
  R extends z.ZodType,
> = {
  method: Method
  /** Fastify's form, `/api/v1/units/:id`; the OpenAPI document gets `{id}`. */
  url: string
  operationId: string
  summary: string
  description?: string
  tag: string
  access: Access
  params?: P
  query?: Q
  body?: B
  /** The largest body the operation takes, in bytes (the platform's default otherwise). */
  bodyLimit?: number
  /** The status and schema of the answer on success. */
  status?: 200 | 201
  response: R
  /** What else the operation may answer besides the common 400/401/403/429, with a word on when. */
  problems?: Partial<Record<404 | 409 | 422, string>>
  handler: (input: {
    req: FastifyRequest
    reply: FastifyReply
    actor: Actor | undefined
    params: z.output<P>
    query: z.output<Q>
    body: z.output<B>
  }) => Promise<z.input<R>>
}

/** A validation error of the API: 400 for the query, 422 for the body, each field with its code. */
export class ApiValidationError extends DomainError {
  constructor(
    status: 400 | 422,
    readonly apiFields: ProblemField[],
  ) {
    super('common.errors.validation', status)
  }
}

function fieldsOf(error: z.ZodError, t: (key: string) => string): ProblemField[] {
  return error.issues.map((issue) => ({
    pointer: `/${issue.path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`,
    code: issue.code,
    detail: /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/.test(issue.message) ? t(issue.message) : issue.message,
  }))
}

/** A weak validator over the JSON of an answer: the same content, the same tag, on every process. */
export function etagOf(json: string) {
  return `W/"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`
}

function matchesEtag(header: string | undefined, etag: string) {
  if (!header) return false
  if (header.trim() === '*') return true
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => opaque(tag) === opaque(etag))
}

/**
 * The operations of an API, registered as Fastify routes that check their input with the same schemas the
 * OpenAPI document is built from. Reads carry an ETag and answer a matching If-None-Match with 304.
 */
export class ApiRegistry {
  readonly operations: ApiOperation<AnyObject, AnyObject, z.ZodType, z.ZodType>[] = []

  constructor(readonly info: { title: string; version: string; description: string }) {}

  add<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType>(
    app: FastifyInstance,
    op: ApiOperation<P, Q, B, R>,
    hooks: { preHandler?: (req: FastifyRequest, reply: FastifyReply) => Promise<void> } = {},
  ) {
    this.operations.push(op as unknown as ApiOperation<AnyObject, AnyObject, z.ZodType, z.ZodType>)
    app.route({
      method: op.method,
      url: op.url,
      config: { access: op.access },
      ...(op.bodyLimit ? { bodyLimit: op.bodyLimit } : {}),
      ...(hooks.preHandler ? { preHandler: hooks.preHandler } : {}),
      handler: async (req, reply) => {
        const t = (key: string) => req.t(key as never)
        let params = {} as z.output<P>
        if (op.params) {
          // An id that is no id names nothing: the same answer as an id that is unknown.
          const parsed = op.params.safeParse(req.params)
          if (!parsed.success) throw new NotFoundError()
          params = parsed.data as z.output<P>
        }
        let query = {} as z.output<Q>
        if (op.query) {
          const parsed = op.query.safeParse(req.query ?? {})
          if (!parsed.success) throw new ApiValidationError(400, fieldsOf(parsed.error, t))
          query = parsed.data as z.output<Q>
        }
        let body = undefined as z.output<B>
        if (op.body) {
          if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
            throw new HttpError('common.errors.unsupportedMediaType', 415)
          const parsed = op.body.safeParse(req.body ?? {})
          if (!parsed.success) throw new ApiValidationError(422, fieldsOf(parsed.error, t))
          body = parsed.data as z.output<B>
        }
        const result = await op.handler({ req, reply, actor: req.actor, params, query, body })
        const json = JSON.stringify(op.response.parse(result))
        reply.header('cache-control', 'private, no-cache')
        reply.header('vary', 'Authorization')
        if (op.method === 'GET') {
          const etag = etagOf(json)
          reply.header('etag', etag)
          if (matchesEtag(req.headers['if-none-match'], etag)) return reply.code(304).send()
        }
        return reply
          .code(op.status ?? 200)
          .type('application/json; charset=utf-8')
          .send(json)
      },
    })
  }

  /** The OpenAPI 3.1 document of every operation added, its schemas generated from the zod schemas. */
  document(serverUrl: string) {
    const schema = (s: z.ZodType, io: 'input' | 'output') => {
      const { $schema: _, ...rest } = z.toJSONSchema(s, {
        io,
        unrepresentable: 'any',
        target: 'draft-2020-12',
      })
      return rest
    }
    const problem = (description: string) => ({
      description,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    })
    const paths: Record<string, Record<string, unknown>> = {}
    for (const op of this.operations) {
      const path = op.url.replace(/:([A-Za-z]+)/g, '{$1}')
      const parameters: unknown[] = []
      for (const [where, obj] of [
        ['path', op.params],
        ['query', op.query],
      ] as const) {
        if (!obj) continue
        for (const [name, field] of Object.entries(obj.shape)) {
          const fieldSchema = field as z.ZodType
          parameters.push({
            name,
            in: where,
            required: where === 'path' || !fieldSchema.safeParse(undefined).success,
            ...(fieldSchema.description ? { description: fieldSchema.description } : {}),
            schema: schema(fieldSchema, 'input'),
          })
        }
      }
      const secured = op.access !== 'public'
      const responses: Record<string, unknown> = {
        [String(op.status ?? 200)]: {
          description: 'OK',
          ...(op.method === 'GET' ? { headers: { ETag: { schema: { type: 'string' } } } } : {}),
          content: { 'application/json': { schema: schema(op.response, 'output') } },
        },
      }
      if (op.method === 'GET')
        responses['304'] = { description: 'Not modified (If-None-Match matched the ETag)' }
      // A body that is not JSON, or JSON but no object, is refused before its schema is checked.
      const refused = [
        op.query && 'the query is not valid',
        op.body && 'the body is not JSON or not a JSON object',
      ]
        .filter(Boolean)
        .join('; ')
      if (refused) responses['400'] = problem(refused.charAt(0).toUpperCase() + refused.slice(1))
      if (secured) {
        responses['401'] = problem('No token, or one that is unknown, expired or revoked')
        responses['403'] = problem('The token or its owner may not do this')
        responses['429'] = problem('Too many requests with this token; see Retry-After')
      }
      if (op.body) responses['415'] = problem('The body is not application/json')
      if (op.body) responses['413'] = problem('The body is too large')
      for (const [status, text] of Object.entries(op.problems ?? {})) responses[status] = problem(text)
      if (op.body && !responses['422']) responses['422'] = problem('The body is not valid')
      paths[path] ??= {}
      paths[path][op.method.toLowerCase()] = {
        operationId: op.operationId,
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        tags: [op.tag],
        ...(secured ? { security: [{ bearerAuth: [] }] } : { security: [] }),
        ...(parameters.length ? { parameters } : {}),
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: schema(op.body, 'input') } },
              },
            }
          : {}),
        responses,
      }
    }
    return {
      openapi: '3.1.0',
      info: { ...this.info, license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' } },
      servers: [{ url: serverUrl }],
      tags: [...new Set(this.operations.map((o) => o.tag))].map((name) => ({ name })),
      paths,
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'A personal access token, created on the account page (`bs_pat_…`).',
          },
        },
        schemas: {
          Problem: {
            type: 'object',
            description: 'RFC 9457 problem details',
            required: ['type', 'title', 'status', 'code'],
            properties: {
              type: { type: 'string', format: 'uri-reference' },
              title: { type: 'string' },
              status: { type: 'integer' },
              detail: { type: 'string' },
              instance: { type: 'string' },
              code: { type: 'string' },
              errors: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['pointer', 'code', 'detail'],
                  properties: {
                    pointer: { type: 'string' },
                    code: { type: 'string' },
                    detail: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    }
  }
}

/** An opaque cursor over a list ordered by a key: the key of the last item given, in base64url. */
export const CursorQuery = {
  cursor: z.string().max(400).optional().describe('The `nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Items per page, at most 100'),
}

const invalidCursor = () =>
  new ApiValidationError(400, [{ pointer: '/cursor', code: 'invalid_cursor', detail: 'cursor' }])

/**
 * The key a cursor carries, undefined without one. A cursor that does not decode, or whose key does not pass
 * `valid`, is a validation error of the query (400 `invalid_cursor`).
 */
export function cursorKey(cursor: string | undefined, valid: (key: string) => boolean = () => true) {
  if (cursor === undefined) return undefined
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalidCursor()
  }
  const key = typeof decoded === 'object' && decoded !== null ? (decoded as { k?: unknown }).k : undefined
  if (typeof key !== 'string' || !valid(key)) throw invalidCursor()
  return key
}

/** The cursor of the page after the item with this key. */
export const cursorAfter = (key: string) =>
  Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url')

/**
 * One page of `items` (ordered by `keyOf`, ascending and unique) after the cursor. A cursor that does not
 * decode is a validation error of the query.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  cursor: string | undefined,
  limit: number,
) {
  const after = cursorKey(cursor)
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
  const rest = after === undefined ? sorted : sorted.filter((i) => keyOf(i) > after)
  const page = rest.slice(0, limit)
  const last = page.at(-1)
  const nextCursor = rest.length > limit && last ? cursorAfter(keyOf(last)) : null
  return { items: page, nextCursor }
}

/** The envelope of a list: one page and the cursor of the next, null on the last. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })
