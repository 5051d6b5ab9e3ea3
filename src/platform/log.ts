import { createRequire } from 'node:module'
import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify'

// A path segment that looks like a secret: a long run of base64url characters that is not a UUID
// (login, reset and RSVP links carry their token in the path).
const secretLike = /^[A-Za-z0-9_-]{20,}$/
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function maskSegment(segment: string) {
  return secretLike.test(segment) && !uuid.test(segment) ? ':redacted' : segment
}

/**
 * The request's address as the log shows it: the path with every route parameter named like a token
 * (`:token`) and anything else that looks like a secret replaced, and of the query only its field
 * names (a search, a name or an address typed into a form stays out of the log).
 */
export function loggedUrl(
  req: Pick<FastifyRequest, 'url'> & { routeOptions?: { url?: string | undefined } },
) {
  const raw = req.url ?? ''
  const q = raw.indexOf('?')
  const path = q === -1 ? raw : raw.slice(0, q)
  const pattern = req.routeOptions?.url
  const patternSegments = pattern?.split('/')
  const masked = path
    .split('/')
    .map((segment, i) => {
      const name = patternSegments?.[i]
      if (name?.startsWith(':') && /token|secret|code/i.test(name)) return name
      return maskSegment(segment)
    })
    .join('/')
  if (q === -1) return masked
  const names = [...new URLSearchParams(raw.slice(q + 1)).keys()]
  return `${masked}?${[...new Set(names)].map(encodeURIComponent).join('&')}`
}

// Error texts of database drivers can quote the statement's parameters ("params: …") or the row that
// broke a constraint ("Key (email)=(…)"): the log keeps the kind of error and where it happened only.
const quotedData = /(\n?params:[\s\S]*$)|(Key \([^)]*\)=\([^)]*\))/g

type LoggedError = { type: string; message: string; stack: string; code?: string; cause?: LoggedError }

export function loggedError(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err, message: '(not an Error)', stack: '' }
  const e = err as Error & { code?: unknown }
  const clean = (text: string | undefined) => text?.replace(quotedData, ' [data removed]')
  return {
    type: e.name,
    message: clean(e.message) ?? '',
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    stack: clean(e.stack) ?? '',
    ...(e.cause !== undefined && depth < 3 ? { cause: loggedError(e.cause, depth + 1) } : {}),
  }
}

/**
 * The log: one JSON object per line in production and tests, for log shippers; in development lines a
 * person reads (time, level, message, the request in short), coloured on a terminal. Every line of a
 * request carries its id (`reqId`). Tokens, passwords and member data stay out: bodies, cookies and
 * headers are never logged, the address only as `loggedUrl` shows it, errors only as `loggedError`.
 */
export function loggerOptions(opts: {
  env: 'development' | 'production' | 'test'
  level: string
}): FastifyServerOptions['logger'] {
  if (opts.level === 'silent') return false
  // Anything that logs request headers (at trace level @fastify/multipart logs busboy's options, headers
  // included) loses the cookie and authorization headers: sessions and the metrics token.
  const redact = {
    paths: [
      'headers.cookie',
      'headers.authorization',
      '*.headers.cookie',
      '*.headers.authorization',
      '*.*.headers.cookie',
      '*.*.headers.authorization',
    ],
    censor: '[redacted]',
  }
  const serializers = {
    req: (req: FastifyRequest) => ({
      method: req.method,
      url: loggedUrl(req),
      remoteAddress: req.ip,
    }),
    err: (err: unknown) => loggedError(err),
  }
  if (opts.env !== 'development') return { level: opts.level, serializers, redact }
  // Loaded in development only: production logs JSON lines.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty')
  const stream = pretty({
    colorize: process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
    sync: true,
  })
  return { level: opts.level, stream, serializers, redact }
}

/**
 * The request log: one line per request, when its answer is sent (Fastify's own writes two, one on arrival),
 * with what an operator reads an access log for: `method`, `url` (as `loggedUrl` shows it), `route` (the
 * pattern, for counting by route), `statusCode`, `responseTime` in ms, and the request's `reqId`. No address,
 * header or body. A request whose answer failed on the way out is a line at level error with that error.
 * Answers the front cache sends from memory never reach Fastify and have no line.
 */
export class RequestLog extends LogController {
  override incomingRequest() {}

  /** The request's line says 404 already; Fastify's own would show the address as it came, query and all. */
  override routeNotFound() {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(req)) return
    const line = {
      method: req.method,
      url: loggedUrl(req),
      route: req.routeOptions.url,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
    }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else reply.log.info(line, 'request completed')
  }
}
