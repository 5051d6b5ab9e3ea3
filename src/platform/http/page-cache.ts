import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { acceptsGzip, clientHasFresh, type ReadyResponse, writeReady } from './front-cache.js'
import { securityHeaders } from './security-headers.js'

export type CachedBody = {
  raw: Buffer
  gzip: Buffer
  etag: string
  type: string
  headers: Record<string, string>
}

export type Built = { body: string; type: string; headers?: Record<string, string> }

/**
 * What a write in this process bumps (after its commit) so that the caches reading the same data drop
 * their pages at once, rather than after the next periodic version check. Each kind of data has one.
 */
export class CacheGeneration {
  #value = 0
  get value() {
    return this.#value
  }
  bump = () => {
    this.#value++
  }
}

/**
 * Rendered public pages and exports, per key and data version. The data version is read from the
 * database at most once per `ttlMs`, so a burst of requests costs one cheap query.
 */
export class PublicCache {
  private entries = new Map<string, Promise<CachedBody>>()
  // The same entries once built, for peek(), which cannot wait.
  private built = new Map<string, CachedBody>()
  private version: string | undefined
  private checkedAt = Number.NEGATIVE_INFINITY
  private seenGeneration = -1
  private pendingVersion: Promise<string> | undefined

  constructor(
    private readonly readVersion: () => Promise<string>,
    private readonly now: () => Date,
    private readonly generation: CacheGeneration,
    private readonly ttlMs = 3000,
    private readonly maxEntries = 500,
  ) {}

  private async currentVersion(): Promise<string> {
    const t = this.now().getTime()
    if (
      this.version !== undefined &&
      this.seenGeneration === this.generation.value &&
      t - this.checkedAt < this.ttlMs
    )
      return this.version
    this.pendingVersion ??= (async () => {
      try {
        const seen = this.generation.value
        const v = `${await this.readVersion()}#${seen}`
        if (v !== this.version) this.clear()
        this.version = v
        this.seenGeneration = seen
        this.checkedAt = t
        return v
      } finally {
        this.pendingVersion = undefined
      }
    })()
    return this.pendingVersion
  }

  private clear() {
    this.entries.clear()
    this.built.clear()
  }

  /**
   * The body for `key` if it is built and its data version was confirmed within the last `ttlMs`
   * (and no write in this process happened since); otherwise undefined, and get() is the way.
   */
  peek(key: string): CachedBody | undefined {
    if (this.version === undefined || this.seenGeneration !== this.generation.value) return undefined
    if (this.now().getTime() - this.checkedAt >= this.ttlMs) return undefined
    return this.built.get(`${this.version}\u0000${key}`)
  }

  async get(key: string, build: () => Promise<Built>): Promise<CachedBody> {
    const version = await this.currentVersion()
    const full = `${version}\u0000${key}`
    let entry = this.entries.get(full)
    if (!entry) {
      if (this.entries.size >= this.maxEntries) this.clear()
      entry = build().then(compress)
      this.entries.set(full, entry)
      entry.then(
        (body) => {
          if (this.entries.get(full) === entry) this.built.set(full, body)
        },
        // A failed build must not stay cached.
        () => this.entries.delete(full),
      )
    }
    return entry
  }
}

function compress(built: Built): CachedBody {
  const raw = Buffer.from(built.body, 'utf8')
  return {
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    etag: createHash('sha256').update(raw).digest('base64url').slice(0, 22),
    type: built.type,
    headers: built.headers ?? {},
  }
}

export type Caching = { cacheControl: string; vary?: string; baseHeaders: Record<string, string> }

/**
 * The caching policies of public answers for visitors without a session, made once per route file:
 * pages depend on the language (header or cookie) and browsers revalidate them with the ETag; embeds
 * are the same with the headers that let the allowed origins frame them; files may be kept a while.
 */
export function publicCaching(http: { secureCookies: boolean; embedOrigins: readonly string[] }) {
  const headersFor = (embed: boolean) =>
    securityHeaders({
      secure: http.secureCookies,
      embed,
      embedOrigins: http.embedOrigins,
      authenticated: false,
    })
  const page: Caching = {
    cacheControl: 'no-cache',
    vary: 'accept-language, cookie',
    baseHeaders: headersFor(false),
  }
  return {
    page,
    embed: { ...page, baseHeaders: headersFor(true) } as Caching,
    file: (maxAgeSeconds: number): Caching => ({
      cacheControl: `public, max-age=${maxAgeSeconds}`,
      baseHeaders: headersFor(false),
    }),
  }
}

/**
 * Sends a cached body: 304 when the client has it, gzip when the client takes it. For a visitor
 * without a session the whole response is known in advance, headers included (`baseHeaders` come
 * from the same securityHeaders() the platform's onSend hook uses), so it is written as it is; the
 * same bytes are what the front cache answers (`readyVariant`).
 */
export function sendCached(req: FastifyRequest, reply: FastifyReply, body: CachedBody, opts: Caching) {
  const variant = readyVariant(body, acceptsGzip(req.headers), opts)
  if (req.actor) {
    const fresh = clientHasFresh(req.headers, variant.headers.etag)
    for (const [name, value] of Object.entries(variant.headers)) {
      if (name !== 'content-length' && !(fresh && name === 'content-encoding')) reply.header(name, value)
    }
    return fresh ? reply.code(304).send() : reply.send(variant.body)
  }
  reply.hijack()
  writeReady(req.headers, reply.raw, variant)
  return reply
}

// Per body, per caching policy (the policies are a few objects made once per route file), per encoding.
const variants = new WeakMap<CachedBody, Map<Caching, { plain?: ReadyResponse; gzip?: ReadyResponse }>>()

/** The complete response for a cached body, computed once per encoding and caching policy. */
export function readyVariant(body: CachedBody, gzip: boolean, opts: Caching): ReadyResponse {
  let byPolicy = variants.get(body)
  if (!byPolicy) {
    byPolicy = new Map()
    variants.set(body, byPolicy)
  }
  let pair = byPolicy.get(opts)
  if (!pair) {
    pair = {}
    byPolicy.set(opts, pair)
  }
  const existing = gzip ? pair.gzip : pair.plain
  if (existing) return existing
  const bytes = gzip ? body.gzip : body.raw
  const headers: Record<string, string> = {
    ...opts.baseHeaders,
    'content-type': body.type,
    // The encodings are different byte sequences, so they carry different strong validators.
    etag: `"${body.etag}${gzip ? '-gz' : ''}"`,
    vary: opts.vary ? `accept-encoding, ${opts.vary}` : 'accept-encoding',
    'cache-control': opts.cacheControl,
    ...body.headers,
    'content-length': String(bytes.length),
  }
  if (gzip) headers['content-encoding'] = 'gzip'
  const ready = { body: bytes, headers }
  if (gzip) pair.gzip = ready
  else pair.plain = ready
  return ready
}
