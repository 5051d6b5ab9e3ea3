// Assets: the files of public/ (CSS, scripts, icons), read once at start and served from memory at
// /assets/<file>; a URL carrying the file's content hash (`?v=`, made by `assetUrl`) is cached for a year,
// any other for five minutes. /favicon.ico answers with the SVG icon, for pages that name none.
// Relies on: nothing but the route table and error handler being in place (it declares routes).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export type Asset = { body: Buffer; hash: string; type: string }
export type Assets = ReadonlyMap<string, Asset>

const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/** The files of a folder the platform serves, each with its content type and a short hash of its bytes. */
export function loadAssets(dir: string): Assets {
  const assets = new Map<string, Asset>()
  for (const name of readdirSync(dir)) {
    const type = contentTypes[extname(name)]
    if (!type) continue
    const body = readFileSync(join(dir, name))
    assets.set(name, { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 10) })
  }
  return assets
}

/** The URL of an asset with its content hash, so a changed file is a new URL. */
export function assetUrlOf(assets: Assets) {
  return (file: string) => `/assets/${file}?v=${assets.get(file)?.hash ?? '0'}`
}

async function assetRoutes(app: FastifyInstance, opts: { assets: Assets }) {
  const { assets } = opts
  app.get('/assets/:file', { config: { access: 'public' } }, async (req, reply) => {
    const { file } = req.params as { file: string }
    const asset = assets.get(file)
    if (!asset) return reply.callNotFound()
    const versioned = (req.query as { v?: string }).v === asset.hash
    reply.header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
    return reply.type(asset.type).send(asset.body)
  })

  // Browsers ask for /favicon.ico on pages that name no icon (print and embed pages).
  app.get('/favicon.ico', { config: { access: 'public' } }, async (_req, reply) => {
    const icon = assets.get('favicon.svg')
    if (!icon) return reply.callNotFound()
    reply.header('cache-control', 'public, max-age=86400')
    return reply.type(icon.type).send(icon.body)
  })
}

export const assetsPlugin = fp(assetRoutes, { name: 'http-assets' })
