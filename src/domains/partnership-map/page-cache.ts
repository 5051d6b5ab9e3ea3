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

/** Sends a cached body: 304 when the client has it, gzip when the client takes it. */
export function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  body: CachedBody,
  opts: { cacheControl: string; vary?: string },
) {
  const gzip = acceptsGzip(req)
  // The encodings are different byte sequences, so they carry different strong validators.
  const etag = `"${body.etag}${gzip ? '-gz' : ''}"`
  reply.header('vary', opts.vary ? `accept-encoding, ${opts.vary}` : 'accept-encoding')
  reply.header('etag', etag)
  reply.header('cache-control', opts.cacheControl)
  for (const [name, value] of Object.entries(body.headers)) reply.header(name, value)
  const match = req.headers['if-none-match']
  if (typeof match === 'string' && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) {
    return reply.code(304).send()
  }
  reply.type(body.type)
  if (gzip) {
    reply.header('content-encoding', 'gzip')
    return reply.send(body.gzip)
  }
  return reply.send(body.raw)
}
