import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { deliverMail } from '../../src/jobs.js'
import type { Database } from '../../src/platform/db/client.js'
import { createMailTransport, type MailTransport } from '../../src/platform/mail/mailer.js'
import { recentMail } from '../../src/platform/mail/outbox.js'
import { createTestDatabase } from './db.js'

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789'

export type QueuedMail = { to: string; subject: string; text: string }

export type TestApp = {
  app: FastifyInstance
  database: Database
  mailer: MailTransport
  clock: TestClock
  /** The mails in the outbox, newest first (what the use cases queued, in their transactions). */
  outbox: () => Promise<QueuedMail[]>
  /** Runs the mail worker once: delivers what is due through `mailer`. */
  deliverMail: () => ReturnType<typeof deliverMail>
  close: () => Promise<void>
}

/** A clock that tests move by hand. */
export class TestClock {
  constructor(public current = new Date('2026-11-21T10:00:00Z')) {}
  now = () => new Date(this.current)
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms)
  }
}

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'never', ...env })
}

/** The whole application on a database of its own; pass `database` to share one between apps. */
export async function buildTestApp(
  opts: { database?: Database; mailer?: MailTransport; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase())
  const mailer = opts.mailer ?? createMailTransport({ from: 'test@example.org' })
  const clock = new TestClock()
  const app = await buildApp(testConfig(opts.env), { database, mailer, secret: TEST_SECRET, now: clock.now })
  await app.ready()
  return {
    app,
    database,
    mailer,
    clock,
    outbox: async () =>
      (await recentMail(database.db, 10_000)).map((m) => ({
        to: m.to,
        subject: m.subject,
        text: m.text ?? '',
      })),
    deliverMail: () => deliverMail(app),
    close: async () => {
      await app.close()
      if (!opts.database) await database.close()
    },
  }
}
