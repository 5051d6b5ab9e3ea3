import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { startTestSmtp, type TestSmtp } from '../../../test/support/smtp.js'
import { createMailTransport } from './mailer.js'
import { mailQueueOverview, queueMail, RETRY_FOR_MS, retryMailNow } from './outbox.js'
import { mailOutbox } from './tables.js'

let t: TestApp
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startTestSmtp()
  t = await buildTestApp({
    mailer: createMailTransport({ smtpUrl: smtp.url, from: 'Brückenschlag <noreply@example.org>' }),
  })
})
afterAll(async () => {
  await t.close()
  await smtp.close()
})
beforeEach(() => smtp.refuse(undefined))

const db = () => t.database.db
let run = 0
const mail = (to: string, n: number) => ({ to, subject: `Nachricht ${n}`, text: `Text ${n}` })

async function statusOf(to: string) {
  return db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).orderBy(mailOutbox.id)
}

describe('the mail outbox and its worker', () => {
  test('every mail arrives exactly once, in order per recipient, though the server refuses with 4xx for hours', async () => {
    const tag = `r${++run}`
    const people = Array.from({ length: 5 }, (_, i) => `${tag}-p${i}@example.org`)
    await db().transaction(async (tx) => {
      for (let n = 0; n < 4; n++)
        await queueMail(
          tx,
          t.clock.now(),
          people.map((p) => mail(p, n)),
        )
    })
    smtp.refuse(451)
    let first = await t.deliverMail()
    expect(first.sent).toBe(0)
    expect(first.retrying).toBeGreaterThan(0)
    // Twenty hours of refusals, the worker running every hour.
    for (let hours = 0; hours < 20; hours++) {
      t.clock.advance(60 * 60_000)
      first = await t.deliverMail()
      expect(first.sent).toBe(0)
    }
    expect(people.flatMap((p) => smtp.mailsTo(p))).toHaveLength(0)
    const waiting = await statusOf(people[0]!)
    expect(waiting.every((m) => m.status === 'waiting')).toBe(true)
    expect(waiting[0]!.lastError).toContain('451')

    smtp.refuse(undefined)
    for (let i = 0; i < 20; i++) {
      t.clock.advance(60 * 60_000)
      await t.deliverMail()
    }
    for (const p of people) {
      const got = smtp.mailsTo(p)
      expect(got.map((m) => m.subject)).toEqual(['Nachricht 0', 'Nachricht 1', 'Nachricht 2', 'Nachricht 3'])
      expect(new Set(got.map((m) => m.messageId)).size).toBe(4)
    }
    // Delivered over SMTP: the outbox keeps no copy of the text.
    const sent = await statusOf(people[0]!)
    expect(sent.every((m) => m.status === 'sent' && m.body === null)).toBe(true)
    await t.deliverMail()
    expect(people.flatMap((p) => smtp.mailsTo(p))).toHaveLength(20)
  })

  test('a permanent refusal is recorded with the reason and not retried until an admin says so', async () => {
    const to = `r${++run}-gone@example.org`
    await queueMail(db(), t.clock.now(), [mail(to, 1)])
    smtp.refuse(550)
    expect(await t.deliverMail()).toMatchObject({ failed: 1 })
    const [failed] = await statusOf(to)
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 })
    expect(failed!.lastError).toContain('550')
    const overview = await mailQueueOverview(db())
    expect(overview.open.find((m) => m.id === failed!.id)?.lastError).toContain('550')

    smtp.refuse(undefined)
    t.clock.advance(24 * 3600_000)
    await t.deliverMail()
    expect(smtp.mailsTo(to)).toHaveLength(0)
    expect(await retryMailNow(db(), failed!.id, t.clock.now())).toBe(true)
    await t.deliverMail()
    expect(smtp.mailsTo(to)).toHaveLength(1)
    expect(await retryMailNow(db(), failed!.id, t.clock.now())).toBe(false)
  })

  test('temporary refusals end as failed once the mail is two days old', async () => {
    const to = `r${++run}-full@example.org`
    await queueMail(db(), t.clock.now(), [mail(to, 1)])
    smtp.refuse(452)
    for (let h = 0; h <= RETRY_FOR_MS / 3600_000; h++) {
      await t.deliverMail()
      t.clock.advance(3600_000)
    }
    await t.deliverMail()
    const [row] = await statusOf(to)
    expect(row).toMatchObject({ status: 'failed' })
    expect(row!.attempts).toBeGreaterThan(24)
  })

  test('queueing a mail under a key twice writes it once; a rolled-back transaction queues nothing', async () => {
    const to = `r${++run}-once@example.org`
    for (let i = 0; i < 2; i++)
      await queueMail(db(), t.clock.now(), [{ ...mail(to, 1), key: `reminder:${to}` }])
    await db()
      .transaction(async (tx) => {
        await queueMail(tx, t.clock.now(), [mail(to, 2)])
        throw new Error('the change failed')
      })
      .catch(() => {})
    await t.deliverMail()
    expect(smtp.mailsTo(to).map((m) => m.subject)).toEqual(['Nachricht 1'])
  })

  test('two workers at once deliver each mail once', async () => {
    const other = await buildTestApp({ database: t.database, mailer: t.mailer })
    try {
      other.clock.current = t.clock.current
      const tag = `r${++run}`
      const mails = Array.from({ length: 30 }, (_, i) => mail(`${tag}-${i}@example.org`, i))
      await queueMail(db(), t.clock.now(), mails)
      const [a, b] = await Promise.all([t.deliverMail(), other.deliverMail()])
      expect(a.sent + b.sent).toBe(30)
      for (const m of mails) expect(smtp.mailsTo(m.to)).toHaveLength(1)
    } finally {
      await other.close()
    }
  })
})
