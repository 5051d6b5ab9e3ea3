import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { createTestDatabase } from '../../../test/support/db.js'
import type { Database } from '../db/client.js'
import { queueMail } from '../mail/outbox.js'

const TOKEN = 'metrics-token-metrics-token-0123456789'

describe('Prometheus metrics at /metrics', () => {
  let database: Database
  let withMetrics: TestApp
  let without: TestApp

  beforeAll(async () => {
    database = await createTestDatabase()
    withMetrics = await buildTestApp({ database, env: { METRICS_TOKEN: TOKEN } })
    without = await buildTestApp({ database })
  }, 120_000)
  afterAll(async () => {
    await Promise.all([withMetrics.close(), without.close()])
    await database.close()
  })

  const scrape = (t: TestApp, authorization?: string) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} })

  /** The value of one sample line, e.g. `name{label="x"}`. */
  function sample(text: string, series: string) {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `))
    return line === undefined ? undefined : Number(line.slice(series.length + 1))
  }

  test('without METRICS_TOKEN there is no such page; with it, only the right token opens it', async () => {
    expect((await scrape(without, `Bearer ${TOKEN}`)).statusCode).toBe(404)
    expect((await scrape(withMetrics)).statusCode).toBe(404)
    expect((await scrape(withMetrics, `Bearer ${TOKEN.slice(0, -1)}x`)).statusCode).toBe(404)
    expect((await scrape(withMetrics, `Bearer ${TOKEN}x`)).statusCode).toBe(404)
    expect((await scrape(withMetrics, 'Bearer ')).statusCode).toBe(404)
    expect((await scrape(withMetrics, TOKEN)).statusCode).toBe(404)
    const ok = await scrape(withMetrics, `Bearer ${TOKEN}`)
    expect(ok.statusCode).toBe(200)
    expect(ok.headers['content-type']).toContain('text/plain')
    expect(ok.headers['cache-control']).toBe('no-store')
  })

  test('requests by route pattern, method and status, with their times', async () => {
    for (let i = 0; i < 3; i++) await withMetrics.app.inject({ method: 'GET', url: '/health' })
    await withMetrics.app.inject({ method: 'GET', url: '/no/such/page/kanarie' })
    await withMetrics.app.inject({ method: 'GET', url: '/units/0b6f1d2e-8a3c-4c1e-9d7b-2f5a6c8e9d01' })
    const text = (await scrape(withMetrics, `Bearer ${TOKEN}`)).body
    const health =
      'brueckenschlag_http_request_duration_seconds_count{method="GET",route="/health",status="200"}'
    expect(sample(text, health)).toBe(3)
    expect(
      sample(
        text,
        'brueckenschlag_http_request_duration_seconds_bucket{le="10",method="GET",route="/health",status="200"}',
      ),
    ).toBe(3)
    // A path nobody routes is counted as such, not by its text; an object's id never becomes a label.
    expect(text).toContain('route="unmatched",status="404"')
    expect(text).not.toContain('kanarie')
    expect(text).toContain('route="/units/:id",status="404"')
    expect(text).not.toContain('0b6f1d2e-8a3c')
  })

  test('pages answered by the front cache count under their route, like the answers of the application', async () => {
    await withMetrics.app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = withMetrics.app.server.address() as AddressInfo
    const count = async () =>
      sample(
        (await scrape(withMetrics, `Bearer ${TOKEN}`)).body,
        'brueckenschlag_http_request_duration_seconds_count{method="GET",route="/termine",status="200"}',
      ) ?? 0
    const before = await count()
    // The first visit renders through the application and keeps the page; the next ones come from memory.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/termine`)
      expect(res.status).toBe(200)
      await res.arrayBuffer()
    }
    expect((await count()) - before).toBe(4)
  })

  test('the mail queue and the timed jobs, as the database holds them', async () => {
    const now = withMetrics.clock.now()
    await queueMail(database.db, now, [
      { to: 'a@example.org', subject: 'Eins', text: 'Eins' },
      { to: 'b@example.org', subject: 'Zwei', text: 'Zwei' },
    ])
    await database.db.execute(
      `insert into job_schedule (name, every_ms, next_run_at, last_finished_at, last_error, failures, parked_at)
       values ('metrics.example', 60000, now() - interval '10 minutes', now(), 'boom', 2, null),
              ('metrics.parked', 60000, now() - interval '10 minutes', now(), 'bang', 5, now())`,
    )
    const text = (await scrape(withMetrics, `Bearer ${TOKEN}`)).body
    expect(sample(text, 'brueckenschlag_mail_outbox_messages{status="waiting"}')).toBe(2)
    expect(sample(text, 'brueckenschlag_mail_outbox_messages{status="failed"}')).toBe(0)
    expect(sample(text, 'brueckenschlag_mail_outbox_oldest_waiting_seconds')).toBeGreaterThanOrEqual(0)
    // The parked job is not waiting for a process: it counts as parked, not as overdue.
    expect(sample(text, 'brueckenschlag_jobs_overdue')).toBe(1)
    expect(sample(text, 'brueckenschlag_job_failed{job="metrics.example"}')).toBe(1)
    expect(sample(text, 'brueckenschlag_jobs_parked')).toBe(1)
    expect(sample(text, 'brueckenschlag_job_parked{job="metrics.parked"}')).toBe(1)
    expect(sample(text, 'brueckenschlag_job_parked{job="metrics.example"}')).toBe(0)
    expect(sample(text, 'brueckenschlag_job_consecutive_failures{job="metrics.example"}')).toBe(2)
    expect(text).toContain('brueckenschlag_process_resident_memory_bytes')
    if (database.kind === 'postgres') {
      expect(sample(text, 'brueckenschlag_db_pool_connections{state="total"}')).toBeGreaterThan(0)
    } else {
      expect(text).not.toContain('brueckenschlag_db_pool_connections')
    }
  })
})
