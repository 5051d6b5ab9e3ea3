import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { Database } from '../db/client.js'
import { queryRows } from '../db/query.js'
import type { FrontCache } from '../http/front-cache.js'

export type MetricsOptions = {
  /** The token a scrape must carry; without one there is no /metrics at all. */
  token: string | undefined
  database: Database
  /** The cache that answers public pages before the framework sees them; its answers are counted too. */
  frontCache?: FrontCache
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Whether the request carries the token (`Authorization: Bearer <token>`), compared in constant time. */
export function carriesToken(req: FastifyRequest, token: string) {
  const header = req.headers.authorization ?? ''
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
  // Digests of equal length, so neither the length nor the first differing byte shows in the time taken.
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0
}

/**
 * Prometheus metrics at GET /metrics, for a scraper that carries METRICS_TOKEN; without the setting, or
 * without the right token, the path answers 404 like any unknown one. Each process counts its own
 * requests (scrape every process); the queues are read from the database at each scrape, so every
 * process reports the same depths.
 */
async function metrics(app: FastifyInstance, opts: MetricsOptions) {
  const { token, database, frontCache } = opts
  if (!token) return
  const register = new Registry()
  collectDefaultMetrics({ register, prefix: 'brueckenschlag_' })

  const requests = new Histogram({
    name: 'brueckenschlag_http_request_duration_seconds',
    help: 'Time from the request to the answer, by route (its pattern, not the path), method and status; _count counts the requests.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  })
  app.addHook('onResponse', async (req, reply) => {
    requests.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
  })
  // The public pages answered in front of the framework (the front cache) count under the same route patterns.
  frontCache?.observe(({ route, status, seconds }) =>
    requests.observe({ method: 'GET', route, status: String(status) }, seconds),
  )

  new Gauge({
    name: 'brueckenschlag_mail_outbox_messages',
    help: 'Mails in the outbox by status: waiting (due or in backoff), sending, sent (kept a week), failed (permanent refusal or 48 hours of temporary ones).',
    labelNames: ['status'] as const,
    registers: [register],
    async collect() {
      const rows = await queryRows<{ status: string; n: number }>(
        database.db,
        'select status, count(*)::int as n from mail_outbox group by status',
      )
      this.reset()
      for (const status of ['waiting', 'sending', 'sent', 'failed']) {
        this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0))
      }
    },
  })
  new Gauge({
    name: 'brueckenschlag_mail_outbox_oldest_waiting_seconds',
    help: 'Age of the oldest mail not yet delivered (0 when none waits).',
    registers: [register],
    async collect() {
      const [row] = await queryRows<{ age: number | null }>(
        database.db,
        `select extract(epoch from now() - min(created_at))::float8 as age from mail_outbox where status in ('waiting', 'sending')`,
      )
      this.set(Number(row?.age ?? 0))
    },
  })
  new Gauge({
    name: 'brueckenschlag_jobs_overdue',
    help: 'Timed jobs whose run is due for more than a minute and not yet taken by any process (the job queue depth); parked jobs are counted in brueckenschlag_jobs_parked instead.',
    registers: [register],
    async collect() {
      const [row] = await queryRows<{ n: number }>(
        database.db,
        `select count(*)::int as n from job_schedule where next_run_at < now() - interval '1 minute' and parked_at is null`,
      )
      this.set(Number(row?.n ?? 0))
    },
  })
  new Gauge({
    name: 'brueckenschlag_job_failed',
    help: 'Whether the last run of a timed job failed (1) or succeeded (0); the error is on /admin/mail and in the log.',
    labelNames: ['job'] as const,
    registers: [register],
    async collect() {
      const rows = await queryRows<{ name: string; failed: boolean }>(
        database.db,
        'select name, last_error is not null as failed from job_schedule',
      )
      this.reset()
      for (const r of rows) this.set({ job: r.name }, r.failed ? 1 : 0)
    },
  })
  new Gauge({
    name: 'brueckenschlag_jobs_parked',
    help: 'Timed jobs parked after failing JOB_MAX_FAILURES runs in a row: no process runs them until an admin resumes them on /admin/mail.',
    registers: [register],
    async collect() {
      const [row] = await queryRows<{ n: number }>(
        database.db,
        'select count(*)::int as n from job_schedule where parked_at is not null',
      )
      this.set(Number(row?.n ?? 0))
    },
  })
  new Gauge({
    name: 'brueckenschlag_job_parked',
    help: 'Whether a timed job is parked (1) or runs on its schedule (0).',
    labelNames: ['job'] as const,
    registers: [register],
    async collect() {
      const rows = await queryRows<{ name: string; parked: boolean }>(
        database.db,
        'select name, parked_at is not null as parked from job_schedule',
      )
      this.reset()
      for (const r of rows) this.set({ job: r.name }, r.parked ? 1 : 0)
    },
  })
  new Gauge({
    name: 'brueckenschlag_job_consecutive_failures',
    help: 'Runs of a timed job that failed in a row since its last success.',
    labelNames: ['job'] as const,
    registers: [register],
    async collect() {
      const rows = await queryRows<{ name: string; failures: number }>(
        database.db,
        'select name, failures from job_schedule',
      )
      this.reset()
      for (const r of rows) this.set({ job: r.name }, Number(r.failures))
    },
  })
  new Gauge({
    name: 'brueckenschlag_job_last_finished_timestamp_seconds',
    help: 'When a timed job last finished, in any process (Unix time).',
    labelNames: ['job'] as const,
    registers: [register],
    async collect() {
      const rows = await queryRows<{ name: string; at: number | null }>(
        database.db,
        'select name, extract(epoch from last_finished_at)::float8 as at from job_schedule',
      )
      this.reset()
      for (const r of rows) if (r.at !== null) this.set({ job: r.name }, Number(r.at))
    },
  })
  const { poolStats } = database
  if (poolStats) {
    new Gauge({
      name: 'brueckenschlag_db_pool_connections',
      help: "This process's PostgreSQL connections: open (total), idle, and queries waiting for one (waiting).",
      labelNames: ['state'] as const,
      registers: [register],
      collect() {
        const s = poolStats()
        this.set({ state: 'total' }, s.total)
        this.set({ state: 'idle' }, s.idle)
        this.set({ state: 'waiting' }, s.waiting)
      },
    })
  }

  app.get('/metrics', { config: { access: 'public' } }, async (req, reply) => {
    if (!carriesToken(req, token)) return reply.callNotFound()
    reply.header('cache-control', 'no-store')
    return reply.type(register.contentType).send(await register.metrics())
  })
}

export const metricsPlugin = fp(metrics, { name: 'metrics' })
