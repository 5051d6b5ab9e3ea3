import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import { BoundedMap } from '../bounded-map.js'
import { preparedStatement } from '../db/prepared.js'
import type { DbOrTx } from '../db/types.js'
import { platformCookies, serializeCookie } from '../http/cookies.js'
import { csrfTokenFor, freshCsrfToken } from '../http/csrf.js'
import {
  type AnonymousRequest,
  acceptsGzip,
  type FrontCache,
  type ReadyResponse,
  writeReady,
} from '../http/front-cache.js'
import type { ViewContext } from '../views/context.js'
import { renderPage } from '../views/render.js'

const versionStatement = preparedStatement<{ version: string }>(
  'public_data_version',
  'select version::text as version from public_data_version',
)

/** The version of everything anonymous visitors see (tables.ts): one row, read by primary key. */
export async function readPublicDataVersion(db: DbOrTx): Promise<string> {
  const [row] = await versionStatement(db, [])
  return row?.version ?? ''
}

/**
 * What a page shows depends on: `key` names the reading (pages with the same key share it), `read`
 * returns a string that changes whenever the page would (the public data version, with whatever else
 * the page shows that is not under it, such as the places taken on an event).
 */
export type Fingerprint = { key: string; read: () => Promise<string> }

export type AnonymousPage =
  | {
      page: VNode
      /** When the page changes with the clock alone (an event ends); at most `maxAgeMs` after it was built. */
      changesAt?: Date | undefined
    }
  /** The address is another page's (303); not kept. */
  | { redirect: string }

type Entry = {
  fingerprint: string
  expiresAt: number
  /** The page cut where its forms carry the CSRF token; one part when it has no form. */
  parts: Buffer[]
  plain?: ReadyResponse
  gzip?: ReadyResponse
}

// Rendered in place of the CSRF token, then cut out: each visitor gets a token bound to their own cookie.
const TOKEN_MARK = 'csrf-token-of-the-visitor-f3a9c1'
const HTML = 'text/html; charset=utf-8'

/**
 * Public pages for visitors without a session, answered from memory in front of the framework while
 * they are current. A page is current while
 *
 *  - its fingerprint is unchanged, read anew for every request: a reading that began after the request
 *    arrived, shared by all requests waiting for one (so under load one query serves many requests,
 *    and a write that committed before a request arrived is on the page it gets);
 *  - the clock has not reached the moment it changes by itself (`changesAt`, at most `maxAgeMs`).
 *
 * What it never holds: a page for a visitor with a session or a flash message (those are rendered for
 * the one visitor as before), an answer other than 200, or a CSRF token: forms get a token bound to the
 * visitor's own cookie on every answer. Pages are kept per path and language.
 */
export class AnonymousPages {
  readonly #entries: BoundedMap<string, Entry>
  readonly #building = new Map<
    string,
    { fingerprint: string; entry: Promise<Entry | { redirect: string }> }
  >()
  readonly #readings = new Map<string, { running?: Promise<string>; next?: Promise<string> }>()

  constructor(
    private readonly opts: {
      frontCache: FrontCache
      db: () => DbOrTx
      secret: string
      secure: boolean
      now: () => Date
      /** The security headers of an answer without a session (the same the platform's onSend adds). */
      headers: Readonly<Record<string, string>>
      maxAgeMs?: number
      maxEntries?: number
    },
  ) {
    this.#entries = new BoundedMap(opts.maxEntries ?? 2000)
  }

  /** The fingerprint of a page that shows only public data: the public data version. */
  readonly publicData: Fingerprint = {
    key: 'public-data',
    read: () => readPublicDataVersion(this.opts.db()),
  }

  /**
   * The public data version, read by a query that begins after this call and is shared by the calls
   * that arrive together: for other kept readings of public data (a KV's upcoming events).
   */
  publicDataVersion(): Promise<string> {
    return this.#fresh(this.publicData.key, this.publicData.read)
  }

  /**
   * Serves GET `prefix<id>` from memory when current; `fingerprint` says what the page of `id`
   * depends on. Returns the function the route's handler calls to send the page.
   */
  family(prefix: string, fingerprint: (id: string) => Fingerprint) {
    this.opts.frontCache.answer(`${prefix}:id`, async (req) => {
      const entry = this.#entries.get(`${req.path}\u0000${req.locale}`)
      if (!entry || this.opts.now().getTime() >= entry.expiresAt) return undefined
      const { key, read } = fingerprint(req.params.id ?? '')
      if ((await this.#fresh(key, read)) !== entry.fingerprint) return undefined
      return this.#answer(entry, req)
    })
    return (
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      render: (ctx: ViewContext) => Promise<AnonymousPage>,
    ) => this.#send(req, reply, fingerprint(id), render)
  }

  async #send(
    req: FastifyRequest,
    reply: FastifyReply,
    fingerprint: Fingerprint,
    render: (ctx: ViewContext) => Promise<AnonymousPage>,
  ) {
    const ctx = reply.ctx()
    if (req.actor || ctx.flash) {
      const rendered = await render(ctx)
      return 'redirect' in rendered ? reply.redirect(rendered.redirect, 303) : reply.page(rendered.page)
    }
    const key = `${req.url.split('?')[0] ?? req.url}\u0000${ctx.locale}`
    // Read before the page's data: a write committed in between changes it again, so what is kept
    // is never newer than its fingerprint says.
    const seen = await this.#fresh(fingerprint.key, fingerprint.read)
    // Requests that missed together share one rendering when it stands for what they read, also when
    // it was kept while this one waited for its reading.
    const kept = this.#entries.get(key)
    if (kept && kept.fingerprint === seen && this.opts.now().getTime() < kept.expiresAt) {
      return this.#write(req, reply, kept)
    }
    let building = this.#building.get(key)
    if (!building || building.fingerprint !== seen) {
      building = { fingerprint: seen, entry: this.#build(ctx, seen, render) }
      const mine = building
      this.#building.set(key, mine)
      const done = () => {
        if (this.#building.get(key) === mine) this.#building.delete(key)
      }
      mine.entry.then((entry) => {
        if (!('redirect' in entry)) this.#entries.set(key, entry)
        done()
      }, done)
    }
    const entry = await building.entry
    if ('redirect' in entry) return reply.redirect(entry.redirect, 303)
    return this.#write(req, reply, entry)
  }

  #write(req: FastifyRequest, reply: FastifyReply, entry: Entry) {
    reply.hijack()
    writeReady(
      req.headers,
      reply.raw,
      this.#answer(entry, {
        acceptsGzip: acceptsGzip(req.headers),
        csrfBinding: req.cookies[platformCookies.csrf] || undefined,
      }),
    )
    return reply
  }

  async #build(
    ctx: ViewContext,
    fingerprint: string,
    render: (ctx: ViewContext) => Promise<AnonymousPage>,
  ): Promise<Entry | { redirect: string }> {
    const built = await render({ ...ctx, csrfToken: () => TOKEN_MARK })
    if ('redirect' in built) return built
    const now = this.opts.now().getTime()
    const maxAge = now + (this.opts.maxAgeMs ?? 60_000)
    const changesAt = built.changesAt?.getTime()
    return {
      fingerprint,
      expiresAt: changesAt !== undefined && changesAt > now ? Math.min(changesAt, maxAge) : maxAge,
      parts: renderPage(built.page)
        .split(TOKEN_MARK)
        .map((part) => Buffer.from(part, 'utf8')),
    }
  }

  /** The response for one request: made once per entry and encoding, or per request for a page with a form. */
  #answer(entry: Entry, req: Pick<AnonymousRequest, 'acceptsGzip' | 'csrfBinding'>): ReadyResponse {
    const vary = 'accept-encoding, accept-language, cookie'
    if (entry.parts.length === 1) {
      const existing = req.acceptsGzip ? entry.gzip : entry.plain
      if (existing) return existing
      const raw = entry.parts[0]!
      const body = req.acceptsGzip ? gzipSync(raw, { level: 6 }) : raw
      const etag = createHash('sha256').update(raw).digest('base64url').slice(0, 22)
      const ready: ReadyResponse = {
        body,
        headers: {
          ...this.opts.headers,
          'content-type': HTML,
          'cache-control': 'no-cache',
          vary,
          // The two encodings are different bytes, so they carry different strong validators.
          etag: `"${etag}${req.acceptsGzip ? '-gz' : ''}"`,
          ...(req.acceptsGzip ? { 'content-encoding': 'gzip' } : {}),
          'content-length': String(body.length),
        },
      }
      if (req.acceptsGzip) entry.gzip = ready
      else entry.plain = ready
      return ready
    }
    // A page with a form: the token of this visitor's cookie, or of a new one it is given.
    // A new binding's token is not kept (csrf.ts): most visitors without a cookie never come back with it.
    const { binding, token: text } = req.csrfBinding
      ? { binding: req.csrfBinding, token: csrfTokenFor(this.opts.secret, req.csrfBinding) }
      : freshCsrfToken(this.opts.secret)
    const token = Buffer.from(text, 'utf8')
    const chunks: Buffer[] = []
    entry.parts.forEach((part, i) => {
      if (i > 0) chunks.push(token)
      chunks.push(part)
    })
    const body = Buffer.concat(chunks)
    const headers: Record<string, string> = {
      ...this.opts.headers,
      'content-type': HTML,
      'cache-control': 'private, no-cache',
      vary,
      'content-length': String(body.length),
    }
    if (!req.csrfBinding)
      headers['set-cookie'] = serializeCookie(platformCookies.csrf, binding, { secure: this.opts.secure })
    return { body, headers }
  }

  /**
   * A reading of `key` that begins after this call. Callers share the reading that has not begun yet:
   * it begins once the event loop has taken in the requests that arrived together (and the previous
   * reading of the key is done), so under load one query answers many requests, and each of them a
   * reading younger than itself.
   */
  #fresh(key: string, read: () => Promise<string>): Promise<string> {
    let slot = this.#readings.get(key)
    if (!slot) {
      slot = {}
      this.#readings.set(key, slot)
    }
    if (slot.next) return slot.next
    const current = slot
    const prior = current.running
    const next: Promise<string> = (async () => {
      if (prior) await prior.catch(() => undefined)
      await new Promise((resolve) => setImmediate(resolve))
      // From here on, a caller needs a reading that begins later than this one.
      current.next = undefined
      const reading = read()
      current.running = reading
      try {
        return await reading
      } finally {
        if (current.running === reading) current.running = undefined
        if (!current.running && !current.next && this.#readings.get(key) === current)
          this.#readings.delete(key)
      }
    })()
    current.next = next
    return next
  }
}
