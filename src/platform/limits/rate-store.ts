import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit'
import type { RouteOptions } from 'fastify'
import type { DbOrTx } from '../db/types.js'
import { countInWindow } from './limits.js'

type RouteInfo = Partial<Pick<RouteOptions, 'method' | 'url'>>

/**
 * A store for @fastify/rate-limit that counts in `limit_counters`, so a limit holds across every
 * process serving the same database: N processes behind a proxy allow what one would. Each route
 * counts apart (`rate:<method> <path>:<address>`), as the plugin's own store does; the address is
 * Fastify's `req.ip`, which follows TRUST_PROXY. Windows run on the wall clock, like the plugin's.
 */
export function databaseRateStore(db: DbOrTx, now: () => number = Date.now) {
  class DatabaseRateStore implements FastifyRateLimitStore {
    constructor(
      _options?: FastifyRateLimitOptions,
      private readonly scope = 'unrouted',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      const at = now()
      countInWindow(db, `rate:${this.scope}:${key}`, timeWindow, new Date(at)).then(
        ({ count, windowStart }) =>
          callback(null, { current: count, ttl: Math.max(0, windowStart.getTime() + timeWindow - at) }),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      )
    }

    // The plugin passes the route's merged limit options, which carry the route as `routeInfo`
    // (its typings name the route options themselves).
    child(options: object) {
      const info = (options as { routeInfo?: RouteInfo }).routeInfo
      const method = [info?.method ?? ''].flat().join(',')
      const scope = info?.url ? `${method} ${info.url}` : this.scope
      return new DatabaseRateStore(undefined, scope)
    }
  }
  return DatabaseRateStore
}
