import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { buildFederation, buildUser, type Session, sessionFor } from '../../../test/support/factories.js'
import { startTestSmtp, type TestSmtp } from '../../../test/support/smtp.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { claimDueJobs, registerJobs, runClaimed, type TimedJob } from '../../platform/jobs/schedule.js'
import { jobSchedule } from '../../platform/jobs/tables.js'
import { createMailTransport } from '../../platform/mail/mailer.js'
import { queueMail } from '../../platform/mail/outbox.js'
import { mailOutbox } from '../../platform/mail/tables.js'

let t: TestApp
let smtp: TestSmtp
let admin: Session
let member: Session
beforeAll(async () => {
  smtp = await startTestSmtp()
  t = await buildTestApp({ mailer: createMailTransport({ smtpUrl: smtp.url, from: 'noreply@example.org' }) })
  const federal = await buildFederation(t.database.db)
  admin = await sessionFor(t.database.db, await buildUser(t.database.db, { roles: [['admin', federal]] }))
  member = await sessionFor(t.database.db, await buildUser(t.database.db))
})
afterAll(async () => {
  await t.close()
  await smtp.close()
})

const retry = (id: number, who: Session) =>
  t.app.inject({
    method: 'POST',
    url: `/admin/mail/${id}/retry`,
    payload: new URLSearchParams({ _csrf: who.csrf }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
  })

describe('the admin mail queue', () => {
  test('shows a failed mail with the server’s answer, but not its text; "retry now" sends it', async () => {
    const to = 'bounced@example.org'
    await queueMail(t.database.db, t.clock.now(), [{ to, subject: 'Dein Anmeldelink', text: 'geheim-123' }])
    smtp.refuse(550)
    await t.deliverMail()
    smtp.refuse(undefined)
    const [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to))

    const page = await t.app.inject({ url: '/admin/mail', headers: admin.headers })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(to)
    expect(page.body).toContain('550')
    expect(page.body).toContain('gescheitert')
    expect(page.body).not.toContain('geheim-123')

    expect((await t.app.inject({ url: '/admin/mail', headers: member.headers })).statusCode).toBe(403)
    expect((await retry(row!.id, member)).statusCode).toBe(403)

    const done = await retry(row!.id, admin)
    expect(done.statusCode).toBe(303)
    await t.deliverMail()
    expect(smtp.mailsTo(to)).toHaveLength(1)
    expect((await retry(row!.id, admin)).statusCode).toBe(404)
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'mail.retried'))
    expect(audit.map((a) => a.objectId)).toEqual([String(row!.id)])
  })
})

describe('the timed jobs on the same page', () => {
  const resume = (name: string, who: Session) =>
    t.app.inject({
      method: 'POST',
      url: `/admin/jobs/${name}/resume`,
      payload: new URLSearchParams({ _csrf: who.csrf }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
    })

  test('a parked job shows with its error; "resume" is audited and makes it due in one process', async () => {
    const db = t.database.db
    let broken = true
    const failing: TimedJob = {
      name: 'test.reminders',
      everyMs: 15 * 60_000,
      run: async () => {
        if (broken) throw new Error('Verbindung zur Datenbank abgerissen')
      },
    }
    const healthy: TimedJob = { name: 'test.healthy', everyMs: 15 * 60_000, run: async () => {} }
    // The schedule's own clock, so the admin's session does not age with it; "resume" makes a job due at the
    // app's now, which lies before it.
    let now = t.clock.now()
    await registerJobs(db, [failing, healthy], now)
    const runDue = async () =>
      runClaimed(
        db,
        [failing, healthy],
        await claimDueJobs(db, [failing.name, healthy.name], now),
        () => now,
        t.app.log,
        t.app.config.jobs.maxFailures,
      )
    for (let i = 0; i < t.app.config.jobs.maxFailures; i++) {
      await runDue()
      now = new Date(now.getTime() + 15 * 60_000)
    }

    const page = await t.app.inject({ url: '/admin/mail', headers: admin.headers })
    expect(page.statusCode).toBe(200)
    const row = /<tr data-job="test.reminders">[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? ''
    expect(row).toContain('angehalten seit')
    expect(row).toContain('nach 5 Fehlschlägen in Folge')
    expect(row).toContain('Verbindung zur Datenbank abgerissen')
    expect(row).toContain('action="/admin/jobs/test.reminders/resume"')
    expect(row).toContain('Fortsetzen')
    const healthyRow = /<tr data-job="test.healthy">[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? ''
    expect(healthyRow).toContain('läuft')
    expect(healthyRow).not.toContain('/resume')
    expect(page.body).toContain('Angehaltene Aufgaben: 1')
    // Parked: the schedule does not take it, however much time passes.
    expect(await runDue()).toEqual([{ name: 'test.healthy', ok: true, parked: false }])

    expect((await resume('test.reminders', member)).statusCode).toBe(403)
    // A job that did not fail, one that does not exist, a name that is no name: nothing to resume.
    expect((await resume('test.healthy', admin)).statusCode).toBe(404)
    expect((await resume('test.nothing', admin)).statusCode).toBe(404)
    expect((await resume('..%2Fetc', admin)).statusCode).toBe(404)

    broken = false
    const done = await resume('test.reminders', admin)
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe('/admin/mail')
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'job.resumed'))
    expect(audit).toMatchObject({
      objectType: 'job',
      objectId: 'test.reminders',
      data: { parked: true, failures: 5 },
    })
    expect(JSON.stringify(audit!.data)).not.toContain('Verbindung')
    expect(await runDue()).toEqual([{ name: 'test.reminders', ok: true, parked: false }])
    const [after] = await db.select().from(jobSchedule).where(eq(jobSchedule.name, 'test.reminders'))
    expect(after).toMatchObject({ failures: 0, parkedAt: null, lastError: null })
    const again = await t.app.inject({ url: '/admin/mail', headers: admin.headers })
    expect(again.body).not.toContain('Angehaltene Aufgaben')
  })
})
