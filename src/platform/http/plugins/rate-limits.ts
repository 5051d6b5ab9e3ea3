// Request limits: @fastify/rate-limit, counted in the database (limit_counters, limits/rate-store.ts), so they
// hold across processes. No route is limited unless it says so (`config.rateLimit`, or `app.rateLimit()` as a
// handler's preHandler). A limit is checked in the route's own preHandler, after the CSRF check and the access
// gate, so a refused request counts nothing.
// Relies on: nothing; registered before the route table, whose onRoute hook then sees a route's limit.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Db } from '../../db/types.js'
import { databaseRateStore } from '../../limits/rate-store.js'

async function rateLimits(app: FastifyInstance, opts: { database: Db }) {
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    store: databaseRateStore(opts.database),
  })
}

export const rateLimitsPlugin = fp(rateLimits, { name: 'http-rate-limits' })
