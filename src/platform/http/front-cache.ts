import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { parse as parseQueryString } from 'node:querystring'
import { isLocale, type Locale, negotiateLocale } from '../i18n/index.js'
import { parseCookies, platformCookies } from './cookies.js'

/** A response known in full before the request arrives: the bytes and every header, validator included. */
export type ReadyResponse = { readonly body: Buffer; readonly headers: Readonly<Record<string, string>> }

/**
 * What a front responder may know of a request: nothing about who sent it. `csrfBinding` is the random
 * value of the CSRF cookie a visitor without a session may carry (no identity: it only binds the forms
 * of a page to the browser that asked for it).
 */
export type AnonymousRequest = {
  path: string
  /** The path's parameters, for a responder registered with a pattern such as `/embed/kv/:id/events`. */
  params: Record<string, string>
  query: Record<string, string | string[] | undefined>
  locale: Locale
  acceptsGzip: boolean
  csrfBinding: string | undefined
}

/**
 * Returns the ready response, or undefined to leave the request to the application; a promise of either
 * when the responder has to ask something first (whether what it holds is still current).
 */
export type FrontResponder = (
  req: AnonymousRequest,
) => ReadyResponse | undefined | Promise<ReadyResponse | undefined>

type Responder = { respond: FrontResponder; ignoreCookies: boolean; route: string }

/** Told of every answer the front cache gave: its route pattern, status and time taken (for the metrics). */
export type FrontObserver = (answer: { route: string; status: number; seconds: number }) => void
type Pattern = { segments: readonly string[]; responder: Responder }

/** Matches a path against a pattern's segments (`:name` takes one non-empty segment); undefined when it does not fit. */
function matchPattern(segments: readonly string[], path: string): Record<string, string> | undefined {
  const parts = path.split('/')
  if (parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < parts.length; i++) {
    const segment = segments[i]!
    const part = parts[i]!
    if (segment.startsWith(':')) {
      if (part === '') return undefined
      params[segment.slice(1)] = part
    } else if (segment !== part) return undefined
  }
  return params
}

/**
 * Answers anonymous GET requests for a few public pages from memory, in front of the framework: the
 * part of a caching reverse proxy that the public map needs, so it is served at no less than half
 * the speed of a bare node:http server. A responder only hands out what the application itself
 * rendered and cached for visitors without a session; anything it does not have ready (a cold or
 * stale cache, a session or flash cookie) goes through the application as usual.
 */
export class FrontCache {
  readonly #responders = new Map<string, Responder>()
  readonly #patterns: Pattern[] = []
  readonly #observers: FrontObserver[] = []

  constructor(private readonly opts: { sessionCookieName: string; defaultLocale: Locale }) {}

  /**
   * Lets `respond` answer GET `path` (exactly, any query; a segment `:name` takes any one segment, handed
   * over raw in `params`). `ignoreCookies` mirrors embed routes, which never read cookies; otherwise a
   * request with a session or flash cookie goes to the application.
   */
  answer(path: string, respond: FrontResponder, opts: { ignoreCookies?: boolean } = {}) {
    const responder = { respond, ignoreCookies: opts.ignoreCookies ?? false, route: path }
    if (path.includes('/:')) this.#patterns.push({ segments: path.split('/'), responder })
    else this.#responders.set(path, responder)
  }

  /** Calls `observer` after each answer given here (the application's own answers are observed by its hooks). */
  observe(observer: FrontObserver) {
    this.#observers.push(observer)
  }

  #find(path: string): { responder: Responder; params: Record<string, string> } | undefined {
    const exact = this.#responders.get(path)
    if (exact) return { responder: exact, params: {} }
    for (const pattern of this.#patterns) {
      const params = matchPattern(pattern.segments, path)
      if (params) return { responder: pattern.responder, params }
    }
    return undefined
  }

  /**
   * True when the request was answered here; false hands it to the application. A promise of either
   * when the responder asks first: the caller hands the request on when it settles to false.
   */
  tryAnswer(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
    if (req.method !== 'GET') return false
    const url = req.url ?? ''
    const mark = url.indexOf('?')
    const path = mark < 0 ? url : url.slice(0, mark)
    const found = this.#find(path)
    if (!found) return false
    const { responder, params } = found
    const started = process.hrtime.bigint()
    let locale: Locale | undefined
    let csrfBinding: string | undefined
    if (!responder.ignoreCookies && req.headers.cookie !== undefined) {
      const cookies = parseCookies(req.headers.cookie)
      if (cookies[this.opts.sessionCookieName] !== undefined || cookies[platformCookies.flash] !== undefined)
        return false
      const chosen = cookies[platformCookies.lang]
      if (isLocale(chosen)) locale = chosen
      csrfBinding = cookies[platformCookies.csrf] || undefined
    }
    let answer: ReturnType<FrontResponder>
    try {
      answer = responder.respond({
        path,
        params,
        query: mark < 0 ? {} : parseQueryString(url.slice(mark + 1)),
        locale: locale ?? negotiateLocale(req.headers['accept-language'], this.opts.defaultLocale),
        acceptsGzip: acceptsGzip(req.headers),
        csrfBinding,
      })
    } catch {
      // Out here an exception would end the process; the application answers instead, with its error handling.
      return false
    }
    const write = (ready: ReadyResponse | undefined) => {
      if (!ready) return false
      writeReady(req.headers, res, ready)
      if (this.#observers.length > 0) {
        const seen = {
          route: responder.route,
          status: res.statusCode,
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
        }
        for (const observer of this.#observers) observer(seen)
      }
      return true
    }
    return answer instanceof Promise ? answer.then(write, () => false) : write(answer)
  }
}

/**
 * The server's request listener: the front cache first, the application (`handler`) for whatever it
 * does not answer, at once or after the front cache's question settled.
 */
export function frontedHandler(
  front: FrontCache,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const answered = front.tryAnswer(req, res)
    if (answered === false) handler(req, res)
    else if (answered !== true)
      void answered.then((done) => {
        if (!done) handler(req, res)
      })
  }
}

/** Whether the client takes gzip (`gzip;q=0` refuses it). */
export function acceptsGzip(headers: IncomingHttpHeaders): boolean {
  const header = headers['accept-encoding']
  if (typeof header !== 'string') return false
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';')
    if (name?.trim().toLowerCase() !== 'gzip') return false
    const q = params.find((p) => p.trim().startsWith('q='))
    return !q || Number(q.trim().slice(2)) > 0
  })
}

/** Whether the client already holds the response with this validator (If-None-Match). */
export function clientHasFresh(headers: IncomingHttpHeaders, etag: string | undefined): boolean {
  const match = headers['if-none-match']
  return (
    etag !== undefined &&
    typeof match === 'string' &&
    match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)
  )
}

/** Writes a ready response, or 304 with the same headers less the body's when the client has it. */
export function writeReady(reqHeaders: IncomingHttpHeaders, res: ServerResponse, ready: ReadyResponse) {
  if (clientHasFresh(reqHeaders, ready.headers.etag)) {
    const {
      'content-length': _length,
      'content-type': _type,
      'content-encoding': _encoding,
      ...headers
    } = ready.headers
    res.writeHead(304, headers)
    res.end()
  } else {
    res.writeHead(200, ready.headers)
    res.end(ready.body)
  }
}
