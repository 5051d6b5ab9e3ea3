import type { FastifyInstance, RouteOptions } from 'fastify'
import type { Access } from './access.js'

export type RouteEntry = {
  method: string
  /** The full path with its prefix, as Fastify matches it: '/units/:id/members'. */
  url: string
  access: Access | undefined
  embed: boolean
  rateLimited: boolean
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>()

/**
 * Records every route registered after this call, so the tests can hold each one to its declared
 * access policy. Fastify has no public list of routes with their config; an onRoute hook does.
 */
export function collectRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = []
  tables.set(app, table)
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = ([] as string[]).concat(route.method)
    for (const method of methods) {
      // Fastify adds a HEAD twin to every GET; it shares the GET's handler and policy.
      if (method === 'HEAD' && table.some((r) => r.method === 'GET' && r.url === route.url)) continue
      table.push({
        method,
        url: route.url,
        access: route.config?.access,
        embed: route.config?.embed === true,
        rateLimited: route.config?.rateLimit !== undefined,
      })
    }
  })
}

/** Every route of the application with its method, full path and declared access. */
export function listRoutes(app: FastifyInstance): readonly RouteEntry[] {
  const table = tables.get(app)
  if (!table) throw new Error('The route table is collected by the http platform plugin; register it first.')
  return table
}
