import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'

export type CachedBody = {
  raw: Buffer
  gzip: Buffer
  etag: string
  type: string
  headers: Record<string, string>
}

export type Built = { body: string; type: string; headers?: Record<string, string> }

// Bumped by invalidateMapCache(); every cache compares it on each request, so a write is
// visible at once in this process rather than after the next periodic version check.
let generation = 0

/** Tells every public-map cache in this process that partnerships changed. The registry calls it after a write. */
export function invalidateMapCache() {
  generation++
}

/**
 * Rendered public pages and exports, per key and data version. The data version is read from the
 * database at most once per `ttlMs`, so a burst of requests costs one cheap query.
 */
export class PublicCache {
  private entries = new Map<string, Promise<CachedBody>>()
  private version: string | undefined
  private checkedAt = Number.NEGATIVE_INFINITY
  private seenGeneration = -1
  private pendingVersion: Promise<string> | undefined

  constructor(
    private readonly readVersion: () => Promise<string>,
    private readonly now: () => Date,
    private readonly ttlMs = 3000,
    private readonly maxEntries = 500,
  ) {}

  private async currentVersion(): Promise<string> {
    const t = this.now().getTime()
    if (this.version !== undefined && this.seenGeneration === generation && t - this.checkedAt < this.ttlMs)
      return this.version
    this.pendingVersion ??= (async () => {
      try {
        const seen = generation
        const v = `${await this.readVersion()}#${seen}`
        if (v !== this.version) this.entries.clear()
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

  async get(key: string, build: () => Promise<Built>): Promise<CachedBody> {
    const version = await this.currentVersion()
    const full = `${version}\u0000${key}`
    let entry = this.entries.get(full)
    if (!entry) {
      if (this.entries.size >= this.maxEntries) this.entries.clear()
      entry = build().then(compress)
      this.entries.set(full, entry)
      // A failed build must not stay cached.
      entry.catch(() => this.entries.delete(full))
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

function acceptsGzip(req: FastifyRequest) {
  const header = req.headers['accept-encoding']
  if (typeof header !== 'string') return false
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';')
    if (name?.trim().toLowerCase() !== 'gzip') return false
    const q = params.find((p) => p.trim().startsWith('q='))
    return !q || Number(q.trim().slice(2)) > 0
  })
}

type Variant = { status: 200; body: Buffer; headers: Record<string, string> }

/**
 * Sends a cached body: 304 when the client has it, gzip when the client takes it.
 *
 * For a visitor without a session the whole response is known in advance, headers included, so it
 * is written straight to the socket: the platform's onSend hook would only add `baseHeaders`,
 * which the caller takes from the same securityHeaders() the hook uses. This keeps the map page
 * within half the throughput of a bare node:http server (bench/map-page.ts).
 */
export function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  body: CachedBody,
  opts: { cacheControl: string; vary?: string; baseHeaders: Record<string, string> },
) {
  const gzip = acceptsGzip(req)
  const variant = variantOf(body, gzip, opts)
  const etag = variant.headers.etag!
  const match = req.headers['if-none-match']
  const fresh =
    typeof match === 'string' && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)
  if (req.actor) {
    for (const [name, value] of Object.entries(variant.headers)) {
      if (name !== 'content-length' && !(fresh && name === 'content-encoding')) reply.header(name, value)
    }
    return fresh ? reply.code(304).send() : reply.send(variant.body)
  }
  reply.hijack()
  if (fresh) {
    const { 'content-length': _l, 'content-type': _t, 'content-encoding': _e, ...headers } = variant.headers
    reply.raw.writeHead(304, headers)
    reply.raw.end()
  } else {
    reply.raw.writeHead(200, variant.headers)
    reply.raw.end(variant.body)
  }
  return reply
}

const variants = new WeakMap<CachedBody, Map<string, Variant>>()

function variantOf(
  body: CachedBody,
  gzip: boolean,
  opts: { cacheControl: string; vary?: string; baseHeaders: Record<string, string> },
): Variant {
  let list = variants.get(body)
  if (!list) {
    list = new Map()
    variants.set(body, list)
  }
  const key = `${gzip}|${opts.cacheControl}|${opts.vary ?? ''}|${opts.baseHeaders['content-security-policy'] ?? ''}`
  let v = list.get(key)
  if (!v) {
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
    v = { status: 200, body: bytes, headers }
    list.set(key, v)
  }
  return v
}
